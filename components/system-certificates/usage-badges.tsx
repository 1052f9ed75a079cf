import type { SystemCertificateJson } from "@/lib/validation/system-certificates";
import { Badge } from "../ui/badge";

/** What the product uses the certificate for (ISE's "Usage" column): today only EAP Authentication. */
export function UsageBadges({ certificate }: { certificate: Pick<SystemCertificateJson, "usedForEap"> }) {
  return certificate.usedForEap ? <Badge tone="info">EAP Authentication</Badge> : <span className="text-muted">Not in use</span>;
}
