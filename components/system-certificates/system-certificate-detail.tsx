"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Download, ShieldCheck, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { systemCertificatePemUrl, systemCertificateQuery, systemCertificateListQuery } from "@/lib/queries/system-certificates";
import { CertificateBadges } from "../certificates/certificate-badges";
import { CertificateFields, CertificateQueryState, PemPanel } from "../certificates/certificate-fields";
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
  if (!query.data)
    return (
      <CertificateQueryState
        query={query}
        title="System certificate"
        listHref="/administration/certificates/system"
        listName="System Certificates"
      />
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
          <CertificateFields cert={cert} addedLabel="Added" />
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
      <PemPanel title="PEM (certificate chain; the private key is never shown)" pem={cert.pem} />
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
