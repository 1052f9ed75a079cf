"use client";
import { useQuery } from "@tanstack/react-query";
import { Download, FileUp, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { trustedCertificateListQuery, trustedCertificatePemUrl } from "@/lib/queries/trusted-certificates";
import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { CertificateBadges, TrustBadges } from "./certificate-badges";
import { DeleteCertificateDialog } from "./delete-certificate-dialog";
import { ImportCertificateDialog } from "./import-certificate-dialog";
import { formatDay, ReadOnlyNotice, SearchBox, SortTh, useSorted } from "../ui/table-tools";

type SortKey = "friendlyName" | "subject" | "issuer" | "notBefore" | "notAfter" | "serial" | "status";

const sortValue = (row: TrustedCertificateJson, key: SortKey): string | number => {
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
    case "serial":
      return row.serialNumber;
    case "status":
      return row.status;
  }
};

export function TrustedCertificatesView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(trustedCertificateListQuery());
  const [search, setSearch] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<TrustedCertificateJson | null>(null);
  const term = search.trim().toLowerCase();
  const filtered = list.data?.filter(
    (row) =>
      !term ||
      [
        row.friendlyName,
        row.subject,
        row.issuer,
        row.serialNumber,
        row.fingerprintSha256,
        row.fingerprintSha1,
        row.description ?? "",
      ]
        .join(" ")
        .toLowerCase()
        .includes(term),
  );
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
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex gap-2">
          <Button onClick={() => void list.refetch()}>
            <RefreshCw size={14} aria-hidden /> Refresh
          </Button>
          <Button variant="primary" onClick={() => setImporting(true)}>
            <FileUp size={14} aria-hidden /> Import
          </Button>
          <Button
            disabled={!selected}
            onClick={() => selected && window.location.assign(trustedCertificatePemUrl(selected.id))}
            title={selected ? `Export ${selected.friendlyName} as PEM` : "Select a certificate first"}
          >
            <Download size={14} aria-hidden /> Export
          </Button>
          <Button
            disabled={!selected}
            onClick={() => setDeleting(selected)}
            title={selected ? undefined : "Select a certificate first"}
          >
            <Trash2 size={14} aria-hidden /> Delete
          </Button>
        </div>
        <SearchBox value={search} onChange={setSearch} label="Search trusted certificates" />
      </div>
      {list.isPending && <p className="text-muted">Loading trusted certificates…</p>}
      {list.error && <p className="text-danger">Could not load trusted certificates: {list.error.message}</p>}
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
        <>
          <Table label="Trusted certificates">
            <thead>
              <tr>
                <Th className="w-8">
                  <span className="sr-only">Select</span>
                </Th>
                <SortTh label="Friendly Name" sortKey="friendlyName" sort={sort} onSort={toggle} />
                <SortTh label="Status" sortKey="status" sort={sort} onSort={toggle} />
                <Th>Trusted For</Th>
                <SortTh label="Issued To" sortKey="subject" sort={sort} onSort={toggle} />
                <SortTh label="Issued By" sortKey="issuer" sort={sort} onSort={toggle} />
                <SortTh label="Valid From" sortKey="notBefore" sort={sort} onSort={toggle} />
                <SortTh label="Expiration Date" sortKey="notAfter" sort={sort} onSort={toggle} />
                <SortTh label="Serial Number" sortKey="serial" sort={sort} onSort={toggle} />
                <Th>Used By</Th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={row.id} className={row.id === selectedId ? "bg-accent/5" : undefined}>
                  <Td>
                    <input
                      type="radio"
                      name="selected-certificate"
                      aria-label={`Select ${row.friendlyName}`}
                      checked={row.id === selectedId}
                      onChange={() => setSelectedId(row.id)}
                    />
                  </Td>
                  <Td className="font-semibold">
                    <Link className="text-accent hover:underline" href={`/administration/certificates/trusted/${row.id}`}>
                      {row.friendlyName}
                    </Link>
                  </Td>
                  <Td>
                    <CertificateBadges certificate={row} />
                  </Td>
                  <Td>
                    <TrustBadges certificate={row} />
                  </Td>
                  <Td title={row.subject}>{row.subjectCommonName ?? row.subject}</Td>
                  <Td title={row.issuer}>{row.issuerCommonName ?? row.issuer}</Td>
                  <Td className="whitespace-nowrap">{formatDay(row.notBefore)}</Td>
                  <Td className="whitespace-nowrap">{formatDay(row.notAfter)}</Td>
                  <Td className="max-w-40 truncate font-mono text-[12px]" title={row.serialNumber}>
                    {row.serialNumber}
                  </Td>
                  <Td>{row.usedBy.length ? row.usedBy.map((s) => s.name).join(", ") : <span className="text-muted">—</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="mt-1 text-[12px] text-muted">
            {sorted.length} of {list.data.length} certificates{term ? ` matching "${search.trim()}"` : ""}
          </p>
        </>
      )}
      <ImportCertificateDialog open={importing} onOpenChange={setImporting} />
      <DeleteCertificateDialog certificate={deleting} onClose={() => setDeleting(null)} onDeleted={() => setSelectedId(null)} />
    </>
  );
}
