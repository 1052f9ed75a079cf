import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { Badge } from "../ui/badge";

/** Validity and role badges: expired, not yet valid, expiring within 30 days, self-signed CA. */
export function CertificateBadges({
  certificate,
}: {
  certificate: Pick<TrustedCertificateJson, "status" | "isCa" | "isSelfSigned" | "notAfter">;
}) {
  const days = Math.ceil((new Date(certificate.notAfter).getTime() - Date.now()) / 86_400_000);
  return (
    <span className="inline-flex flex-wrap gap-1 *:whitespace-nowrap">
      {certificate.status === "expired" && <Badge tone="danger">Expired</Badge>}
      {certificate.status === "not-yet-valid" && <Badge tone="warn">Not yet valid</Badge>}
      {certificate.status === "expiring" && (
        <Badge tone="warn">
          Expires in {days} {days === 1 ? "day" : "days"}
        </Badge>
      )}
      {certificate.status === "valid" && <Badge tone="ok">Valid</Badge>}
      {certificate.isCa && certificate.isSelfSigned && <Badge tone="info">Self-signed CA</Badge>}
      {certificate.isCa && !certificate.isSelfSigned && <Badge tone="info">Intermediate CA</Badge>}
      {!certificate.isCa && certificate.isSelfSigned && <Badge>Self-signed</Badge>}
    </span>
  );
}

export function TrustBadges({
  certificate,
}: {
  certificate: Pick<TrustedCertificateJson, "trustForMdm" | "trustForClientAuth">;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1 *:whitespace-nowrap">
      {certificate.trustForMdm && <Badge tone="info">MDM/servers</Badge>}
      {certificate.trustForClientAuth && <Badge tone="info">EAP-TLS clients</Badge>}
      {!certificate.trustForMdm && !certificate.trustForClientAuth && <Badge>Not trusted for any use</Badge>}
    </span>
  );
}
