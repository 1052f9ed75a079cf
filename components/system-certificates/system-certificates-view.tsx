"use client";
import { useQuery } from "@tanstack/react-query";
import { Download, FileUp, KeyRound, RefreshCw, ShieldCheck, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { systemCertificateListQuery, systemCertificatePemUrl } from "@/lib/queries/system-certificates";
import type { SystemCertificateJson } from "@/lib/validation/system-certificates";
import { CertificateBadges } from "../certificates/certificate-badges";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { formatDay, QueryState, ReadOnlyNotice, SearchBox, SortTh, useSearch, useSorted } from "../ui/table-tools";
import { DeleteSystemCertificateDialog, UseForEapDialog } from "./system-certificate-actions";
import { GenerateSelfSignedDialog } from "./generate-self-signed-dialog";
import { ImportSystemCertificateDialog } from "./import-system-certificate-dialog";
import { UsageBadges } from "./usage-badges";

type SortKey = "friendlyName" | "usage" | "subject" | "issuer" | "keyAlgorithm" | "notBefore" | "notAfter";

const sortValue = (row: SystemCertificateJson, key: SortKey): string | number => {
  switch (key) {
    case "friendlyName":
      return row.friendlyName.toLowerCase();
    case "usage":
      return row.usedForEap ? 0 : 1;
    case "subject":
      return (row.subjectCommonName ?? row.subject).toLowerCase();
    case "issuer":
      return (row.issuerCommonName ?? row.issuer).toLowerCase();
    case "keyAlgorithm":
      return row.keyAlgorithm;
    case "notBefore":
      return new Date(row.notBefore).getTime();
    case "notAfter":
      return new Date(row.notAfter).getTime();
  }
};

export function SystemCertificatesView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(systemCertificateListQuery());
  const { search, setSearch, filtered } = useSearch(list.data, (row) => [
    row.friendlyName,
    row.subject,
    row.issuer,
    row.serialNumber,
    row.fingerprintSha256,
    row.keyAlgorithm,
    ...row.subjectAltNames.map((san) => san.value),
  ]);
  const { sorted, sort, toggle } = useSorted<SystemCertificateJson, SortKey>(
    filtered,
    { key: "friendlyName", dir: "asc" },
    sortValue,
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [generating, setGenerating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [choosing, setChoosing] = useState<SystemCertificateJson | null>(null);
  const [deleting, setDeleting] = useState<SystemCertificateJson | null>(null);
  const selected = list.data?.find((row) => row.id === selectedId) ?? null;
  const selectFirst = selected ? undefined : "Select a certificate first";

  return (
    <>
      <PageHeader
        title="System Certificates"
        description="Certificates Gatehouse presents. The one used for EAP Authentication is the server certificate every EAP-TLS supplicant verifies: give supplicants its issuing CA (or, self-signed, the certificate itself) as their trusted CA."
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Only a Super Admin can generate, import, delete or change the use of system certificates; you can view and export them.
        </ReadOnlyNotice>
      )}
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void list.refetch()}>
            <RefreshCw size={14} aria-hidden /> Refresh
          </Button>
          <Button variant="primary" disabled={!canWrite} onClick={() => setGenerating(true)}>
            <KeyRound size={14} aria-hidden /> Generate Self-Signed Certificate
          </Button>
          <Button disabled={!canWrite} onClick={() => setImporting(true)}>
            <FileUp size={14} aria-hidden /> Import
          </Button>
          <Button
            disabled={!canWrite || !selected || selected.usedForEap}
            title={selectFirst ?? (selected?.usedForEap ? "Already the EAP server certificate" : undefined)}
            onClick={() => setChoosing(selected)}
          >
            <ShieldCheck size={14} aria-hidden /> Use for EAP
          </Button>
          <Button
            disabled={!selected}
            title={selectFirst ?? `Export ${selected?.friendlyName} (certificate chain, PEM)`}
            onClick={() => selected && window.location.assign(systemCertificatePemUrl(selected.id))}
          >
            <Download size={14} aria-hidden /> Export
          </Button>
          <Button disabled={!canWrite || !selected} title={selectFirst} onClick={() => setDeleting(selected)}>
            <Trash2 size={14} aria-hidden /> Delete
          </Button>
        </div>
        <SearchBox value={search} onChange={setSearch} label="Search system certificates" />
      </div>
      <QueryState query={list} what="system certificates" />
      {list.data && list.data.length === 0 && (
        <EmptyState title="No system certificates">
          The engine generates a self-signed EAP server certificate when it first starts. Generate one here, or import the
          certificate your CA issued for the RADIUS server.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <>
          <Table label="System certificates">
            <thead>
              <tr>
                <Th className="w-8">
                  <span className="sr-only">Select</span>
                </Th>
                <SortTh label="Friendly Name" sortKey="friendlyName" sort={sort} onSort={toggle} />
                <SortTh label="Used By" sortKey="usage" sort={sort} onSort={toggle} />
                <Th>Status</Th>
                <SortTh label="Issued To" sortKey="subject" sort={sort} onSort={toggle} />
                <SortTh label="Issued By" sortKey="issuer" sort={sort} onSort={toggle} />
                <SortTh label="Key" sortKey="keyAlgorithm" sort={sort} onSort={toggle} />
                <SortTh label="Valid From" sortKey="notBefore" sort={sort} onSort={toggle} />
                <SortTh label="Expiration Date" sortKey="notAfter" sort={sort} onSort={toggle} />
                <Th>SHA-256 Fingerprint</Th>
              </tr>
            </thead>
            <tbody>
              {sorted.length === 0 && (
                <tr>
                  <Td colSpan={10} className="py-4 text-center text-muted">
                    No system certificate matches “{search.trim()}”.
                  </Td>
                </tr>
              )}
              {sorted.map((row) => (
                <tr key={row.id} className={row.id === selectedId ? "bg-accent/5" : undefined}>
                  <Td>
                    <input
                      type="radio"
                      name="selected-system-certificate"
                      aria-label={`Select ${row.friendlyName}`}
                      checked={row.id === selectedId}
                      onChange={() => setSelectedId(row.id)}
                    />
                  </Td>
                  <Td className="font-semibold">
                    <Link className="text-accent hover:underline" href={`/administration/certificates/system/${row.id}`}>
                      {row.friendlyName}
                    </Link>
                  </Td>
                  <Td>
                    <UsageBadges certificate={row} />
                  </Td>
                  <Td>
                    <CertificateBadges certificate={row} />
                  </Td>
                  <Td title={row.subject}>{row.subjectCommonName ?? row.subject}</Td>
                  <Td title={row.issuer}>{row.issuerCommonName ?? row.issuer}</Td>
                  <Td className="whitespace-nowrap">{row.keyAlgorithm}</Td>
                  <Td className="whitespace-nowrap">{formatDay(row.notBefore)}</Td>
                  <Td className="whitespace-nowrap">{formatDay(row.notAfter)}</Td>
                  <Td className="max-w-40 truncate font-mono text-[12px]" title={row.fingerprintSha256}>
                    {row.fingerprintSha256}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="mt-1 text-[12px] text-muted">
            {sorted.length} of {list.data.length} certificates{search.trim() ? ` matching "${search.trim()}"` : ""}
          </p>
        </>
      )}
      <GenerateSelfSignedDialog open={generating} onOpenChange={setGenerating} />
      <ImportSystemCertificateDialog open={importing} onOpenChange={setImporting} />
      <UseForEapDialog
        certificate={choosing}
        current={list.data?.find((row) => row.usedForEap) ?? null}
        onClose={() => setChoosing(null)}
      />
      <DeleteSystemCertificateDialog
        certificate={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={() => setSelectedId(null)}
      />
    </>
  );
}
