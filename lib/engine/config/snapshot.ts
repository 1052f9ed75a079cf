// The configuration snapshot: everything the RADIUS path needs, compiled from the database when the
// configuration version changes and swapped in one assignment. Packets only ever read the current
// snapshot; nothing here touches the database per packet.
import type { EngineConfigData } from "../../db/engine-config";
import { ipToBigInt, parseIpRange, rangeContains, type IpRange } from "../../validation/ip-range";
import { compileProfile, type CompiledProfile } from "../aaa/reply";
import type { ComplianceServer } from "../compliance/compliance";
import type { PolledServer } from "../compliance/poller";
import { BatchingMacLookup } from "../compliance/batching-lookup";
import { createMdmClient, type MdmClient } from "../mdm/client";
import { compilePolicy, type CompiledPolicy } from "../policy/evaluate";
import { defaultAuthorizationProfiles, defaultPolicyDocument } from "../policy/default-policy";
import type { MdmApiVersion } from "../mdm/types";
import type { EapRuntime, EapServerPool } from "../eap/server-pool";

export interface Nad {
  id: string;
  name: string;
  address: string;
  range: IpRange;
  /** The shared secret as bytes, computed once (radius-engineering: precomputed per-NAD secrets). */
  secret: Buffer;
  requireMessageAuthenticator: boolean;
  vendorProfile: string;
  coaPort: number;
}

export interface ConfigSnapshot {
  version: number;
  findNad(address: string): Nad | undefined;
  nads: readonly Nad[];
  policy: CompiledPolicy;
  profiles: ReadonlyMap<string, CompiledProfile>;
  mdmServers: readonly ComplianceServer[];
  /** Enabled servers for compliance polling (interval 0: no timer, "poll now" only), with their MDM client. */
  mdmPolling: readonly PolledServer[];
  /** Every configured server by id (enabled or not): for redirect URLs. */
  mdmServerById: ReadonlyMap<string, { name: string; redirectUrl: string | undefined }>;
  fallbackOnNotRegistered: boolean;
  fallbackOnError: boolean;
  /** EAP-TLS: the TLS server of the EAP certificate and client trust anchors, or why there is none. */
  eap: EapRuntime;
}

/** Finds the NAD for a source address: exact hosts by Map, then ranges most specific first; memoised. */
function nadLookup(nads: readonly Nad[]): (address: string) => Nad | undefined {
  const hosts = new Map<string, Nad>();
  const ranges: Nad[] = [];
  for (const nad of nads) {
    const bits = nad.range.version === 4 ? 32 : 128;
    if (nad.range.prefixLength === bits) {
      hosts.set(nad.range.text, nad);
      if (nad.range.version === 4) hosts.set(`::ffff:${nad.range.text}`, nad);
    } else ranges.push(nad);
  }
  ranges.sort((a, b) => b.range.prefixLength - a.range.prefixLength);
  const memo = new Map<string, Nad | null>();
  return (address) => {
    const host = hosts.get(address);
    if (host) return host;
    if (ranges.length === 0) return undefined;
    const known = memo.get(address);
    if (known !== undefined) return known ?? undefined;
    const parsed = ipToBigInt(address);
    const found = parsed ? ranges.find((nad) => rangeContains(nad.range, parsed)) : undefined;
    // Bounded: unknown sources could otherwise fill memory.
    if (memo.size > 100_000) memo.clear();
    memo.set(address, found ?? null);
    return found;
  };
}

/**
 * Connections per MDM server. A MAC lookup holds one connection for the MDM's answer time (Cisco: aim for
 * < 200 ms), so lookups/s per server ≈ sockets / latency: 256 sockets at 50 ms is ~5 000/s.
 */
const MDM_MAX_SOCKETS = 256;

/** MDM clients are kept across snapshots while their connection settings and trust set are unchanged. */
export class MdmClientPool {
  readonly #clients = new Map<string, { key: string; client: MdmClient; lookup: BatchingMacLookup }>();

  /** The compliance lookups of one server: live MAC queries coalesced into `batchdevices` calls. */
  lookupFor(
    server: EngineConfigData["mdmServers"][number],
    trustAnchorsPem: readonly string[],
    timeoutMs: number,
  ): BatchingMacLookup {
    this.clientFor(server, trustAnchorsPem, timeoutMs);
    return this.#clients.get(server.id)!.lookup;
  }

