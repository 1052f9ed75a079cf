// What the trusted and the system certificate pages both show about a certificate: its X.509 facts as a
// definition list, and its PEM.
import Link from "next/link";
import type { ReactNode } from "react";
import type { CertificateJson } from "@/lib/validation/certificate";
import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { PageHeader, Panel } from "../ui/panel";
import { Alert, formatDate } from "../ui/table-tools";

/** Facts only some certificates carry (the trust store parses more of each certificate): shown when present. */
type Details = Partial<
  Pick<
    TrustedCertificateJson,
    "keySize" | "keyCurve" | "version" | "basicConstraints" | "subjectKeyIdentifier" | "authorityKeyIdentifier"
  >
>;

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className={mono ? "font-mono text-[12px] break-all" : "break-words"}>{children}</dd>
    </>
  );
}

const listOrAbsent = (values: string[]) => (values.length ? values.join(", ") : "not present");

export function CertificateFields({ cert, addedLabel }: { cert: CertificateJson & Details; addedLabel: string }) {
  const bc = cert.basicConstraints;
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
      <Row label="Key">
        {cert.keyAlgorithm}
        {cert.keySize ? ` ${cert.keySize} bits` : ""}
        {cert.keyCurve ? ` (${cert.keyCurve})` : ""}
      </Row>
      <Row label="Signature algorithm">{cert.signatureAlgorithm}</Row>
      {cert.version !== undefined && <Row label="Version">v{cert.version}</Row>}
      {bc !== undefined && (
        <Row label="Basic constraints">
          {bc
            ? `CA: ${bc.isCa ? "true" : "false"}${bc.pathLength !== undefined ? `, path length ${bc.pathLength}` : ""}${bc.critical ? " (critical)" : ""}`
            : "not present"}
        </Row>
      )}
      <Row label="Key usage">{listOrAbsent(cert.keyUsage)}</Row>
      <Row label="Extended key usage">{listOrAbsent(cert.extendedKeyUsage)}</Row>
      {cert.subjectKeyIdentifier !== undefined && (
        <Row label="Subject key identifier" mono>
          {cert.subjectKeyIdentifier ?? "not present"}
        </Row>
      )}
      {cert.authorityKeyIdentifier !== undefined && (
        <Row label="Authority key identifier" mono>
          {cert.authorityKeyIdentifier ?? "not present"}
        </Row>
      )}
      <Row label="SHA-256 fingerprint" mono>
        {cert.fingerprintSha256}
      </Row>
      <Row label="SHA-1 fingerprint" mono>
        {cert.fingerprintSha1}
      </Row>
      <Row label={addedLabel}>{formatDate(cert.createdAt)}</Row>
    </dl>
  );
}

export function PemPanel({ title, pem }: { title: string; pem: string | undefined }) {
  return (
    <Panel title={title}>
      <pre aria-label="PEM" className="max-h-72 overflow-auto rounded bg-sunken p-2 font-mono text-[11px] leading-tight">
        {pem}
      </pre>
    </Panel>
  );
}

/** A detail page's certificate loading, or why it could not load, with the way back to its list. */
export function CertificateQueryState({
  query,
  title,
  listHref,
  listName,
}: {
  query: { isPending: boolean; error: Error | null };
  title: string;
  listHref: string;
  listName: string;
}) {
  if (query.isPending) return <p className="text-muted">Loading the certificate…</p>;
  if (!query.error) return null;
  return (
    <>
      <PageHeader title={title} />
      <Alert tone="error" title="Could not load this certificate">
        {query.error.message}{" "}
        <Link className="text-accent underline" href={listHref}>
          Back to {listName}
        </Link>
      </Alert>
    </>
  );
}
