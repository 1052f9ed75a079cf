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
import type { ComplianceResult, ComplianceService, DeviceKeys } from "../compliance/compliance";
import { certificateAttribute, certificateFacts, type CertificateFacts } from "../eap/certificate-identity";
import { ConversationTable } from "../eap/conversations";
import { defaultEapTlsSettings, type EapTlsSettings } from "../eap/eap-tls";
import { eapStep, mppeKeyAttributes, type EapStep } from "./eap";
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
  /** EAP conversations in progress (keyed by State); default: a table with default bounds. */
  conversations?: ConversationTable;
  eapSettings?: EapTlsSettings;
}

/** What an EAP-TLS answer adds to the MAB path's reply and log. */
interface EapReplyParts {
  /** EAP-Success and the MS-MPPE keys. */
  accept: AttributeInput[];
  /** EAP-Failure, when the EAP packet could be answered. */
  reject: AttributeInput[];
  identity: string | undefined;
  certificate: CertificateFacts | undefined;
  tls: { protocol: string; cipher: string; resumed: boolean } | undefined;
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
      value: binaryValueText(named.name, named.value) ?? String(named.value),
      ...(named.tag ? { tag: named.tag } : {}),
    };
  });
}

/** Keys are never logged; an EAP-Message is named by its code. */
function binaryValueText(name: string | undefined, value: unknown): string | undefined {
  if (!(value instanceof Uint8Array)) return undefined;
  if (name === "MS-MPPE-Recv-Key" || name === "MS-MPPE-Send-Key") return `(${value.length} octets, not shown)`;
  if (name === "EAP-Message")
    return value[0] === 3 ? "EAP-Success" : value[0] === 4 ? "EAP-Failure" : `EAP (${value.length} octets)`;
  return Buffer.from(value).toString("hex");
}

const verifyDropReason = {
  "missing-ma": "missing-message-authenticator",
  "bad-ma": "bad-message-authenticator",
  "bad-authenticator": "bad-authenticator",
  "not-a-request": "unexpected-code",
  "identifier-mismatch": "malformed",
  "unexpected-code": "unexpected-code",
} as const satisfies Record<string, DropReason>;

type Method = "mab" | "eap-tls" | "other";

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
  // RFC 3579 §3.1: an EAP-Message makes it an 802.1X request; EAP-TLS is the method this server speaks.
  if (packet.has("EAP-Message")) return "eap-tls";
  if (packet.get("Service-Type") === 10) return "mab";
  const userName = packet.get("User-Name");
  if (mac && typeof userName === "string" && normalizeMac(userName) === mac) return "mab";
  return "other";
}

