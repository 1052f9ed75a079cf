import type { MdmServerJson } from "@/lib/validation/mdm-server";
import { Badge } from "../ui/badge";

const outcomeLabels: Record<string, string> = {
  SUCCESS: "Connected",
  CONNECTION_FAILED: "Unreachable",
  HTTP_404: "404 Not Found",
  HTTP_403: "403 Forbidden",
  HTTP_401: "401 Unauthorized",
  CERTIFICATE: "Certificate problem",
};

/** Enabled/disabled plus the last Test Connection outcome (its full message in the tooltip). */
export function MdmServerStatus({
  server,
}: {
  server: Pick<MdmServerJson, "isEnabled" | "lastTestOutcome" | "lastTestMessage" | "lastTestAt">;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1 *:whitespace-nowrap">
      {server.isEnabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>}
      {server.lastTestOutcome ? (
        <span
          title={`${server.lastTestMessage ?? ""}${server.lastTestAt ? ` (${new Date(server.lastTestAt).toLocaleString()})` : ""}`}
        >
          <Badge tone={server.lastTestOutcome === "SUCCESS" ? "ok" : "danger"}>
            {outcomeLabels[server.lastTestOutcome] ?? server.lastTestOutcome}
          </Badge>
        </span>
      ) : (
        <Badge tone="warn">Not tested</Badge>
      )}
    </span>
  );
}
