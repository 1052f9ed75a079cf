// What an admin asks the engine to do to one endpoint from Context Visibility › Endpoints: "Refresh from MDM
// now" (forget the cached answer, one live query through the lookup order, stored on the endpoint) and an MDM
// action (ise-mdm-reference §1.3: full wipe, corporate wipe, PIN lock) sent to the MDM server that answered for
// the endpoint. Expected failures — no MDM server, the MDM unreachable or refusing — are values, not errors.
import type { MdmAction } from "../validation/endpoints";
import type { ComplianceResult, ComplianceService } from "./compliance/compliance";
import type { MdmCallOptions } from "./mdm/client";
import { isMdmError } from "./mdm/errors";
import type { MdmActionResult, MdmDeviceIdentifier, MdmDiscovery } from "./mdm/types";

/** The MdmClient calls an action needs. */
export interface MdmActionClient {
  readonly discovery: MdmDiscovery | undefined;
  performAction(action: MdmAction, identifier: MdmDeviceIdentifier, call?: MdmCallOptions): Promise<MdmActionResult>;
}

/** What the database knows of the endpoint. */
export type StoredEndpoint = {
  guid: string | null;
  mdmServerId: string | null;
  mdmServerName: string | null;
  registered: boolean | null;
  compliant: boolean | null;
};

export interface EndpointActionDependencies {
  compliance: ComplianceService;
  /** Writes queued endpoint answers now, so a refreshed answer is stored before the caller hears it. */
  flushEndpoints(): Promise<void>;
  findEndpoint(mac: string): Promise<StoredEndpoint | undefined>;
  /** An enabled MDM server's client; undefined when the server is disabled or gone. */
  mdmServer(id: string): { id: string; name: string; client: MdmActionClient } | undefined;
  now?: () => number;
}

export type EndpointRefreshResult = {
  mac: string;
  outcome: ComplianceResult["outcome"];
  mdmServerId: string | null;
  mdmServerName: string | null;
  registered: boolean | null;
  compliant: boolean | null;
  /** The MDM dictionary values of the answer (MDMServerReachable = UnReachable alone when it failed). */
  values: Record<string, string | number>;
  /** Registration or compliance differs from what was stored before (a CoA would change the session). */
  changed: boolean;
  at: string;
  latencyMs: number | null;
  /** Why the MDM could not answer (TIMEOUT, CONNECT_FAILED, HTTP_401, …), when it could not. */
  errorCode: string | null;
};

/** "Refresh from MDM now": the cached answer is dropped and one live lookup decides; the answer is stored. */
export async function refreshEndpoint(deps: EndpointActionDependencies, mac: string): Promise<EndpointRefreshResult> {
  const before = await deps.findEndpoint(mac);
  deps.compliance.invalidate(mac);
  const result = await deps.compliance.lookup(mac);
  // The compliance service hands the answer to the event writer (applyEndpointUpdates keeps the last known
  // registration and compliance when the MDM was unreachable); write it now rather than within a second.
  await deps.flushEndpoints();
  const known = result.outcome === "ok" || result.outcome === "not-registered";
  const registered = known ? (result.registered ?? null) : (before?.registered ?? null);
  const compliant = known ? (result.compliant ?? null) : (before?.compliant ?? null);
  return {
    mac,
    outcome: result.outcome,
    mdmServerId: result.serverId ?? null,
    mdmServerName: result.serverName ?? null,
    registered,
    compliant,
    values: { ...result.values } as Record<string, string | number>,
    changed: known && (before?.registered !== registered || before?.compliant !== compliant),
    at: new Date(result.at).toISOString(),
    latencyMs: result.latencyMs ?? null,
    errorCode: result.errorCode ?? null,
  };
}

export type EndpointMdmActionResult = {
  mac: string;
  action: MdmAction;
  mdmServerId: string | null;
  mdmServerName: string | null;
  /** How the device was named to the MDM: its certificate GUID when known (API v3), else its MAC. */
  identifier: { kind: "guid" | "macaddress"; value: string } | null;
  /** The MDM's `action_status`: it accepted the action for the device. */
  actionStatus: boolean;
  /** The MDM's `failure_reason`, or why the action could not be sent. */
  failureReason: string | null;
  /** NO_MDM_SERVER, MDM_SERVER_DISABLED, or the MDM client's error code (TIMEOUT, HTTP_403, …). */
  errorCode: string | null;
  at: string;
};

/** Wipes are slow to confirm on some MDMs; the answer still comes well within the web request's patience. */
const ACTION_TIMEOUT_MS = 15_000;

/**
 * An MDM action for one endpoint, sent to the MDM server that last answered for it (the compliance cache's
 * answer, else the stored one) — the one that manages the device.
 */
export async function performMdmAction(
  deps: EndpointActionDependencies,
  { mac, action }: { mac: string; action: MdmAction },
): Promise<EndpointMdmActionResult> {
  const now = deps.now ?? Date.now;
  const stored = await deps.findEndpoint(mac);
  const serverId = deps.compliance.peek(mac)?.serverId ?? stored?.mdmServerId ?? undefined;
  const base = { mac, action, mdmServerId: serverId ?? null, mdmServerName: stored?.mdmServerName ?? null, identifier: null };
  const refused = (errorCode: string, failureReason: string): EndpointMdmActionResult => ({
    ...base,
    actionStatus: false,
    failureReason,
    errorCode,
    at: new Date(now()).toISOString(),
  });
  if (!serverId) {
    return refused(
      "NO_MDM_SERVER",
      "No MDM server has answered for this endpoint yet, so none manages it: refresh it from the MDM first.",
    );
  }
  const server = deps.mdmServer(serverId);
  if (!server) {
    return refused(
      "MDM_SERVER_DISABLED",
      `The MDM server${base.mdmServerName ? ` "${base.mdmServerName}"` : ""} that answered for this endpoint is disabled or no longer configured.`,
    );
  }
  // ise-mdm-reference §2: API v3 names devices by the GUID from their certificate; v2 only knows MACs.
  const identifier: MdmDeviceIdentifier =
    stored?.guid && (server.client.discovery?.apiVersion ?? 3) >= 3 ? { guid: stored.guid } : { macaddress: mac };
  const named =
    "guid" in identifier ? { kind: "guid" as const, value: identifier.guid } : { kind: "macaddress" as const, value: mac };
  try {
    const answer = await server.client.performAction(action, identifier, { timeoutMs: ACTION_TIMEOUT_MS });
    // The device's state at the MDM changes (a wipe unenrols it): the next authentication asks again.
    if (answer.actionStatus) deps.compliance.invalidate(mac);
    return {
      ...base,
      mdmServerName: server.name,
      identifier: named,
      actionStatus: answer.actionStatus,
      failureReason: answer.failureReason?.trim() ? answer.failureReason.trim() : null,
      errorCode: null,
      at: new Date(now()).toISOString(),
    };
  } catch (error) {
    if (!isMdmError(error)) throw error;
    return {
      ...refused(error.code, `The MDM server did not carry out the action: ${error.message}`),
      mdmServerName: server.name,
      identifier: named,
    };
  }
}
