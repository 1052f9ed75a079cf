"use client";
// The parts of the trusted and the system certificate lists that are the same: the toolbar's Refresh, Export
// and Delete around each list's own actions, the table with its select column and count, and the columns
// every certificate has.
import { Download, Trash2 } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { CertificateJson } from "@/lib/validation/certificate";
import { Button } from "../ui/button";
import { Table, Td, Th } from "../ui/table";
import { formatDay, NoMatchRow, RefreshButton, SearchBox, SortHead, type Column, type SortState } from "../ui/table-tools";

export type CertificateSortKey = "friendlyName" | "subject" | "issuer" | "notBefore" | "notAfter";

export function certificateSortValue(row: CertificateJson, key: CertificateSortKey): string | number {
  switch (key) {
    case "friendlyName":
      return row.friendlyName.toLowerCase();
    case "subject":
      return (row.subjectCommonName ?? row.subject).toLowerCase();
    case "issuer":
      return (row.issuerCommonName ?? row.issuer).toLowerCase();
    case "notBefore":
      return new Date(row.notBefore).getTime();
    case "notAfter":
      return new Date(row.notAfter).getTime();
  }
}

/** Refresh, the list's own actions, then Export and Delete of the selected certificate; the search on the right. */
export function CertificateToolbar<T extends CertificateJson>({
  selected,
  onRefresh,
  children,
  exportTitle,
  onExport,
  canDelete,
  onDelete,
  search,
  onSearch,
  searchLabel,
}: {
  selected: T | null;
  onRefresh: () => void;
  children: ReactNode;
  exportTitle: (certificate: T) => string;
  onExport: (certificate: T) => void;
  /** False: the button stays disabled even with a certificate selected. */
  canDelete: boolean;
  onDelete: (certificate: T) => void;
  search: string;
  onSearch: (value: string) => void;
  searchLabel: string;
}) {
  const selectFirst = selected ? undefined : "Select a certificate first";
  return (
    <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
      <div className="flex flex-wrap gap-2">
        <RefreshButton onClick={onRefresh} />
        {children}
        <Button
          disabled={!selected}
          title={selected ? exportTitle(selected) : selectFirst}
          onClick={() => selected && onExport(selected)}
        >
          <Download size={14} aria-hidden /> Export
        </Button>
        <Button disabled={!canDelete || !selected} title={selectFirst} onClick={() => selected && onDelete(selected)}>
          <Trash2 size={14} aria-hidden /> Delete
        </Button>
      </div>
      <SearchBox value={search} onChange={onSearch} label={searchLabel} />
    </div>
  );
}

/** The table (a radio column first to select a row), a row when the search matches nothing, and the count. */
export function CertificateTable<K extends string>({
  label,
  noun,
  columns,
  sort,
  onSort,
  search,
  shown,
  total,
  children,
}: {
  label: string;
  /** What one row is, for "No … matches". */
  noun: string;
  columns: Column<K>[];
  sort: SortState<K>;
  onSort: (key: K) => void;
  search: string;
  shown: number;
  total: number;
  children: ReactNode;
}) {
  const term = search.trim();
  return (
    <>
      <Table label={label}>
        <SortHead
          columns={columns}
          sort={sort}
          onSort={onSort}
          before={
            <Th className="w-8">
              <span className="sr-only">Select</span>
            </Th>
          }
        />
        <tbody>
          {shown === 0 && <NoMatchRow colSpan={columns.length + 1} noun={noun} search={search} />}
          {children}
        </tbody>
      </Table>
      <p className="mt-1 text-[12px] text-muted">
        {shown} of {total} certificates{term ? ` matching "${term}"` : ""}
      </p>
    </>
  );
}

/** The select radio and the friendly name linking to the certificate's page. */
export function CertificateNameCells({
  row,
  group,
  isSelected,
  onSelect,
  href,
}: {
  row: CertificateJson;
  group: string;
  isSelected: boolean;
  onSelect: () => void;
  href: string;
}) {
  return (
    <>
      <Td>
        <input type="radio" name={group} aria-label={`Select ${row.friendlyName}`} checked={isSelected} onChange={onSelect} />
      </Td>
      <Td className="font-semibold">
        <Link className="text-accent hover:underline" href={href}>
          {row.friendlyName}
        </Link>
      </Td>
    </>
  );
}

/** Issued To and Issued By: the common names, the full names on hover. */
export function IssuedCells({ row }: { row: CertificateJson }) {
  return (
    <>
      <Td title={row.subject}>{row.subjectCommonName ?? row.subject}</Td>
      <Td title={row.issuer}>{row.issuerCommonName ?? row.issuer}</Td>
    </>
  );
}

/** Valid From and Expiration Date, as days. */
export function ValidityCells({ row }: { row: CertificateJson }) {
  return (
    <>
      <Td className="whitespace-nowrap">{formatDay(row.notBefore)}</Td>
      <Td className="whitespace-nowrap">{formatDay(row.notAfter)}</Td>
    </>
  );
}