export function createAaaHandler(deps: AaaDependencies) {
  const { metrics, duplicates, compliance, events } = deps;
  const eapDeps = {
    conversations: deps.conversations ?? new ConversationTable(),
    settings: deps.eapSettings ?? defaultEapTlsSettings,
  };
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
      if (method === "eap-tls") {
        return eapStep(eapDeps, packet, snapshot).then(
          (step) => afterEapStep(step, packet, nad, key, started, mac, snapshot),
          (error: unknown) => fail(key, packet, error),
        );
      }
      const request = new RequestAttributes(packet, nad, undefined);
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
          "Neither MAB nor EAP: this server authenticates MAC Authentication Bypass and EAP-TLS requests",
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

  /** RFC 3579: the EAP conversation's step → Access-Challenge, Access-Reject, discard, or authorization. */
  function afterEapStep(
    step: EapStep,
    packet: RadiusPacket,
    nad: Nad,
    key: string,
    started: number,
    mac: string | undefined,
    snapshot: ConfigSnapshot,
  ): Buffer | undefined | Promise<Buffer | undefined> {
    switch (step.kind) {
      case "challenge": {
        const encoded = encodeResponse({ code: RadiusCode.AccessChallenge, attributes: step.attributes }, packet, nad.secret);
        if (!encoded.ok) {
          duplicates.forget(key, packet.authenticator);
          deps.log(`Access-Challenge to ${nad.name}: not encodable (${encoded.error.message})`);
          return drop("encode-failed");
        }
        // Retransmissions of this Access-Request get this same challenge from the reply cache.
        duplicates.complete(key, packet.authenticator, encoded.bytes);
        metrics.challenges.incKey(metrics.keys.none);
        return encoded.bytes;
      }
      case "discard":
        duplicates.forget(key, packet.authenticator);
        return drop("eap-discarded");
      case "reject": {
        if (step.refused) metrics.eapRefused.incKey(metrics.keys.none);
        const parts: EapReplyParts = {
          accept: [],
          reject: step.eap ? [{ name: "EAP-Message", value: step.eap }] : [],
          identity: step.identity,
          certificate: undefined,
          tls: undefined,
        };
        return finish(packet, nad, key, started, mac, "eap-tls", snapshot, undefined, undefined, step.reason, parts);
      }
      case "authorize":
        return authorizeEap(step, packet, nad, key, started, mac, snapshot);
    }
  }

  /**
   * After a successful handshake (full or resumed: authorization is always decided afresh): the certificate's
   * fields and GUIDs → compliance by each server's Device Identifier order → policy → Access-Accept with
   * EAP-Success and the MS-MPPE keys, or Access-Reject with EAP-Failure.
   */
  function authorizeEap(
    step: Extract<EapStep, { kind: "authorize" }>,
    packet: RadiusPacket,
    nad: Nad,
    key: string,
    started: number,
    mac: string | undefined,
    snapshot: ConfigSnapshot,
  ): Buffer | undefined | Promise<Buffer | undefined> {
    const { session } = step;
    const facts = session.peerCertificate ? certificateFacts(session.peerCertificate) : undefined;
    const parts: EapReplyParts = {
      accept: [{ name: "EAP-Message", value: step.eapSuccess }, ...mppeKeyAttributes(session.msk)],
      reject: [{ name: "EAP-Message", value: step.eapFailure }],
      identity: step.identity,
      certificate: facts,
      tls: { protocol: session.protocol, cipher: session.cipher, resumed: session.resumed },
    };
    if (!facts) {
      return finish(
        packet,
        nad,
        key,
        started,
        mac,
        "eap-tls",
        snapshot,
        undefined,
        undefined,
        "The client presented no certificate",
        parts,
      );
    }
    const request = new RequestAttributes(packet, nad, facts);
    const context: EvaluationContext = { attribute: (reference) => request.get(reference), mdm: undefined };
    const keys: DeviceKeys = { mac, certificate: { sanUriGuid: facts.sanUriGuid, cnGuid: facts.cnGuid } };
    const cached = compliance.cachedDevice(keys);
    if (cached) {
      metrics.mdmLookups.incKey(metrics.keys.mdmCacheHit);
      context.mdm = { values: cached.values, source: "cache" };
    }
    const result = evaluatePolicy(snapshot.policy, context);
    if (result.needs === undefined)
      return finish(packet, nad, key, started, mac, "eap-tls", snapshot, result, cached, undefined, parts);
    if (compliance.cacheKeyOf(keys) === undefined) {
      context.mdm = { values: {}, source: "live" };
      const unknown = evaluatePolicy(snapshot.policy, context);
      return finish(
        packet,
        nad,
        key,
        started,
        mac,
        "eap-tls",
        snapshot,
        unknown,
        undefined,
        "No device identifier: the certificate has no GUID and there is no MAC address in Calling-Station-Id",
        parts,
      );
    }
    return compliance.lookupDevice(keys).then(
      (live) => {
        context.mdm = { values: live.values, source: "live" };
        const final = evaluatePolicy(snapshot.policy, context);
        return finish(packet, nad, key, started, mac, "eap-tls", snapshot, final, live, undefined, parts);
      },
      (error: unknown) => fail(key, packet, error),
    );
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
    eap?: EapReplyParts,
  ): Buffer | undefined {
    const decided = result && result.needs === undefined ? result : undefined;
    const reply = replyPlan(decided?.profiles ?? DENY_ACCESS, snapshot, mdm, mac);
    const plan = reply.plan;
    const isAccept = !plan.isReject && failureReason === undefined;
    // EAP replies carry per-conversation EAP-Message and keys: never from a template.
    const replyAttributes = eap ? (isAccept ? [...plan.attributes, ...eap.accept] : eap.reject) : isAccept ? plan.attributes : [];
    const encoded = encodeReply(
      isAccept ? RadiusCode.AccessAccept : RadiusCode.AccessReject,
      replyAttributes,
      eap ? undefined : isAccept ? reply.acceptTemplateKey : "reject",
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
    const userName = eap?.identity ?? packet.get("User-Name");
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
          ...(eap?.tls ? { tls: eap.tls } : {}),
          ...(eap?.certificate ? { certificate: eap.certificate } : {}),
          ...(mdm?.guid ? { deviceGuid: mdm.guid } : {}),
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
    /** The client certificate of an EAP-TLS request. */
    private readonly certificate: CertificateFacts | undefined,
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
        if (name === "AuthenticationMethod") return this.certificate ? "x509_PKI" : "Lookup";
        if (name === "EapAuthentication") return this.certificate ? "EAP-TLS" : undefined;
        if (name === "Protocol") return "RADIUS";
        if (name === "DeviceIpAddress") return this.nad.address;
        if (name === "NetworkDeviceName") return this.nad.name;
        return undefined;
      case "DEVICE":
        if (name === "Device Type") return this.nad.vendorProfile;
        return undefined;
      case "CERTIFICATE":
        return this.certificate ? certificateAttribute(this.certificate, name) : undefined;
      default:
        return undefined;
    }
  }
}
