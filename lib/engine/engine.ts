// The engine as an object: everything main.ts wires together, startable and stoppable in-process so
// integration tests run the real thing on ephemeral ports.
import crypto from "node:crypto";
import os from "node:os";
import packageJson from "../../package.json";
import type { DatabaseTarget, Db } from "../db/client";
import { getConfigVersion } from "../db/config-state";
import { getMdmServerConnection } from "../db/mdm-servers";
import { listMdmTrustAnchors } from "../db/trusted-certificates";
import type { SecretBox } from "../secret-box";
import {
  engineHealthSchema,
  mdmActionEngineRequestSchema,
  pollNowRequestSchema,
  refreshEndpointRequestSchema,
  sendCoaRequestSchema,
  testConnectionRequestSchema,
  type EngineHealth,
  type PollNowResult,
  type SendCoaResult,
} from "./control/schemas";
import { testConnection } from "./mdm/test-connection";
import { startControlServer, type AnyControlRoute, type ControlServer } from "./control/server";
import { z } from "zod";
import { insertCoaEvents } from "../db/coa-events";
import { applyEndpointUpdates, getEndpointByMac, listStoredCompliance, type EndpointMdmUpdate } from "../db/endpoints";
import { applySessionUpdates, listActiveSessionsByMacs } from "../db/radius-sessions";
import { insertAuthEvents, refreshAuthEventStatistics, updateAuthEventRepeats } from "../db/auth-events";
import { enableBulkFastPath } from "../db/bulk";
import { loadEngineConfig, listFreshEndpointAnswers, type EngineConfigData } from "../db/engine-config";
import { ensureDefaultPolicy } from "../db/policy";
import { ensureEapServerCertificate } from "../db/system-certificates";
import { ConversationTable } from "./eap/conversations";
import { defaultEapTlsSettings, type EapTlsSettings } from "./eap/eap-tls";
import { EapServerPool } from "./eap/server-pool";
import { createAaaHandler } from "./aaa/handler";
import { ComplianceService, type ComplianceConfig, type ComplianceResult } from "./compliance/compliance";
import { CompliancePoller, endpointUpdateOf } from "./compliance/poller";
import { CoaClient, type CoaClientOptions } from "./coa/client";
import { performMdmAction, refreshEndpoint, type EndpointActionDependencies } from "./endpoint-actions";
import { compileSnapshot, MdmClientPool, type ConfigSnapshot, type Nad } from "./config/snapshot";
import { EventWriter } from "./events/writer";
import type { MdmAttributeValues } from "./mdm/attributes";
import { EngineMetrics } from "./metrics";
import { DuplicateCache } from "./radius/duplicate-cache";
import { startRadiusListener, type RadiusListener } from "./radius/server";
import { simulatePolicy } from "./policy/simulate";
import { policySimulationRequestSchema } from "../validation/policy-simulation";

export type EngineOptions = {
  db: Db;
  dbTarget: DatabaseTarget;
  control: { host: string; port: number; token: string };
  /** Opens stored secrets (MDM passwords). */
  secretBox: SecretBox;
  /** How often the configuration version is polled (architecture: ≤ 1 s). */
  configPollMs?: number;
  /** RADIUS listeners (port 0 in tests); without it the engine serves only the control API. */
  radius?: { host: string; authPort: number; acctPort: number };
  /** Hard deadline of a live MDM compliance lookup, ms (MDM_LOOKUP_DEADLINE_MS). Default 1500. */
  mdmDeadlineMs?: number;
  /** Live-log batch interval, ms. Default 250. */
  eventFlushMs?: number;
  /** Live log: suppress repeated successful authentications of an endpoint within this many seconds (0 = off). */
  suppressRepeatsSeconds?: number;
  /** CoA retransmission settings (defaults: 2 s initial timeout, 5 tries; tests shorten them). */
  coa?: Pick<CoaClientOptions, "initialTimeoutMs" | "maxAttempts" | "bindAddress">;
  /** Length of one Polling Interval minute, ms. Default 60 000; tests shorten it. */
  pollMinuteMs?: number;
  /** EAP-TLS: fragment size and largest peer message; bound on concurrent conversations and their idle timeout. */
  eap?: Partial<EapTlsSettings> & { maxConversations?: number; conversationIdleMs?: number };
  log?: (message: string) => void;
};

