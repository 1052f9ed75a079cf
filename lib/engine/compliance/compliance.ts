// Endpoint compliance (ise-mdm-reference §3.3, §5): the in-memory cache of MDM answers, fresh within the
// answering server's Compliance Cache Expiration Time; otherwise one live query by MAC, shared by every
// concurrent request for the same endpoint, following the lookup order and the two fallback switches,
// under one hard deadline. Any failure or timeout is `MDMServerReachable = UnReachable`, never an error.
// EAP-TLS requests also carry the certificate's GUIDs (reference §2): each server's Device Identifier order
// picks the key it is asked by (`querycriteria=guid` on API v3, else the MAC), sharing the same cache,
// in-flight and deadline logic.
import { mdmAttributeValues, type MdmAttributeValues } from "../mdm/attributes";
import { isMdmError } from "../mdm/errors";
import type { MdmDevice } from "../mdm/types";

/** The part of MdmClient this module needs (a fake in unit tests). */
export interface MdmLookupClient {
  lookupByMac(mac: string, call: { signal?: AbortSignal; timeoutMs?: number }): Promise<MdmDevice | undefined>;
  /** MDM API v3 `querycriteria=guid` (reference §1.2); absent: the server is asked by MAC only. */
  lookupByGuid?(guid: string, call: { signal?: AbortSignal; timeoutMs?: number }): Promise<MdmDevice | undefined>;
}

/** Where a server's device key comes from, tried in the server's order (reference §2). */
export type DeviceIdentifierSource = "san-uri-guid" | "cn-guid" | "mac";

export const DEFAULT_DEVICE_IDENTIFIERS: readonly DeviceIdentifierSource[] = ["san-uri-guid", "cn-guid", "mac"];

/**
 * What identifies the endpoint of one request. `certificate` is present on EAP-TLS requests (its GUIDs
 * may be absent); without it (MAB) every server is asked by MAC.
 */
export interface DeviceKeys {
  mac: string | undefined;
  certificate?: { sanUriGuid: string | undefined; cnGuid: string | undefined };
}

type DeviceKey = { kind: "guid"; value: string; source: DeviceIdentifierSource } | { kind: "mac"; value: string };

export interface ComplianceServer {
  id: string;
  name: string;
  client: MdmLookupClient;
  cacheTtlMs: number;
  redirectUrl: string | undefined;
  /** The server's Device Identifier order. Default: SAN URI GUID, CN GUID, MAC. */
  deviceIdentifiers?: readonly DeviceIdentifierSource[];
}

export interface ComplianceConfig {
  /** Enabled servers, in lookup order. */
  servers: readonly ComplianceServer[];
  fallbackOnNotRegistered: boolean;
  fallbackOnError: boolean;
  /** Hard deadline of one lookup (all servers tried included), ms. */
  deadlineMs: number;
}

export type ComplianceOutcome = "ok" | "not-registered" | "unreachable" | "no-server";

export interface ComplianceResult {
  /** The endpoint's MAC (Calling-Station-Id); empty when the request had none (EAP-TLS by GUID only). */
  mac: string;
  /** The certificate GUID the device was looked up by, as written in the certificate. */
  guid?: string;
  values: MdmAttributeValues;
  outcome: ComplianceOutcome;
  source: "cache" | "live";
  serverId: string | undefined;
  serverName: string | undefined;
  /** Time of the MDM answer (epoch ms). */
  at: number;
  /** Live lookups: how long the MDM took, ms. */
  latencyMs: number | undefined;
  /** Live lookups that failed: the MDM error code (TIMEOUT, CONNECT_FAILED, ...). */
  errorCode: string | undefined;
  registered: boolean | undefined;
  compliant: boolean | undefined;
}

export interface ComplianceStats {
  lookups: Record<ComplianceOutcome | "coalesced" | "cache-hit" | "overloaded", number>;
}

