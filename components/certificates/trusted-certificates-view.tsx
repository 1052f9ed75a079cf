"use client";
import { useQuery } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { useState } from "react";
import { trustedCertificateListQuery, trustedCertificatePemUrl } from "@/lib/queries/trusted-certificates";
import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/panel";
import { Td } from "../ui/table";
import { QueryState, ReadOnlyNotice, useSearch, useSorted, type Column } from "../ui/table-tools";
import { CertificateBadges, TrustBadges } from "./certificate-badges";
import {
  CertificateNameCells,
  certificateSortValue,
  CertificateTable,
  CertificateToolbar,
  IssuedCells,
  ValidityCells,
  type CertificateSortKey,
} from "./certificate-list";
import { DeleteCertificateDialog } from "./delete-certificate-dialog";
import { ImportCertificateDialog } from "./import-certificate-dialog";

type SortKey = CertificateSortKey | "serial" | "status";

const sortValue = (row: TrustedCertificateJson, key: SortKey): string | number =>
  key === "serial" ? row.serialNumber : key === "status" ? row.status : certificateSortValue(row, key);

const columns: Column<SortKey>[] = [
  { label: "Friendly Name", sortKey: "friendlyName" },
  { label: "Status", sortKey: "status" },
  { label: "Trusted For" },
  { label: "Issued To", sortKey: "subject" },
  { label: "Issued By", sortKey: "issuer" },
  { label: "Valid From", sortKey: "notBefore" },
  { label: "Expiration Date", sortKey: "notAfter" },
  { label: "Serial Number", sortKey: "serial" },
  { label: "Used By" },
];

export function TrustedCertificatesView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(trustedCertificateListQuery());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<TrustedCertificateJson | null>(null);
  const { search, setSearch, filtered } = useSearch(list.data, (row) => [
    row.friendlyName,
    row.subject,
    row.issuer,
    row.serialNumber,
    row.fingerprintSha256,
    row.fingerprintSha1,
    row.description,
  ]);
  const { sorted, sort, toggle } = useSorted<TrustedCertificateJson, SortKey>(
    filtered,
    { key: "friendlyName", dir: "asc" },
    sortValue,
  );
  const selected = list.data?.find((row) => row.id === selectedId) ?? null;

  return (
    <>
      <PageHeader
        title="Trusted Certificates"
        description="Certificates Gatehouse trusts: MDM/UEM servers' HTTPS chains are verified against exactly the ones trusted for MDM/servers; EAP-TLS client certificates against the ones trusted for client authentication."
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Your role (Read Only) can view and export trusted certificates; importing, editing and deleting are refused.
        </ReadOnlyNotice>
      )}
      <CertificateToolbar
        selected={selected}
        onRefresh={() => void list.refetch()}
        exportTitle={(certificate) => `Export ${certificate.friendlyName} as PEM`}
        onExport={(certificate) => window.location.assign(trustedCertificatePemUrl(certificate.id))}
        // A read-only admin may try: the server refuses, and the dialog says so.
        canDelete
        onDelete={setDeleting}
        search={search}
        onSearch={setSearch}
        searchLabel="Search trusted certificates"
      >
        <Button variant="primary" onClick={() => setImporting(true)}>
          <FileUp size={14} aria-hidden /> Import
        </Button>
      </CertificateToolbar>
      <QueryState query={list} what="trusted certificates" />
      {list.data && list.data.length === 0 && (
        <EmptyState
          title="No trusted certificates"
          action={
            <Button variant="primary" onClick={() => setImporting(true)}>
              <FileUp size={14} aria-hidden /> Import a certificate
            </Button>
          }
        >
          Import the CA certificate that issued your MDM server&apos;s HTTPS certificate: Gatehouse, like ISE, keeps no list of
          public root CAs, so Test Connection fails with a certificate error until the issuing CA is trusted here.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <CertificateTable
          label="Trusted certificates"
          noun="trusted certificate"
          columns={columns}
          sort={sort}
          onSort={toggle}
          search={search}
          shown={sorted.length}
          total={list.data.length}
        >
          {sorted.map((row) => (
            <tr key={row.id} className={row.id === selectedId ? "bg-accent/5" : undefined}>
              <CertificateNameCells
                row={row}
                group="selected-certificate"
                isSelected={row.id === selectedId}
                onSelect={() => setSelectedId(row.id)}
                href={`/administration/certificates/trusted/${row.id}`}
              />
              <Td>
                <CertificateBadges certificate={row} />
              </Td>
              <Td>
                <TrustBadges certificate={row} />
              </Td>
              <IssuedCells row={row} />
              <ValidityCells row={row} />
              <Td className="max-w-40 truncate font-mono text-[12px]" title={row.serialNumber}>
                {row.serialNumber}
              </Td>
              <Td>{row.usedBy.length ? row.usedBy.map((s) => s.name).join(", ") : <span className="text-muted">—</span>}</Td>
            </tr>
          ))}
        </CertificateTable>
      )}
      <ImportCertificateDialog open={importing} onOpenChange={setImporting} />
      <DeleteCertificateDialog certificate={deleting} onClose={() => setDeleting(null)} onDeleted={() => setSelectedId(null)} />
    </>
  );
}
