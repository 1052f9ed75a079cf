// Orchestration of one RADIUS request: NAD lookup → decode → verify → duplicate check → (MAB) policy with
// lazy compliance → reply → observations. The sockets (radius/server.ts) only move datagrams; this module
// owns no socket and no timer. The warm path (compliance cached) answers synchronously; only a live MDM
// lookup makes the answer asynchronous. Every failure to answer is a counted drop, never an exception.
import { performance } from "node:perf_hooks";
import {
  decodePacket,
  encodePacket,
  encodeResponse,
  signResponse,
  getAttributeDefinition,
  RadiusCode,
  valueName,
  verifyRequest,
  type AttributeInput,
  type AttributeName,
  type RadiusPacket,
} from "../radius";
import { timeOrderedId } from "../../db/bulk";
import { DuplicateCache } from "../radius/duplicate-cache";
import type { ComplianceResult, ComplianceService } from "../compliance/compliance";
import type { ConfigSnapshot, Nad } from "../config/snapshot";
import type { EventWriter, RepeatCounter } from "../events/writer";
import { normalizeMac } from "../mdm/mac";
import type { DropReason, EngineMetrics } from "../metrics";
import { evaluatePolicy, type EvaluationContext, type EvaluationResult } from "../policy/evaluate";
import { buildReply, redirectUrlFor, type ReplyPlan } from "./reply";

export interface Remote {
  address: string;
  port: number;
}

/** A reply to send now, a reply later, or nothing (dropped). */
export type HandlerResult = Buffer | Promise<Buffer | undefined> | undefined;

export interface AaaDependencies {
  snapshot: () => ConfigSnapshot;
  compliance: ComplianceService;
  duplicates: DuplicateCache;
  metrics: EngineMetrics;
  events: EventWriter;
  nodeId: string;
  log: (message: string) => void;
  /**
   * ISE's "suppress repeated successful authentications": an Access-Accept for an endpoint with the same
   * NAD, rule and profiles as its last logged one within this many ms is counted, not logged. 0 = log
   * every decision (the default).
   */
  suppressRepeatsMs?: number;
}

/** Attributes the live log shows for a request (others are in the packet but rarely useful there). */
const LOGGED_REQUEST_ATTRIBUTES: AttributeName[] = [
  "User-Name",
  "Calling-Station-Id",
  "Called-Station-Id",
  "NAS-IP-Address",
  "NAS-Identifier",
  "NAS-Port",
  "NAS-Port-Id",
  "NAS-Port-Type",
  "Service-Type",
  "Framed-IP-Address",
  "Acct-Session-Id",
];

/** How often an endpoint's last-seen time is written when its decision does not change. */
const SEEN_WRITE_INTERVAL_MS = 60_000;

function attributeText(packet: RadiusPacket, name: AttributeName): string | undefined {
  const value = packet.get(name);
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    const definition = getAttributeDefinition(name);
    return (definition && valueName(definition, value)) ?? String(value);
  }
  if (Buffer.isBuffer(value)) return value.toString("hex");
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function requestSummary(packet: RadiusPacket): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LOGGED_REQUEST_ATTRIBUTES) {
    const text = attributeText(packet, name);
    if (text !== undefined) out[name] = text;
  }
  out["Message-Authenticator"] = packet.messageAuthenticatorOffset >= 0 ? "present" : "absent";
  return out;
}

function replySummary(attributes: readonly AttributeInput[]): { name: string; value: string; tag?: number }[] {
  return attributes.map((attribute) => {
    const named = attribute as { name?: string; value?: unknown; tag?: number };
    return {
      name: named.name ?? "raw",
      value: String(named.value),
      ...(named.tag ? { tag: named.tag } : {}),
    };
  });
}

const verifyDropReason = {
  "missing-ma": "missing-message-authenticator",
  "bad-ma": "bad-message-authenticator",
  "bad-authenticator": "bad-authenticator",
  "not-a-request": "unexpected-code",
  "identifier-mismatch": "malformed",
  "unexpected-code": "unexpected-code",
} as const satisfies Record<string, DropReason>;

type Method = "mab" | "eap" | "other";

/** The reply for no decision (fails closed). One array, so its reply plan is cached like a rule's. */
const DENY_ACCESS: readonly string[] = ["DenyAccess"];

/** A reply plan with the keys derived from it once. */
interface CachedReply {
  plan: ReplyPlan;
  /** Set when the accept reply can be encoded once and re-signed per request. */
  acceptTemplateKey: string | undefined;
  /** The profile names, as repeat suppression compares them. */
  profilesKey: string;
}