export interface ComplianceServiceOptions {
  config: ComplianceConfig;
  /** Every live answer (to store on the endpoint, off the hot path). */
  onLiveResult?: (result: ComplianceResult) => void;
  /** Cap on cached endpoints (oldest answers go first). Default 1 000 000. */
  maxEntries?: number;
  /**
   * Live lookups under way at most. Beyond it a new endpoint is answered UnReachable at once (error code
   * OVERLOADED, not cached) instead of queueing behind the others: a queue longer than the MDM can serve
   * within the deadline only turns every answer late. Default 512.
   */
  maxInFlight?: number;
  now?: () => number;
}

export class ComplianceService {
  #config: ComplianceConfig;
  #serversById = new Map<string, ComplianceServer>();
  readonly #cache = new Map<string, ComplianceResult>();
  readonly #inFlight = new Map<string, Promise<ComplianceResult>>();
  /** MAC → the GUID cache key last answered for it: a new answer for the MAC (poll, CoA) retires it. */
  readonly #guidKeyByMac = new Map<string, string>();
  readonly #onLiveResult: ((result: ComplianceResult) => void) | undefined;
  readonly #maxEntries: number;
  readonly #maxInFlight: number;
  readonly #now: () => number;
  readonly stats: ComplianceStats = {
    lookups: { ok: 0, "not-registered": 0, unreachable: 0, "no-server": 0, coalesced: 0, "cache-hit": 0, overloaded: 0 },
  };

  constructor(options: ComplianceServiceOptions) {
    this.#config = options.config;
    this.#onLiveResult = options.onLiveResult;
    this.#maxEntries = options.maxEntries ?? 1_000_000;
    this.#maxInFlight = options.maxInFlight ?? 512;
    this.#now = options.now ?? Date.now;
    this.setConfig(options.config);
  }

  /** Swaps the server list (on a configuration change). Cached answers of removed servers become stale. */
  setConfig(config: ComplianceConfig): void {
    this.#config = config;
    this.#serversById = new Map(config.servers.map((server) => [server.id, server]));
  }

  get config(): ComplianceConfig {
    return this.#config;
  }

  server(id: string | undefined): ComplianceServer | undefined {
    return id === undefined ? undefined : this.#serversById.get(id);
  }

  /** The cached answer if still fresh for the server that gave it; synchronous (the warm path). */
  cached(mac: string): ComplianceResult | undefined {
    const entry = this.#cache.get(mac);
    if (!entry || entry.outcome === "unreachable" || entry.outcome === "no-server") return undefined;
    const server = this.server(entry.serverId);
    if (!server || this.#now() - entry.at > server.cacheTtlMs) return undefined;
    this.stats.lookups["cache-hit"] += 1;
    return entry.source === "cache" ? entry : { ...entry, source: "cache", latencyMs: undefined };
  }

  /** The cached answer whatever its age, without counting a cache hit (for the poller's diff). */
  peek(mac: string): ComplianceResult | undefined {
    return this.#cache.get(mac);
  }

  /** Loads answers stored earlier (endpoints in the database) so a restart starts warm. */
  seed(results: Iterable<ComplianceResult>): void {
    for (const result of results) {
      this.#retireGuidKey(result.mac);
      this.#remember(result.mac, result);
    }
  }

  /**
   * The key this request's endpoint is cached under: the first server's choice (its Device Identifier
   * order), so the same device certificate hits the same entry whatever MAC it comes from.
   */
  cacheKeyOf(keys: DeviceKeys): string | undefined {
    for (const server of this.#config.servers) {
      const key = deviceKeyFor(server, keys);
      if (key) return key.kind === "guid" ? guidCacheKey(key.value) : key.value;
    }
    return keys.mac;
  }

  /** `cached` for a request identified by certificate and/or MAC. */
  cachedDevice(keys: DeviceKeys): ComplianceResult | undefined {
    const key = this.cacheKeyOf(keys);
    return key === undefined ? undefined : this.cached(key);
  }

  /** `lookup` for a request identified by certificate and/or MAC: each server asked by its own key. */
  lookupDevice(keys: DeviceKeys): Promise<ComplianceResult> {
    const cacheKey = this.cacheKeyOf(keys) ?? "";
    return this.#lookupKey(cacheKey, keys);
  }

  /** One live lookup per endpoint at a time: concurrent callers share the same promise. */
  lookup(mac: string): Promise<ComplianceResult> {
    return this.#lookupKey(mac, { mac });
  }

  #lookupKey(cacheKey: string, keys: DeviceKeys): Promise<ComplianceResult> {
    const pending = this.#inFlight.get(cacheKey);
    if (pending) {
      this.stats.lookups.coalesced += 1;
      return pending;
    }
    const mac = keys.mac ?? "";
    if (this.#inFlight.size >= this.#maxInFlight) {
      this.stats.lookups.overloaded += 1;
      const server = this.#order(cacheKey)[0];
      const shed = result(mac, "unreachable", server, unreachable(server), this.#now(), 0, "OVERLOADED");
      this.#onLiveResult?.(shed);
      return Promise.resolve(shed);
    }
    const started = this.#query(cacheKey, keys).finally(() => this.#inFlight.delete(cacheKey));
    this.#inFlight.set(cacheKey, started);
    return started;
  }

  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  get size(): number {
    return this.#cache.size;
  }

  /**
   * Makes one endpoint's answer stale (e.g. before "Send CoA now" or "Refresh from MDM now") so the next
   * request asks the MDM again — the server that answered last first, as a merely expired answer would —
   * or forgets everything.
   */
  invalidate(mac?: string): void {
    if (mac === undefined) {
      this.#cache.clear();
      this.#guidKeyByMac.clear();
      return;
    }
    const entry = this.#cache.get(mac);
    if (entry) this.#cache.set(mac, { ...entry, at: Number.NEGATIVE_INFINITY });
    // The endpoint's certificate-GUID answer goes: the next EAP-TLS authentication asks afresh too.
    this.#retireGuidKey(mac);
  }

  #retireGuidKey(mac: string): void {
    const guidKey = this.#guidKeyByMac.get(mac);
    if (guidKey === undefined) return;
    this.#guidKeyByMac.delete(mac);
    this.#cache.delete(guidKey);
  }

