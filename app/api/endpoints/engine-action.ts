// What the endpoint action routes share: the endpoint key of the URL, and running one engine request for an
// endpoint with an audit entry (who, which endpoint, what came of it) whether it worked or not.
import { formatMac } from "@/components/live-logs/format";
import { getEngineClient } from "@/lib/api/engine";
import type { AdminSession } from "@/lib/auth/session";
import { recordAudit, type AuditInput } from "@/lib/db/audit";
import { getDb } from "@/lib/db/client";
import { getEndpointOrThrow } from "@/lib/db/endpoints";
import type { EngineClient } from "@/lib/engine/control/client";
import { AppError } from "@/lib/errors";
import { endpointMacSchema } from "@/lib/validation/endpoints";

/** `[mac]` in any common spelling → the stored form (12 upper-case hex digits); anything else is not an endpoint. */
export function macParam(raw: string | undefined): string {
  const parsed = endpointMacSchema.safeParse(decodeURIComponent(raw ?? ""));
  if (!parsed.success) throw new AppError("NOT_FOUND", "No endpoint is listed under this address: it is not a MAC address");
  return parsed.data;
}

export async function runEndpointAction<T>({
  admin,
  rawMac,
  action,
  what,
  run,
  summarize,
}: {
  admin: AdminSession;
  rawMac: string | undefined;
  action: AuditInput["action"];
  /** The action as the audit log and error messages name it, e.g. "Refresh from MDM". */
  what: string;
  run: (engine: EngineClient, mac: string) => Promise<T>;
  /** The audit summary of a result, after "<what> of <MAC>: ". */
  summarize: (result: T) => string;
}): Promise<T> {
  const db = getDb();
  const mac = macParam(rawMac);
  await getEndpointOrThrow(db, { mac });
  const audit = (summary: string, details: Record<string, unknown>) =>
    recordAudit(db, {
      actor: admin.username,
      action,
      entityType: "endpoint",
      entityId: mac,
      summary: `${what} of ${formatMac(mac)}: ${summary}`,
      details,
    });
  let result: T;
  try {
    result = await run(getEngineClient(), mac);
  } catch (error) {
    const message = error instanceof AppError ? error.message : "unexpected error";
    await audit(`failed: ${message}`, { error: message });
    if (error instanceof AppError && error.code === "ENGINE_UNAVAILABLE") {
      throw new AppError(
        "ENGINE_UNAVAILABLE",
        `${error.message}. ${what} runs in the engine: start it (npm start runs it) and try again.`,
      );
    }
    throw error;
  }
  await audit(summarize(result), { result });
  return result;
}