/** An endpoint's last logged success; its count moves on in place (the event writer reads it). */
interface LoggedSuccess extends RepeatCounter {
  nadId: string;
  rule: string | undefined;
  profilesKey: string;
  /** When the logged event happened: the suppression window starts here. */
  at: number;
  count: number;
  lastAt: number;
}

/** MAB (ISE "Host Lookup"): Service-Type Call-Check, or a User-Name that is the Calling-Station-Id's MAC. */
function methodOf(packet: RadiusPacket, mac: string | undefined): Method {
  if (packet.has("EAP-Message")) return "eap";
  if (packet.get("Service-Type") === 10) return "mab";
  const userName = packet.get("User-Name");
  if (mac && typeof userName === "string" && normalizeMac(userName) === mac) return "mab";
  return "other";
}

export function createAaaHandler(deps: AaaDependencies) {
  const { metrics, duplicates, compliance, events } = deps;
  const lastSeen = new Map<string, { decision: string; at: number }>();
  const suppressRepeatsMs = deps.suppressRepeatsMs ?? 0;
  // Per endpoint: its last logged success, and how many identical ones followed it unlogged (the counter
  // the event writer reads when it writes).
  const lastLogged = new Map<string, LoggedSuccess>();

  /**
   * When this accept repeats the endpoint's last logged one (same NAD, rule and profiles) within the
   * suppression window, counts it on that event (ISE's "Repeat Count") and returns undefined; otherwise
   * returns the id of the event to log, remembered as the endpoint's last logged success.
   */
  function suppressRepeat(mac: string | undefined, nadId: string, rule: string | undefined, reply: CachedReply, now: number) {
    if (suppressRepeatsMs <= 0 || !mac) return timeOrderedId(now);
    const previous = lastLogged.get(mac);
    if (
      previous &&
      previous.nadId === nadId &&
      previous.rule === rule &&
      previous.profilesKey === reply.profilesKey &&
      now - previous.at < suppressRepeatsMs
    ) {
      previous.count += 1;
      previous.lastAt = now;
      events.repeat(previous);
      return undefined;
    }
    if (lastLogged.size > 1_000_000) lastLogged.clear();
    const eventId = timeOrderedId(now);
    lastLogged.set(mac, { nadId, rule, profilesKey: reply.profilesKey, at: now, eventId, count: 0, lastAt: now });
    return eventId;
  }

  // The reply plan of a profile list that needs nothing from the request (no redirect URL, nothing salted)
  // is built once per configuration snapshot, keyed by the rule's profile array (the same array on every
  // evaluation), so a warm request neither merges profiles nor builds template keys.
  const plans = new Map<readonly string[], CachedReply>();
  let plansOf: ConfigSnapshot | undefined;

  function replyPlan(
    names: readonly string[],
    snapshot: ConfigSnapshot,
    mdm: ComplianceResult | undefined,
    mac: string | undefined,
  ): CachedReply {
    if (plansOf !== snapshot) {
      plans.clear();
      plansOf = snapshot;
    }
    const cached = plans.get(names);
    if (cached) return cached;
    const plan = buildReply(
      names.map((name) => snapshot.profiles.get(name)),
      names,
      (profileServerId) => {
        const serverId = profileServerId ?? mdm?.serverId ?? snapshot.mdmServers[0]?.id;
        const url = serverId ? snapshot.mdmServerById.get(serverId)?.redirectUrl : undefined;
        return url ? redirectUrlFor(url, mac) : undefined;
      },
    );
    const reply: CachedReply = {
      plan,
      acceptTemplateKey: plan.isTemplatable ? `accept|${plan.profileNames.join("|")}` : undefined,
      profilesKey: plan.profileNames.join(","),
    };
    if (plan.isReject || plan.isTemplatable) {
      if (plans.size > 10_000) plans.clear();
      plans.set(names, reply);
    }
    return reply;
  }

  // Replies that do not depend on the request (no redirect URL, no salted attribute) are encoded once per
  // profile combination; each request then costs a copy, the Identifier and the signature (RFC 2865 §3,
  // RFC 3579 §3.2 via signResponse), not a fresh encoding.
  const templates = new Map<string, Buffer>();
  // Templates belong to one configuration snapshot: an edited profile keeps its name.
  let templatesOf: ConfigSnapshot | undefined;

  function encodeReply(
    code: typeof RadiusCode.AccessAccept | typeof RadiusCode.AccessReject,
    attributes: readonly AttributeInput[],
    templateKey: string | undefined,
    packet: RadiusPacket,
    nad: Nad,
    snapshot: ConfigSnapshot,
  ) {
    if (templateKey === undefined) return encodeResponse({ code, attributes }, packet, nad.secret);
    if (templatesOf !== snapshot) {
      templates.clear();
      templatesOf = snapshot;
    }
    let template = templates.get(templateKey);
    if (!template) {
      const encoded = encodePacket(
        { code, identifier: 0, attributes },
        { messageAuthenticator: true, secret: nad.secret, requestAuthenticator: packet.authenticator },
      );
      if (!encoded.ok) return encoded;
      template = encoded.bytes;
      if (templates.size > 10_000) templates.clear();
      templates.set(templateKey, template);
    }
    const bytes = Buffer.from(template);
    bytes[1] = packet.identifier;
    return { ok: true as const, bytes: signResponse(bytes, packet, nad.secret) };
  }

  function drop(reason: DropReason): undefined {
    metrics.drop(reason);
    return undefined;
  }

  function noteSeen(mac: string, decision: string, now: number): void {
    const previous = lastSeen.get(mac);
    if (previous && previous.decision === decision && now - previous.at < SEEN_WRITE_INTERVAL_MS) return;
    if (lastSeen.size > 1_000_000) lastSeen.clear();
    lastSeen.set(mac, { decision, at: now });
    events.endpointSeen({ mac, lastDecision: decision, lastSeenAt: new Date(now) });
  }

  /** Access-Request (RFC 2865 §4.1). */
  function handleAuth(datagram: Buffer, remote: Remote): HandlerResult {
    const started = performance.now();
    metrics.requests.incKey(metrics.keys.auth);
    const snapshot = deps.snapshot();
    const nad = snapshot.findNad(remote.address);
    if (!nad) return drop("unknown-nad");
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return drop("malformed");
    const packet = decoded.packet;
    if (packet.code !== RadiusCode.AccessRequest) return drop("unexpected-code");
    // RFC 3579 §3.2 + BlastRADIUS (CVE-2024-3596): verified in constant time; required per NAD.
    const verdict = verifyRequest(packet, nad.secret, { requireMessageAuthenticator: nad.requireMessageAuthenticator });
    if (!verdict.ok) return drop(verifyDropReason[verdict.reason]);

    const key = DuplicateCache.key(remote.address, remote.port, packet.identifier);
    const seen = duplicates.begin(key, packet.authenticator);
    if (seen.kind === "answered") {
      metrics.duplicates.incKey(metrics.keys.duplicateReplayed);
      return seen.reply;
    }
    if (seen.kind === "in-progress") {
      metrics.duplicates.incKey(metrics.keys.duplicateDropped);
      return undefined;
    }

    try {
      const callingStationId = packet.get("Calling-Station-Id");
      const mac = typeof callingStationId === "string" ? normalizeMac(callingStationId) : undefined;
      const method = methodOf(packet, mac);
      const request = new RequestAttributes(packet, nad);
      const context: EvaluationContext = { attribute: (reference) => request.get(reference), mdm: undefined };

      if (method !== "mab") {
        return finish(
          packet,
          nad,
          key,
          started,
          mac,
          method,
          snapshot,
          undefined,
          undefined,
          "Only MAB is supported on this listener",
        );
      }

      let mdm = mac ? compliance.cached(mac) : undefined;
      if (mdm) {
        metrics.mdmLookups.incKey(metrics.keys.mdmCacheHit);
        context.mdm = { values: mdm.values, source: "cache" };
      }
      let result = evaluatePolicy(snapshot.policy, context);
      if (result.needs === undefined) return finish(packet, nad, key, started, mac, method, snapshot, result, mdm);
      if (!mac) {
        // No MAC, nothing to look up: the MDM attributes stay unknown.
        mdm = undefined;
        context.mdm = { values: {}, source: "live" };
        result = evaluatePolicy(snapshot.policy, context);
        return finish(
          packet,
          nad,
          key,
          started,
          mac,
          method,
          snapshot,
          result,
          undefined,
          "No MAC address in Calling-Station-Id",
        );
      }
      return compliance.lookup(mac).then(
        (live) => {
          context.mdm = { values: live.values, source: "live" };
          const final = evaluatePolicy(snapshot.policy, context);
          return finish(packet, nad, key, started, mac, method, snapshot, final, live);
        },
        (error: unknown) => fail(key, packet, error),
      );
    } catch (error) {
      return fail(key, packet, error);
    }
  }

  function fail(key: string, packet: RadiusPacket, error: unknown): undefined {
    duplicates.forget(key, packet.authenticator);
    deps.log(`Access-Request ${packet.identifier}: ${(error as Error).stack ?? String(error)}`);
    return drop("internal-error");
  }

  function finish(
    packet: RadiusPacket,
    nad: Nad,
    key: string,
    started: number,
    mac: string | undefined,
    method: Method,
    snapshot: ConfigSnapshot,
    result: EvaluationResult | undefined,
    mdm: ComplianceResult | undefined,
    failureReason?: string,
  ): Buffer | undefined {
    const decided = result && result.needs === undefined ? result : undefined;
    const reply = replyPlan(decided?.profiles ?? DENY_ACCESS, snapshot, mdm, mac);
    const plan = reply.plan;
    const isAccept = !plan.isReject && failureReason === undefined;
    const encoded = encodeReply(
      isAccept ? RadiusCode.AccessAccept : RadiusCode.AccessReject,
      isAccept ? plan.attributes : [],
      isAccept ? reply.acceptTemplateKey : "reject",
      packet,
      nad,
      snapshot,
    );
    if (!encoded.ok) {
      duplicates.forget(key, packet.authenticator);
      deps.log(`Access-Request ${packet.identifier} from ${nad.name}: reply not encodable (${encoded.error.message})`);
      return drop("encode-failed");
    }
    duplicates.complete(key, packet.authenticator, encoded.bytes);
    const elapsedMs = performance.now() - started;
    const live = mdm?.source === "live";
    metrics.authLatency.observeKey(elapsedMs / 1000, metrics.keys.latencyByMdm[mdm ? mdm.source : "none"]);
    if (isAccept) metrics.accepts.incKey(metrics.keys.none);
    else metrics.rejects.incKey(metrics.keys.none);

    const now = Date.now();
    const decision = isAccept ? "accept" : "reject";
    if (mac) noteSeen(mac, decision, now);
    const reason =
      failureReason ??
      (mdm?.errorCode ? `MDM ${mdm.serverName ?? ""} unreachable: ${mdm.errorCode}`.replace("  ", " ") : undefined) ??
      (isAccept ? undefined : decided?.rule ? `Rule "${decided.rule}" denies access` : "No authorization rule matched");
    // Only clean successes collapse: an answer given while the MDM was unreachable is always logged.
    const eventId = isAccept && !reason ? suppressRepeat(mac, nad.id, decided?.rule, reply, now) : timeOrderedId(now);
    if (eventId === undefined) {
      metrics.eventsSuppressed.incKey(metrics.keys.none);
      return encoded.bytes;
    }
    // A reject ends the repeat streak, so the next accept is logged again.
    if (!isAccept && mac && suppressRepeatsMs > 0) lastLogged.delete(mac);
    const userName = packet.get("User-Name");
    const replyAttributes = isAccept ? plan.attributes : [];
    events.authEvent({
      id: eventId,
      at: new Date(now),
      engineNode: deps.nodeId,
      nadId: nad.id,
      nadName: nad.name,
      nadAddress: nad.address,
      mac: mac ?? null,
      userName: typeof userName === "string" ? userName : null,
      method,
      decision,
      policySet: decided?.policySet ?? null,
      ruleName: decided?.rule ?? null,
      profiles: plan.profileNames,
      mdmAttributes: mdm ? { ...mdm.values } : null,
      mdmServerName: mdm?.serverName ?? null,
      mdmLatencyMs: live ? (mdm.latencyMs ?? null) : null,
      failureReason: reason ?? null,
      totalLatencyMs: elapsedMs,
      detail: () => ({
        request: requestSummary(packet),
        reply: { code: isAccept ? "Access-Accept" : "Access-Reject", attributes: replySummary(replyAttributes) },
        trace: {
          policyVersion: snapshot.policy.version,
          mdmSource: mdm?.source ?? "none",
          rules: decided?.trace ?? [],
          monitored: decided?.monitored ?? [],
        },
      }),
    });
    return encoded.bytes;
  }

  /** Accounting-Request (RFC 2866 §4.1): maintain sessions, answer Accounting-Response. */
  function handleAcct(datagram: Buffer, remote: Remote): HandlerResult {
    metrics.requests.incKey(metrics.keys.acct);
    const nad = deps.snapshot().findNad(remote.address);
    if (!nad) return drop("unknown-nad");
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return drop("malformed");
    const packet = decoded.packet;
    if (packet.code !== RadiusCode.AccountingRequest) return drop("unexpected-code");
    // RFC 2866 §3: the Request Authenticator proves the secret; a Message-Authenticator, if present, too.
    const verdict = verifyRequest(packet, nad.secret);
    if (!verdict.ok) return drop(verifyDropReason[verdict.reason]);
    const key = DuplicateCache.key(remote.address, remote.port, packet.identifier);
    const seen = duplicates.begin(`a|${key}`, packet.authenticator);
    if (seen.kind === "answered") {
      metrics.duplicates.incKey(metrics.keys.duplicateReplayed);
      return seen.reply;
    }
    if (seen.kind === "in-progress") {
      metrics.duplicates.incKey(metrics.keys.duplicateDropped);
      return undefined;
    }
    const status = packet.get("Acct-Status-Type");
    const statusName = (status !== undefined && valueName("Acct-Status-Type", status)) || String(status ?? "none");
    const acctSessionId = packet.get("Acct-Session-Id");
    const kind = status === 1 ? "start" : status === 2 ? "stop" : status === 3 ? "interim" : undefined;
    if (kind && typeof acctSessionId === "string" && acctSessionId !== "") {
      const callingStationId = packet.get("Calling-Station-Id");
      const userName = packet.get("User-Name");
      const framedIp = packet.get("Framed-IP-Address");
      const nasPortId = packet.get("NAS-Port-Id");
      const nasPort = packet.get("NAS-Port");
      const cause = packet.get("Acct-Terminate-Cause");
      events.session({
        kind,
        nadId: nad.id,
        nadAddress: nad.address,
        acctSessionId,
        callingStationId: typeof callingStationId === "string" ? callingStationId : null,
        mac: typeof callingStationId === "string" ? (normalizeMac(callingStationId) ?? null) : null,
        userName: typeof userName === "string" ? userName : null,
        framedIp: typeof framedIp === "string" ? framedIp : null,
        nasPort: typeof nasPortId === "string" ? nasPortId : nasPort !== undefined ? String(nasPort) : null,
        at: new Date(),
        terminateCause: cause !== undefined ? (valueName("Acct-Terminate-Cause", cause) ?? String(cause)) || null : null,
        engineNode: deps.nodeId,
      });
    }
    if (status === 7 || status === 8) {
      events.session({
        kind: status === 7 ? "accounting-on" : "accounting-off",
        nadId: nad.id,
        nadAddress: nad.address,
        at: new Date(),
      });
    }
    // RFC 2866 §4.2: answer once the record is taken; other status types are acknowledged too.
    // A Message-Authenticator is added to every reply (it costs one HMAC and protects the reply).
    const encoded = encodeResponse({ code: RadiusCode.AccountingResponse, attributes: [] }, packet, nad.secret, {
      messageAuthenticator: true,
    });
    if (!encoded.ok) {
      duplicates.forget(`a|${key}`, packet.authenticator);
      return drop("encode-failed");
    }
    duplicates.complete(`a|${key}`, packet.authenticator, encoded.bytes);
    metrics.accountingResponses.inc({ status: statusName });
    return encoded.bytes;
  }

  return { handleAuth, handleAcct };
}

/**
 * Request attributes as the policy sees them: `Radius:<attribute name>` from the packet (enumerations by
 * value name), and `Network Access:*` / `DEVICE:*` facts about the request.
 */
class RequestAttributes {
  constructor(
    private readonly packet: RadiusPacket,
    private readonly nad: Nad,
  ) {}

  get(reference: string): string | number | undefined {
    const colon = reference.indexOf(":");
    const dictionary = reference.slice(0, colon);
    const name = reference.slice(colon + 1);
    switch (dictionary) {
      case "Radius": {
        if (!getAttributeDefinition(name)) return undefined;
        return attributeText(this.packet, name as AttributeName);
      }
      case "Network Access":
        if (name === "AuthenticationMethod") return "Lookup";
        if (name === "Protocol") return "RADIUS";
        if (name === "DeviceIpAddress") return this.nad.address;
        if (name === "NetworkDeviceName") return this.nad.name;
        return undefined;
      case "DEVICE":
        if (name === "Device Type") return this.nad.vendorProfile;
        return undefined;
      default:
        return undefined;
    }
  }
}