  #remember(cacheKey: string, result: ComplianceResult): void {
    if (cacheKey === "") return;
    if (cacheKey !== result.mac && result.mac) {
      if (this.#guidKeyByMac.size > this.#maxEntries) this.#guidKeyByMac.clear();
      this.#guidKeyByMac.set(result.mac, cacheKey);
    }
    // Re-insert so Map order is answer order: eviction drops the oldest answers first.
    this.#cache.delete(cacheKey);
    this.#cache.set(cacheKey, { ...result, source: "cache", latencyMs: undefined });
    if (this.#cache.size > this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
  }

  /** Order of servers to try: the one already associated with the endpoint first (§3.3), then the rest. */
  #order(cacheKey: string): ComplianceServer[] {
    const servers = this.#config.servers;
    const associated = this.server(this.#cache.get(cacheKey)?.serverId);
    if (!associated) return [...servers];
    return [associated, ...servers.filter((server) => server !== associated)];
  }

  async #query(cacheKey: string, keys: DeviceKeys): Promise<ComplianceResult> {
    const mac = keys.mac ?? "";
    const config = this.#config;
    const started = this.#now();
    const deadline = started + config.deadlineMs;
    const order = this.#order(cacheKey).filter((server) => deviceKeyFor(server, keys) !== undefined);
    if (order.length === 0) {
      this.stats.lookups["no-server"] += 1;
      return result(mac, "no-server", undefined, { MDMServerReachable: "UnReachable" }, started, undefined, undefined);
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The hard deadline: whatever the client does, the answer is "unreachable" when time is up.
    const expired = new Promise<"expired">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("expired");
      }, config.deadlineMs);
    });
    try {
      let last: ComplianceResult | undefined;
      for (const server of order) {
        const remaining = deadline - this.#now();
        if (remaining <= 0) break;
        const key = deviceKeyFor(server, keys)!;
        const attempt = askServer(server, key, keys, { signal: controller.signal, timeoutMs: remaining })
          .then((device) => ({ device }))
          .catch((error: unknown) => ({ error }));
        const answer = await Promise.race([attempt, expired]);
        const latencyMs = this.#now() - started;
        if (answer === "expired") {
          last = result(mac, "unreachable", server, unreachable(server), started, latencyMs, "TIMEOUT");
          break;
        }
        if ("error" in answer) {
          const code = isMdmError(answer.error) ? answer.error.code : "INTERNAL";
          last = result(mac, "unreachable", server, unreachable(server), started, latencyMs, code);
          if (config.fallbackOnError) continue;
          break;
        }
        const values = mdmAttributeValues({ reachable: true, device: answer.device }, { serverName: server.name });
        const registered = values.DeviceRegisterStatus === "Registered";
        last = result(mac, registered ? "ok" : "not-registered", server, values, this.#now(), latencyMs, undefined);
        if (!registered && config.fallbackOnNotRegistered) continue;
        break;
      }
      const answered =
        last ?? result(mac, "unreachable", order[0], unreachable(order[0]), started, this.#now() - started, "TIMEOUT");
      const guid = keys.certificate ? (keys.certificate.sanUriGuid ?? keys.certificate.cnGuid) : undefined;
      const final = guid ? { ...answered, guid } : answered;
      this.stats.lookups[final.outcome] += 1;
      if (final.outcome === "ok" || final.outcome === "not-registered") this.#remember(cacheKey, final);
      this.#onLiveResult?.(final);
      return final;
    } finally {
      clearTimeout(timer);
    }
  }
}