  clientFor(server: EngineConfigData["mdmServers"][number], trustAnchorsPem: readonly string[], timeoutMs: number): MdmClient {
    const key = JSON.stringify([
      server.host,
      server.port,
      server.instance,
      server.username,
      server.password,
      server.apiVersion,
      server.apiPath,
      trustAnchorsPem,
      timeoutMs,
    ]);
    const existing = this.#clients.get(server.id);
    if (existing?.key === key) return existing.client;
    existing?.client.close();
    const client = createMdmClient({
      host: server.host,
      port: server.port,
      instance: server.instance,
      username: server.username,
      password: server.password,
      trustedCertificatesPem: trustAnchorsPem,
      timeoutMs,
      maxSockets: MDM_MAX_SOCKETS,
      ...(server.apiVersion && server.apiPath
        ? { discovery: { apiVersion: server.apiVersion as MdmApiVersion, apiPath: server.apiPath, messagingSupport: false } }
        : {}),
    });
    this.#clients.set(server.id, { key, client, lookup: new BatchingMacLookup(client) });
    return client;
  }

  /** Closes clients of servers no longer configured. */
  retain(ids: ReadonlySet<string>): void {
    for (const [id, entry] of this.#clients) {
      if (!ids.has(id)) {
        entry.client.close();
        this.#clients.delete(id);
      }
    }
  }

  close(): void {
    for (const entry of this.#clients.values()) entry.client.close();
    this.#clients.clear();
  }
}

export function compileSnapshot(
  data: EngineConfigData,
  pool: MdmClientPool,
  { mdmDeadlineMs, log, eapPool }: { mdmDeadlineMs: number; log: (message: string) => void; eapPool?: EapServerPool },
): ConfigSnapshot {
  const nads: Nad[] = [];
  for (const row of data.nads) {
    const range = parseIpRange(row.address);
    if (!range.ok) {
      log(`network device ${row.name}: address ${row.address} ignored (${range.message})`);
      continue;
    }
    nads.push({
      id: row.id,
      name: row.name,
      address: range.range.text,
      range: range.range,
      secret: Buffer.from(row.secret, "utf8"),
      requireMessageAuthenticator: row.requireMessageAuthenticator,
      vendorProfile: row.vendorProfile,
      coaPort: row.coaPort,
    });
  }

  const profiles = new Map<string, CompiledProfile>();
  const profileSource = data.profiles.length ? data.profiles : defaultAuthorizationProfiles;
  for (const profile of profileSource) profiles.set(profile.name, compileProfile(profile));
  for (const name of data.invalidProfiles ?? []) {
    log(`authorization profile "${name}" is not valid and was left out: rules that use it reject`);
  }

  const policy = data.policy ? compilePolicy(data.policy.document, data.policy.version) : compilePolicy(defaultPolicyDocument, 0);

  const enabled = data.mdmServers.filter((server) => server.isEnabled);
  const mdmServers: ComplianceServer[] = enabled.map((server) => ({
    id: server.id,
    name: server.name,
    client: pool.lookupFor(server, data.trustAnchorsPem, mdmDeadlineMs),
    cacheTtlMs: server.cacheExpirationMinutes * 60_000,
    redirectUrl: server.redirectUrl ?? undefined,
    deviceIdentifiers: server.deviceIdentifiers,
  }));
  const mdmPolling: PolledServer[] = enabled.map((server) => ({
    id: server.id,
    name: server.name,
    pollingIntervalMinutes: server.pollingIntervalMinutes,
    // The same client (and keep-alive connections) as the live lookups; polls pass their own deadlines.
    client: pool.clientFor(server, data.trustAnchorsPem, mdmDeadlineMs),
  }));
  pool.retain(new Set(enabled.map((server) => server.id)));

  return {
    version: data.version,
    findNad: nadLookup(nads),
    nads,
    policy,
    profiles,
    mdmServers,
    mdmPolling,
    mdmServerById: new Map(
      data.mdmServers.map((server) => [server.id, { name: server.name, redirectUrl: server.redirectUrl ?? undefined }]),
    ),
    fallbackOnNotRegistered: data.mdmSettings.fallbackOnNotRegistered,
    fallbackOnError: data.mdmSettings.fallbackOnError,
    eap: eapPool
      ? eapPool.runtimeFor(data.eap, log)
      : { server: undefined, unavailableReason: "EAP-TLS is not enabled in this process" },
  };
}
