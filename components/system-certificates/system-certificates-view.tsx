"use client";
import { useQuery } from "@tanstack/react-query";
import { FileUp, KeyRound, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { systemCertificateListQuery, systemCertificatePemUrl } from "@/lib/queries/system-certificates";
import type { SystemCertificateJson } from "@/lib/validation/system-certificates";
import { CertificateBadges } from "../certificates/certificate-badges";
import {
  CertificateNameCells,
  certificateSortValue,
  CertificateTable,
  CertificateToolbar,
  IssuedCells,
  ValidityCells,
  type CertificateSortKey,
} from "../certificates/certificate-list";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/panel";
import { Td } from "../ui/table";
import { QueryState, ReadOnlyNotice, useSearch, useSorted, type Column } from "../ui/table-tools";
import { DeleteSystemCertificateDialog, UseForEapDialog } from "./system-certificate-actions";
import { GenerateSelfSignedDialog } from "./generate-self-signed-dialog";
import { ImportSystemCertificateDialog } from "./import-system-certificate-dialog";
import { UsageBadges } from "./usage-badges";

type SortKey = CertificateSortKey | "usage" | "keyAlgorithm";

const sortValue = (row: SystemCertificateJson, key: SortKey): string | number =>
  key === "usage" ? (row.usedForEap ? 0 : 1) : key === "keyAlgorithm" ? row.keyAlgorithm : certificateSortValue(row, key);

const columns: Column<SortKey>[] = [
  { label: "Friendly Name", sortKey: "friendlyName" },
  { label: "Used By", sortKey: "usage" },
  { label: "Status" },
  { label: "Issued To", sortKey: "subject" },
  { label: "Issued By", sortKey: "issuer" },
  { label: "Key", sortKey: "keyAlgorithm" },
  { label: "Valid From", sortKey: "notBefore" },
  { label: "Expiration Date", sortKey: "notAfter" },
  { label: "SHA-256 Fingerprint" },
];

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
      <CertificateToolbar
        selected={selected}
        onRefresh={() => void list.refetch()}
        exportTitle={(certificate) => `Export ${certificate.friendlyName} (certificate chain, PEM)`}
        onExport={(certificate) => window.location.assign(systemCertificatePemUrl(certificate.id))}
        canDelete={canWrite}
        onDelete={setDeleting}
        search={search}
        onSearch={setSearch}
        searchLabel="Search system certificates"
      >
        <Button variant="primary" disabled={!canWrite} onClick={() => setGenerating(true)}>
          <KeyRound size={14} aria-hidden /> Generate Self-Signed Certificate
        </Button>
        <Button disabled={!canWrite} onClick={() => setImporting(true)}>
          <FileUp size={14} aria-hidden /> Import
        </Button>
        <Button
          disabled={!canWrite || !selected || selected.usedForEap}
          title={
            selected ? (selected.usedForEap ? "Already the EAP server certificate" : undefined) : "Select a certificate first"
          }
          onClick={() => setChoosing(selected)}
        >
          <ShieldCheck size={14} aria-hidden /> Use for EAP
        </Button>
      </CertificateToolbar>
      <QueryState query={list} what="system certificates" />
      {list.data && list.data.length === 0 && (
        <EmptyState title="No system certificates">
          The engine generates a self-signed EAP server certificate when it first starts. Generate one here, or import the
          certificate your CA issued for the RADIUS server.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <CertificateTable
          label="System certificates"
          noun="system certificate"
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
                group="selected-system-certificate"
                isSelected={row.id === selectedId}
                onSelect={() => setSelectedId(row.id)}
                href={`/administration/certificates/system/${row.id}`}
              />
              <Td>
                <UsageBadges certificate={row} />
              </Td>
              <Td>
                <CertificateBadges certificate={row} />
              </Td>
              <IssuedCells row={row} />
              <Td className="whitespace-nowrap">{row.keyAlgorithm}</Td>
              <ValidityCells row={row} />
              <Td className="max-w-40 truncate font-mono text-[12px]" title={row.fingerprintSha256}>
                {row.fingerprintSha256}
              </Td>
            </tr>
          ))}
        </CertificateTable>
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