function unreachable(server: ComplianceServer | undefined): MdmAttributeValues {
  return mdmAttributeValues({ reachable: false }, server ? { serverName: server.name } : {});
}

function result(
  mac: string,
  outcome: ComplianceOutcome,
  server: ComplianceServer | undefined,
  values: MdmAttributeValues,
  at: number,
  latencyMs: number | undefined,
  errorCode: string | undefined,
): ComplianceResult {
  return {
    mac,
    values,
    outcome,
    source: "live",
    serverId: server?.id,
    serverName: server?.name,
    at,
    latencyMs,
    errorCode,
    registered: outcome === "ok" ? true : outcome === "not-registered" ? false : undefined,
    compliant:
      values.DeviceCompliantStatus === "Compliant" ? true : values.DeviceCompliantStatus === "NonCompliant" ? false : undefined,
  };
}

const guidCacheKey = (guid: string) => `guid:${guid.trim().toLowerCase()}`;

/**
 * The key a server is asked by: the first of its Device Identifier sources the request has (reference §2).
 * A MAB request (no certificate) is asked by MAC everywhere; an EAP-TLS request skips a server none of
 * whose sources it has.
 */
function deviceKeyFor(server: ComplianceServer, keys: DeviceKeys): DeviceKey | undefined {
  if (!keys.certificate) return keys.mac ? { kind: "mac", value: keys.mac } : undefined;
  for (const source of server.deviceIdentifiers ?? DEFAULT_DEVICE_IDENTIFIERS) {
    if (source === "mac") {
      if (keys.mac) return { kind: "mac", value: keys.mac };
      continue;
    }
    const guid = source === "san-uri-guid" ? keys.certificate.sanUriGuid : keys.certificate.cnGuid;
    if (guid && server.client.lookupByGuid) return { kind: "guid", value: guid, source };
  }
  return undefined;
}

/** One server's answer for one key; a server below API v3 is asked by MAC instead when the order allows it. */
async function askServer(
  server: ComplianceServer,
  key: DeviceKey,
  keys: DeviceKeys,
  call: { signal: AbortSignal; timeoutMs: number },
): Promise<MdmDevice | undefined> {
  if (key.kind === "mac") return server.client.lookupByMac(key.value, call);
  try {
    return await server.client.lookupByGuid!(key.value, call);
  } catch (error) {
    const order = server.deviceIdentifiers ?? DEFAULT_DEVICE_IDENTIFIERS;
    if (isMdmError(error) && error.code === "UNSUPPORTED" && keys.mac && order.includes("mac")) {
      return server.client.lookupByMac(keys.mac, call);
    }
    throw error;
  }
}