export type RunningEngine = {
  controlPort: number;
  /** Bound RADIUS ports, when `radius` was given. */
  radius: { authPort: number; acctPort: number } | undefined;
  metrics: EngineMetrics;
  compliance: ComplianceService;
  /** MDM compliance polling and CoA ("poll now", "Send CoA now"). */
  poller: CompliancePoller;
  /** The configuration snapshot in use. */
  snapshot(): ConfigSnapshot;
  /** Reloads the configuration now if its version changed. */
  syncConfig(): Promise<boolean>;
  /** Writes queued events, endpoint and session updates now. */
  flushEvents(): Promise<void>;
  health(): Promise<EngineHealth>;
  stop(): Promise<void>;
};

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? ((message: string) => console.log(message));
  const startedAt = new Date();
  const nodeId = `${os.hostname()}-${crypto.randomBytes(3).toString("hex")}`;
  let configVersion = -1;
  let configLoadedAt: Date | null = null;
  let lastDbError: string | undefined;
  const mdmDeadlineMs = options.mdmDeadlineMs ?? 1500;
  const metrics = new EngineMetrics();
  const pool = new MdmClientPool();
  const eapPool = new EapServerPool();
  const compile = (data: Parameters<typeof compileSnapshot>[0]) => compileSnapshot(data, pool, { mdmDeadlineMs, log, eapPool });
  const conversations = new ConversationTable({
    maxConcurrent: options.eap?.maxConversations,
    idleTimeoutMs: options.eap?.conversationIdleMs,
  });
  /** The loaded configuration the snapshot was compiled from (MDM actions find their server's client in it). */
  let configData: EngineConfigData | undefined;
  let snapshot: ConfigSnapshot = compile({
    version: -1,
    nads: [],
    mdmServers: [],
    mdmSettings: { fallbackOnNotRegistered: false, fallbackOnError: false },
    trustAnchorsPem: [],
    policy: undefined,
    profiles: [],
    invalidProfiles: [],
  });
  const complianceConfig = (current: ConfigSnapshot): ComplianceConfig => ({
    servers: current.mdmServers,
    fallbackOnNotRegistered: current.fallbackOnNotRegistered,
    fallbackOnError: current.fallbackOnError,
    deadlineMs: mdmDeadlineMs,
  });
  const closeBulkFastPath = enableBulkFastPath(options.db, options.dbTarget);
  const events = new EventWriter({
    sink: {
      insertAuthEvents: (batch) => insertAuthEvents(options.db, batch),
      applyEndpointUpdates: (batch) => applyEndpointUpdates(options.db, batch),
      applySessionUpdates: (batch) => applySessionUpdates(options.db, batch),
      updateAuthEventRepeats: (batch) => updateAuthEventRepeats(options.db, batch),
    },
    flushMs: options.eventFlushMs ?? 250,
    onWritten: (count) => metrics.eventsWritten.inc({}, count),
    onDropped: (count) => metrics.eventsDropped.inc({}, count),
    onWriteFailed: () => metrics.databaseWriteFailures.inc(),
    log,
  });
  const compliance = new ComplianceService({
    config: complianceConfig(snapshot),
    onLiveResult: (result) => {
      // Counted once per query (coalesced requests share it); stored on the endpoint off the hot path.
      metrics.mdmLookups.inc({ outcome: result.outcome });
      if (result.latencyMs !== undefined) metrics.mdmLatency.observe(result.latencyMs / 1000, { outcome: result.outcome });
      // An EAP-TLS lookup by certificate GUID alone has no MAC to key the endpoint row by.
      if (result.mac) events.endpointMdm(endpointUpdateOf(result));
    },
  });
  const coa = new CoaClient({
    ...options.coa,
    onDropped: (reason) => metrics.coaAnswersDropped.inc({ reason }),
  });
  const nadsById = new WeakMap<ConfigSnapshot, Map<string, Nad>>();
  const nadById = (current: ConfigSnapshot, id: string): Nad | undefined => {
    let byId = nadsById.get(current);
    if (!byId) {
      byId = new Map(current.nads.map((nad) => [nad.id, nad]));
      nadsById.set(current, byId);
    }
    return byId.get(id);
  };
  /**
   * Poll answers go through the event writer's endpoint queue (latest answer per MAC wins), not straight to
   * the table: a live answer queued earlier must not land after the poll's and undo it. Two flushes: the
   * first may be one already under way that took its batch before these were queued.
   */
  async function saveAnswers(updates: readonly EndpointMdmUpdate[]): Promise<void> {
    for (let offset = 0; offset < updates.length; offset += 10_000) {
      for (const update of updates.slice(offset, offset + 10_000)) events.endpointMdm(update);
      await events.flush();
      await events.flush();
    }
  }
  const poller = new CompliancePoller(
    {
      listStoredCompliance: (mdmServerId) => listStoredCompliance(options.db, { mdmServerId }),
      saveAnswers,
      listActiveSessions: (macs) => listActiveSessionsByMacs(options.db, macs),
      insertCoaEvents: (batch) => insertCoaEvents(options.db, batch),
      compliance,
      coa,
      findNad: (session) => {
        const current = snapshot;
        return (session.nadId ? nadById(current, session.nadId) : undefined) ?? current.findNad(session.nadAddress);
      },
      onCycle: (summary) => {
        metrics.pollCycles.inc({ server: summary.mdmServerName, outcome: summary.outcome });
        metrics.pollChanges.inc({ server: summary.mdmServerName }, summary.changed);
        metrics.pollDuration.observe(summary.durationMs / 1000);
        if (summary.changed || summary.outcome !== "ok")
          log(
            `MDM poll of ${summary.mdmServerName}: ${summary.outcome}, ${summary.nonCompliant} non-compliant, ${summary.changed} changed, CoA ack ${summary.coa.ack} nak ${summary.coa.nak} timeout ${summary.coa.timeout} error ${summary.coa.error} (${summary.durationMs} ms)`,
          );
      },
      onCoa: (event) => metrics.coaRequests.inc({ kind: event.kind, trigger: event.trigger, result: event.result }),
      log,
    },
    { ...(options.pollMinuteMs ? { minuteMs: options.pollMinuteMs } : {}) },
  );
  const duplicates = new DuplicateCache();
  const sweep = setInterval(() => {
    duplicates.sweep();
    conversations.sweep();
  }, 5000);
  sweep.unref();
  // Live-log query plans stay good as the table grows (see refreshAuthEventStatistics).
  const refreshStatistics = () =>
    refreshAuthEventStatistics(options.db).catch((error: unknown) =>
      log(`live-log statistics not refreshed: ${(error as Error).message.split("\n")[0]}`),
    );
  void refreshStatistics();
  const statistics = setInterval(() => void refreshStatistics(), 60 * 60_000);
  statistics.unref();
  metrics.gauge("gatehouse_compliance_cache_entries", "Endpoints in the compliance cache", () => compliance.size);
  metrics.gauge("gatehouse_mdm_lookups_in_flight", "Live MDM lookups under way", () => compliance.inFlightCount);
  metrics.gauge("gatehouse_events_queued", "Observations waiting to be written", () => events.queued);
  metrics.gauge("gatehouse_config_version", "Configuration version in use", () => configVersion);
  metrics.gauge("gatehouse_network_devices", "Network devices in the configuration", () => snapshot.nads.length);
  metrics.gauge("gatehouse_eap_conversations", "EAP conversations in progress", () => conversations.size);

  /** Reloads the configuration snapshot when the database says it changed. */
  // Loads run one at a time: two overlapping loads could otherwise finish out of order and install the older
  // snapshot until the next poll.
  let syncChain: Promise<unknown> = Promise.resolve();
  function syncConfig(): Promise<boolean> {
    const run = syncChain.then(loadConfigIfChanged);
    syncChain = run.catch(() => undefined);
    return run;
  }

  async function loadConfigIfChanged(): Promise<boolean> {
    try {
      const version = await getConfigVersion(options.db);
      lastDbError = undefined;
      if (version === configVersion) return false;
      const data = await loadEngineConfig(options.db, options.secretBox);
      const next = compile(data);
      // One assignment: a packet sees the old snapshot or the new one, never a mix.
      snapshot = next;
      configData = data;
      compliance.setConfig(complianceConfig(next));
      poller.configure(next.mdmPolling);
      configVersion = data.version;
      configLoadedAt = new Date();
      log(
        `configuration version ${data.version} loaded: ${next.nads.length} network devices, ${next.mdmServers.length} enabled MDM servers, policy v${next.policy.version}`,
      );
      return true;
    } catch (error) {
      lastDbError = (error as Error).message.split("\n")[0];
      log(`configuration reload failed: ${lastDbError}`);
      return false;
    }
  }

  /** Stored MDM answers younger than their server's cache time warm the cache after a restart. */
  async function warmCompliance(): Promise<void> {
    const ttlById = new Map(snapshot.mdmServers.map((server) => [server.id, server.cacheTtlMs]));
    const longest = Math.max(0, ...ttlById.values());
    if (longest === 0) return;
    const rows = await listFreshEndpointAnswers(options.db, { since: new Date(Date.now() - longest) });
    const results: ComplianceResult[] = [];
    for (const row of rows) {
      if (!row.mac || !row.lastMdmQueryAt || !row.mdmServerId || !ttlById.has(row.mdmServerId)) continue;
      results.push({
        mac: row.mac,
        values: (row.mdmAttributes ? JSON.parse(row.mdmAttributes) : { MDMServerReachable: "Reachable" }) as MdmAttributeValues,
        outcome: row.lastMdmOutcome === "ok" ? "ok" : "not-registered",
        source: "cache",
        serverId: row.mdmServerId,
        serverName: row.mdmServerName ?? undefined,
        at: row.lastMdmQueryAt.getTime(),
        latencyMs: undefined,
        errorCode: undefined,
        registered: row.registered ?? undefined,
        compliant: row.compliant ?? undefined,
      });
    }
    compliance.seed(results);
    if (results.length) log(`compliance cache: ${results.length} endpoints loaded from the database`);
  }

  async function health(): Promise<EngineHealth> {
    let dbOk = true;
    try {
      await options.db.$queryRawUnsafe("SELECT 1");
    } catch (error) {
      dbOk = false;
      lastDbError = (error as Error).message.split("\n")[0];
    }
    // Reachable is not enough: a locked or full database answers SELECT 1 and refuses the engine's writes.
    const writeFailure = events.writeFailure;
    if (dbOk && writeFailure) {
      dbOk = false;
      lastDbError = `writes failing for ${Math.round((Date.now() - writeFailure.since) / 1000)} s (${events.queued} updates waiting): ${writeFailure.message}`;
    }
    return engineHealthSchema.parse({
      status: "ok",
      version: packageJson.version,
      nodeId,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      database: { kind: options.dbTarget.provider, ok: dbOk, ...(dbOk ? {} : { error: lastDbError }) },
      configVersion,
      configLoadedAt: configLoadedAt?.toISOString() ?? null,
    });
  }

  try {
    const seeded = await ensureDefaultPolicy(options.db);
    if (seeded.seeded) log("seeded the default authorization policy (version 1) and profiles");
  } catch (error) {
    log(`default policy not seeded: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    const eapCertificate = await ensureEapServerCertificate(options.db, options.secretBox, { commonName: os.hostname() });
    if (eapCertificate.created)
      log("generated a self-signed EAP server certificate (RSA 2048); import a CA-issued one for production");
  } catch (error) {
    log(`EAP server certificate not created: ${(error as Error).message.split("\n")[0]}`);
  }
  await syncConfig();
  try {
    await warmCompliance();
  } catch (error) {
    log(`compliance cache not warmed: ${(error as Error).message.split("\n")[0]}`);
  }
  const poll = setInterval(() => void syncConfig(), options.configPollMs ?? 1000);
  poll.unref();

  const routes: AnyControlRoute[] = [
    { method: "GET", path: "/health", handle: health },
    {
      method: "POST",
      path: "/config/reload",
      input: z.object({}).passthrough(),
      handle: async () => ({ reloaded: await syncConfig(), configVersion }),
    },
  ];
  /** Test Connection with the form's values, against the engine's trust store (trusted for MDM). */
  async function runTestConnection(request: z.output<typeof testConnectionRequestSchema>) {
    let password = request.password;
    if (!password && request.mdmServerId) {
      password = (await getMdmServerConnection(options.db, options.secretBox, { id: request.mdmServerId })).password;
    }
    const anchors = await listMdmTrustAnchors(options.db);
    return testConnection({
      host: request.host,
      port: request.port,
      instance: request.instance,
      username: request.username,
      password: password ?? "",
      trustedCertificatesPem: anchors.map((anchor) => anchor.pem),
      timeoutMs: request.timeoutMs,
    });
  }
  routes.push({
    method: "GET",
    path: "/metrics",
    contentType: "text/plain; version=0.0.4; charset=utf-8",
    handle: () => metrics.render(),
  });
  routes.push({
    method: "POST",
    path: "/coa",
    input: sendCoaRequestSchema,
    handle: async ({ mac }: { mac: string }): Promise<SendCoaResult> => {
      const sent = await poller.sendCoaNow(mac);
      return { mac, sent: sent.length > 0, events: sent };
    },
  });
  const endpointActions: EndpointActionDependencies = {
    compliance,
    // Two flushes: the first may be one already under way that took its batch before the answer was queued.
    flushEndpoints: async () => {
      await events.flush();
      await events.flush();
    },
    findEndpoint: (mac) => getEndpointByMac(options.db, { mac }),
    mdmServer: (id) => {
      const server = configData?.mdmServers.find((candidate) => candidate.id === id && candidate.isEnabled);
      // The pool hands back the client (and keep-alive connections) the lookups and polls already use.
      return server && configData
        ? { id, name: server.name, client: pool.clientFor(server, configData.trustAnchorsPem, mdmDeadlineMs) }
        : undefined;
    },
  };
  routes.push({
    method: "POST",
    path: "/endpoints/refresh",
    input: refreshEndpointRequestSchema,
    handle: ({ mac }: { mac: string }) => refreshEndpoint(endpointActions, mac),
  });
  routes.push({
    method: "POST",
    path: "/mdm/action",
    input: mdmActionEngineRequestSchema,
    handle: (request: z.output<typeof mdmActionEngineRequestSchema>) => performMdmAction(endpointActions, request),
  });
  routes.push({
    method: "POST",
    path: "/mdm/poll",
    input: pollNowRequestSchema,
    handle: async ({ mdmServerId }: { mdmServerId: string }): Promise<PollNowResult> => {
      const cycle = poller.pollNow(mdmServerId);
      if (!cycle) return { polled: false, reason: "This MDM server is not enabled (or does not exist)" };
      return { polled: true, summary: await cycle };
    },
  });
  routes.push({
    method: "POST",
    path: "/mdm/test-connection",
    input: testConnectionRequestSchema,
    handle: runTestConnection,
  });

  routes.push({
    method: "POST",
    path: "/policy/simulate",
    input: policySimulationRequestSchema,
    handle: (request: z.output<typeof policySimulationRequestSchema>) =>
      simulatePolicy({ snapshot: () => snapshot, compliance }, request),
  });

  const aaa = createAaaHandler({
    snapshot: () => snapshot,
    compliance,
    duplicates,
    metrics,
    events,
    nodeId,
    log,
    suppressRepeatsMs: (options.suppressRepeatsSeconds ?? 0) * 1000,
    conversations,
    eapSettings: { ...defaultEapTlsSettings, ...options.eap },
  });
  const listeners: RadiusListener[] = [];
  const shutdown = async () => {
    clearInterval(poll);
    clearInterval(sweep);
    clearInterval(statistics);
    // Poll cycles waiting on CoA answers end once the client closes (their requests end as errors).
    const pollerStopped = poller.stop();
    await coa.close();
    await pollerStopped;
    await Promise.all(listeners.map((listener) => listener.close()));
    await events.stop();
    closeBulkFastPath();
    pool.close();
    conversations.clear();
    eapPool.close();
  };

  let control: ControlServer;
  let radius: RunningEngine["radius"];
  try {
    if (options.radius) {
      const onError = (error: Error) => log(`RADIUS listener: ${error.message}`);
      const auth = await startRadiusListener({
        host: options.radius.host,
        port: options.radius.authPort,
        handler: aaa.handleAuth,
        onError,
      });
      listeners.push(auth);
      const acct = await startRadiusListener({
        host: options.radius.host,
        port: options.radius.acctPort,
        handler: aaa.handleAcct,
        onError,
      });
      listeners.push(acct);
      radius = { authPort: auth.port, acctPort: acct.port };
      log(`RADIUS listening on ${options.radius.host}: authentication ${auth.port}/udp, accounting ${acct.port}/udp`);
    }
    control = await startControlServer({ ...options.control, routes, log });
  } catch (error) {
    await shutdown();
    throw error;
  }
  log(`control API listening on http://${options.control.host}:${control.port}`);

  return {
    controlPort: control.port,
    radius,
    metrics,
    compliance,
    poller,
    snapshot: () => snapshot,
    syncConfig,
    flushEvents: () => events.flush(),
    health,
    async stop() {
      await shutdown();
      await control.close();
    },
  };
}
