"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Download, ShieldCheck, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { systemCertificatePemUrl, systemCertificateQuery, systemCertificateListQuery } from "@/lib/queries/system-certificates";
import type { SystemCertificateJson } from "@/lib/validation/system-certificates";
import { CertificateBadges } from "../certificates/certificate-badges";
import { Button } from "../ui/button";
import { PageHeader, Panel } from "../ui/panel";
import { Alert, formatDate, ReadOnlyNotice } from "../ui/table-tools";
import { DeleteSystemCertificateDialog, UseForEapDialog } from "./system-certificate-actions";
import { UsageBadges } from "./usage-badges";

export function SystemCertificateDetail({ id, canWrite }: { id: string; canWrite: boolean }) {
  const query = useQuery(systemCertificateQuery(id));
  const list = useQuery({ ...systemCertificateListQuery(), enabled: canWrite });
  const router = useRouter();
  const [choosing, setChoosing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (query.isPending) return <p className="text-muted">Loading the certificate…</p>;
  if (query.error)
    return (
      <>
        <PageHeader title="System certificate" />
        <Alert tone="error" title="Could not load this certificate">
          {query.error.message}{" "}
          <Link className="text-accent underline" href="/administration/certificates/system">
            Back to System Certificates
          </Link>
        </Alert>
      </>
    );
  const cert = query.data;
  return (
    <>
      <PageHeader
        title={cert.friendlyName}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <UsageBadges certificate={cert} /> <CertificateBadges certificate={cert} />
          </span>
        }
        actions={
          <>
            <Button onClick={() => router.push("/administration/certificates/system")}>
              <ArrowLeft size={14} aria-hidden /> System Certificates
            </Button>
            <Button onClick={() => window.location.assign(systemCertificatePemUrl(cert.id))}>
              <Download size={14} aria-hidden /> Download PEM
            </Button>
            {canWrite && !cert.usedForEap && (
              <Button onClick={() => setChoosing(true)}>
                <ShieldCheck size={14} aria-hidden /> Use for EAP
              </Button>
            )}
            {canWrite && (
              <Button variant="danger" onClick={() => setDeleting(true)}>
                <Trash2 size={14} aria-hidden /> Delete
              </Button>
            )}
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>Only a Super Admin can change system certificates; you can view and download this one.</ReadOnlyNotice>
      )}
      {cert.usedForEap && (
        <div className="mb-3">
          <Alert tone="info" title="The EAP server certificate">
            Supplicants verify it in every EAP-TLS handshake. Give them{" "}
            {cert.isSelfSigned ? "this certificate (Download PEM)" : "the CA that issued it"} as their trusted CA certificate
            (wpa_supplicant / eapol_test <code>ca_cert</code>, a Windows or macOS 802.1X profile&apos;s trusted root), and the
            server name {cert.subjectCommonName ? <code>{cert.subjectCommonName}</code> : "in its subject"} if they check it.
          </Alert>
        </div>
      )}
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_380px]">
        <Panel title="Certificate">
          <CertificateFields cert={cert} />
        </Panel>
        <Panel title="Chain sent to supplicants">
          <ol className="grid gap-2">
            <li>
              <p className="font-semibold">{cert.subject}</p>
              <p className="text-[12px] text-muted">server certificate, issued by {cert.issuer}</p>
            </li>
            {cert.chain.map((entry) => (
              <li key={entry.fingerprintSha256}>
                <p className="font-semibold">{entry.subject}</p>
                <p className="text-[12px] text-muted">
                  issued by {entry.issuer}, expires {formatDate(entry.notAfter)}
                </p>
              </li>
            ))}
            {cert.chain.length === 0 && !cert.isSelfSigned && (
              <li className="text-[12px] text-muted">
                No intermediate certificates: supplicants need the issuing CA itself as their trusted CA.
              </li>
            )}
          </ol>
        </Panel>
      </div>
      <Panel title="PEM (certificate chain; the private key is never shown)">
        <pre aria-label="PEM" className="max-h-72 overflow-auto rounded bg-sunken p-2 font-mono text-[11px] leading-tight">
          {cert.pem}
        </pre>
      </Panel>
      <UseForEapDialog
        certificate={choosing ? cert : null}
        current={list.data?.find((row) => row.usedForEap) ?? null}
        onClose={() => setChoosing(false)}
      />
      <DeleteSystemCertificateDialog
        certificate={deleting ? cert : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => router.push("/administration/certificates/system")}
      />
    </>
  );
}

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className={mono ? "font-mono text-[12px] break-all" : "break-words"}>{children}</dd>
    </>
  );
}

function CertificateFields({ cert }: { cert: SystemCertificateJson }) {
  return (
    <dl className="grid grid-cols-[180px_minmax(0,1fr)] gap-x-3 gap-y-1.5">
      <Row label="Subject">{cert.subject}</Row>
      <Row label="Issuer">{cert.issuer}</Row>
      <Row label="Subject alternative names">
        {cert.subjectAltNames.length ? (
          <ul>
            {cert.subjectAltNames.map((san, index) => (
              <li key={index}>
                {san.type}: {san.value}
              </li>
            ))}
          </ul>
        ) : (
          "none"
        )}
      </Row>
      <Row label="Serial number" mono>
        {cert.serialNumber}
      </Row>
      <Row label="Valid from">{formatDate(cert.notBefore)}</Row>
      <Row label="Valid to (expiration)">{formatDate(cert.notAfter)}</Row>
      <Row label="Key">{cert.keyAlgorithm}</Row>
      <Row label="Signature algorithm">{cert.signatureAlgorithm}</Row>
      <Row label="Key usage">{cert.keyUsage.length ? cert.keyUsage.join(", ") : "not present"}</Row>
      <Row label="Extended key usage">{cert.extendedKeyUsage.length ? cert.extendedKeyUsage.join(", ") : "not present"}</Row>
      <Row label="SHA-256 fingerprint" mono>
        {cert.fingerprintSha256}
      </Row>
      <Row label="SHA-1 fingerprint" mono>
        {cert.fingerprintSha1}
      </Row>
      <Row label="Added">{formatDate(cert.createdAt)}</Row>
    </dl>
  );
}
