// MDM compliance polling with RADIUS Change of Authorization (ise-mdm-reference §5 "Polling"; RFC 5176).
//
// Per enabled MDM server whose Polling Interval is > 0, one timer; one cycle at a time per server:
//   1. read the stored compliance of the endpoints this server covers (one narrow query);
//   2. stream the server's bulk non-compliant query page by page (`querycriteria=compliance&value=false`,
//      honouring v3 `server_busy_wait_seconds`) into a Set of MACs — only devices whose stored state
//      differs are kept whole, so memory holds one page plus the changes;
//   3. diff: stored Compliant / UnRegistered / unknown and now listed → became NonCompliant; stored
//      NonCompliant and no longer listed → asked again with one `batchdevices` call, because "not listed"
//      may mean compliant, unenrolled, or merely a device that turned non-compliant after its page passed;
//   4. store the new answers and put them in the engine's compliance cache BEFORE any CoA, so the
//      re-authentication the CoA triggers is decided on the new state instead of a cached old one;
//   5. for changed endpoints with an active accounting session, one CoA to the session's NAD (bounded
//      concurrency through one CoaClient), every outcome logged as a CoaEvent.
// Steps 4–5 run per page of changes while the next page is fetched (the re-check's changes follow last).
// Endpoints whose state did not change, and endpoints without an active session, never get a CoA: a CoA
// interrupts the user for a moment (Wi-Fi re-association, a VoIP call's media path).
import type { CoaEventInput } from "../../db/coa-events";
import type { EndpointMdmUpdate, StoredCompliance } from "../../db/endpoints";
import type { ActiveSession } from "../../db/radius-sessions";
import type { CoaKind, CoaOutcome, CoaSession, CoaTarget } from "../coa/client";
import { mdmAttributeValues } from "../mdm/attributes";
import { isMdmError } from "../mdm/errors";
import type { MdmDevice, MdmDevicePage } from "../mdm/types";
import type { ComplianceResult } from "./compliance";

/** The MdmClient calls a poll makes. */
export interface PollMdmClient {
  nonCompliantPages(options: { timeoutMs?: number; signal?: AbortSignal }): AsyncIterable<MdmDevicePage>;
  batchLookup(
    criterion: "macaddress",
    macs: readonly string[],
    call: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<MdmDevice[]>;
  lookupByMac(mac: string, call: { timeoutMs?: number; signal?: AbortSignal }): Promise<MdmDevice | undefined>;
}

export interface PolledServer {
  id: string;
  name: string;
  /** 0 = no timer (a manual "poll now" still works). */
  pollingIntervalMinutes: number;
  client: PollMdmClient;
}

/** The NAD a session belongs to, as the configuration snapshot has it. */
export interface CoaNad {
  id: string;
  name: string;
  secret: Buffer;
  vendorProfile: string;
  coaPort: number;
}

export interface PollerDependencies {
  listStoredCompliance(mdmServerId: string): Promise<StoredCompliance[]>;
  /** Stores new MDM answers on the endpoints; resolves once written. */
  saveAnswers(updates: readonly EndpointMdmUpdate[]): Promise<void>;
  listActiveSessions(macs: readonly string[]): Promise<ActiveSession[]>;
  insertCoaEvents(events: readonly CoaEventInput[]): Promise<unknown>;
  /** The engine's compliance cache: the poll's answers replace cached ones. */
  compliance: {
    seed(results: Iterable<ComplianceResult>): void;
    invalidate(mac?: string): void;
    peek(mac: string): ComplianceResult | undefined;
  };
  coa: { send(kind: CoaKind, target: CoaTarget, session: CoaSession): Promise<CoaOutcome> };
  /** The NAD of a session: by its id, else by the address it sends from (current snapshot). */
  findNad(session: Pick<ActiveSession, "nadId" | "nadAddress">): CoaNad | undefined;
  onCycle?(summary: PollCycleSummary): void;
  onCoa?(event: CoaEventInput): void;
  log?(message: string): void;
}

export interface PollerOptions {
  /** Length of one Polling Interval minute, ms (tests shorten it). Default 60 000. */
  minuteMs?: number;
  /** CoAs in flight at once. Default 64: a burst of changes must not flood one NAD's CoA listener. */
  coaConcurrency?: number;
  /** Deadline of each MDM request of a poll (a page, a batch), ms. Default 30 000. */
  mdmRequestTimeoutMs?: number;
  now?: () => number;
}

export type ComplianceState = "Compliant" | "NonCompliant" | "UnRegistered" | "Unknown";

export interface PollCycleSummary {
  mdmServerId: string;
  mdmServerName: string;
  /** ok; partial: the bulk query worked, re-checking devices no longer listed failed; error: nothing applied. */
  outcome: "ok" | "partial" | "error";
  startedAt: string;
  durationMs: number;
  /** MACs the bulk query listed as non-compliant. */
  nonCompliant: number;
  changed: number;
  /** Changed endpoints without an active session (no CoA). */
  withoutSession: number;
  coa: Record<CoaOutcome["result"], number>;
  /**
   * Where the cycle's time went, ms. Sequential: `stored` (reading stored states), `query` (the bulk query,
   * with the changes of each page applied meanwhile), `recheck`, `drain` (waiting for the last CoAs). Summed
   * busy time of the overlapping work: `save` (storing answers), `sessions`, `coa`.
   */
  phasesMs: Partial<Record<"stored" | "query" | "recheck" | "drain" | "save" | "sessions" | "coa", number>>;
  error?: string;
}

type Change = { mac: string; from: ComplianceState; to: ComplianceState; device: MdmDevice | undefined };

type ServerState = {
  server: PolledServer;
  timer: NodeJS.Timeout | undefined;
  running: Promise<PollCycleSummary> | undefined;
};

export class CompliancePoller {
  readonly #deps: PollerDependencies;
  readonly #minuteMs: number;
  readonly #coaConcurrency: number;
  readonly #mdmTimeoutMs: number;
  readonly #now: () => number;
  readonly #servers = new Map<string, ServerState>();
  readonly #abort = new AbortController();
  #stopped = false;

  constructor(deps: PollerDependencies, options: PollerOptions = {}) {
    this.#deps = deps;
    this.#minuteMs = options.minuteMs ?? 60_000;
    this.#coaConcurrency = options.coaConcurrency ?? 64;
    this.#mdmTimeoutMs = options.mdmRequestTimeoutMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes the enabled servers of a new configuration snapshot: timers of removed servers stop, a changed
   * interval restarts its timer from now, an unchanged one keeps its schedule (the client may be new). The
   * first cycle of a server runs one interval after it appears (engine start included); "poll now" runs one at once.
   */
  configure(servers: readonly PolledServer[]): void {
    if (this.#stopped) return;
    const wanted = new Map(servers.map((server) => [server.id, server]));
    for (const [id, state] of this.#servers) {
      if (!wanted.has(id)) {
        clearTimeout(state.timer);
        this.#servers.delete(id);
      }
    }
    for (const server of servers) {
      const state = this.#servers.get(server.id);
      if (state) {
        const intervalChanged = state.server.pollingIntervalMinutes !== server.pollingIntervalMinutes;
        state.server = server;
        if (intervalChanged) this.#schedule(state);
      } else {
        const created: ServerState = { server, timer: undefined, running: undefined };
        this.#servers.set(server.id, created);
        this.#schedule(created);
      }
    }
  }

  #schedule(state: ServerState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    const minutes = state.server.pollingIntervalMinutes;
    if (this.#stopped || minutes <= 0) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.#run(state).finally(() => {
        // The next cycle is one interval after this one ends: cycles of one server never overlap.
        if (this.#servers.get(state.server.id) === state && state.timer === undefined) this.#schedule(state);
      });
    }, minutes * this.#minuteMs);
    state.timer.unref();
  }

  /** Runs a cycle for this server now ("poll now"), or joins the one under way. */
  pollNow(mdmServerId: string): Promise<PollCycleSummary> | undefined {
    const state = this.#servers.get(mdmServerId);
    return state ? this.#run(state) : undefined;
  }

  #run(state: ServerState): Promise<PollCycleSummary> {
    state.running ??= this.#cycle(state.server).finally(() => (state.running = undefined));
    return state.running;
  }

  async #cycle(server: PolledServer): Promise<PollCycleSummary> {
    const started = this.#now();
    const summary: PollCycleSummary = {
      mdmServerId: server.id,
      mdmServerName: server.name,
      outcome: "ok",
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      nonCompliant: 0,
      changed: 0,
      withoutSession: 0,
      coa: { ack: 0, nak: 0, timeout: 0, error: 0 },
      phasesMs: {},
    };
    let phaseStarted = started;
    const phase = (name: "stored" | "query" | "recheck" | "drain") => {
      const now = this.#now();
      summary.phasesMs[name] = now - phaseStarted;
      phaseStarted = now;
    };
    // Changes are applied page by page while the next page is fetched: the MDM builds page n+1 while this
    // process stores and sends CoAs for page n. One batch at a time, in order (a chain that never rejects).
    let applying: Promise<void> = Promise.resolve();
    const enqueue = (changes: readonly Change[]) => {
      // An endpoint that authenticated during this cycle with a live answer already in the new state was
      // authorized on it then: the stored state read at the start is older than that, and a CoA would only
      // interrupt the user again.
      const fresh = changes.filter((change) => {
        const live = this.#deps.compliance.peek(change.mac);
        return !(live && live.at >= started && stateOf(live) === change.to);
      });
      if (fresh.length === 0) return;
      summary.changed += fresh.length;
      applying = applying.then(() => this.#apply(server, fresh, summary));
    };
    const call = { timeoutMs: this.#mdmTimeoutMs, signal: this.#abort.signal };
    try {
      const stored = new Map<string, StoredCompliance>();
      for (const row of await this.#deps.listStoredCompliance(server.id)) stored.set(row.mac, row);
      phase("stored");

      const listed = new Set<string>();
      for await (const page of server.client.nonCompliantPages(call)) {
        const batch: Change[] = [];
        for (const device of page.devices) {
          // A device answered in the compliance=false query is non-compliant even when its answer leaves
          // the status out (sparse Intune-style attributes); policy needs DeviceCompliantStatus to say so.
          const nonCompliant: MdmDevice =
            device.compliance.status === undefined ? { ...device, compliance: { ...device.compliance, status: false } } : device;
          if (nonCompliant.compliance.status !== false) continue;
          // Every MAC of the device (v3 `macaddresses`): any of them may be the one on the wire. A device
          // that names no MAC (some MDMs) cannot be matched to an endpoint here; live lookups still see it.
          for (const mac of macsOf(device)) {
            if (listed.has(mac)) continue;
            listed.add(mac);
            const row = stored.get(mac);
            if (!row || row.compliant === false) continue;
            batch.push({ mac, from: stateOf(row), to: "NonCompliant", device: nonCompliant });
          }
        }
        enqueue(batch);
      }
      summary.nonCompliant = listed.size;
      phase("query");

      // Only with the whole list read: "no longer listed" means nothing before the last page.
      const candidates: string[] = [];
      for (const row of stored.values()) if (row.compliant === false && !listed.has(row.mac)) candidates.push(row.mac);
      try {
        enqueue(await this.#recheck(server, candidates, call));
      } catch (error) {
        summary.outcome = "partial";
        summary.error = `Devices no longer listed as non-compliant could not be re-checked: ${describeError(error)}`;
        this.#deps.log?.(`MDM poll of ${server.name}: ${summary.error}`);
      }
      phase("recheck");
    } catch (error) {
      // Changes of the pages read before the failure are real and stay applied.
      summary.outcome = "error";
      summary.error = describeError(error);
      this.#deps.log?.(`MDM poll of ${server.name} failed: ${summary.error}`);
    }
    await applying;
    phase("drain");
    summary.durationMs = this.#now() - started;
    this.#deps.onCycle?.(summary);
    return summary;
  }

  /**
   * One batch of changes: the new answers stored and put in the compliance cache BEFORE any CoA — the CoA
   * makes the NAD re-authenticate at once, and that request must meet the new answer, not a cached old
   * one — then one CoA per changed endpoint's active session. Never rejects.
   */
  async #apply(server: PolledServer, changes: readonly Change[], summary: PollCycleSummary): Promise<void> {
    const busy = (name: "save" | "sessions" | "coa", since: number) => {
      summary.phasesMs[name] = (summary.phasesMs[name] ?? 0) + (this.#now() - since);
    };
    let since = this.#now();
    const results = changes.map((change) => answerOf(change, server, since));
    try {
      await this.#deps.saveAnswers(results.map(endpointUpdateOf));
    } catch (error) {
      // The cache still gets the new answers and the CoAs still go: the next live answer is stored anyway.
      this.#deps.log?.(`MDM poll of ${server.name}: endpoint states not stored: ${describeError(error)}`);
    }
    this.#deps.compliance.seed(results);
    busy("save", since);

    since = this.#now();
    let sessions: Map<string, ActiveSession>;
    try {
      sessions = latestSessionPerMac(await this.#deps.listActiveSessions(changes.map((change) => change.mac)));
    } catch (error) {
      this.#deps.log?.(`MDM poll of ${server.name}: active sessions not read, no CoA sent: ${describeError(error)}`);
      summary.outcome = "partial";
      return;
    }
    const jobs: { session: ActiveSession; change: Change }[] = [];
    for (const change of changes) {
      const session = sessions.get(change.mac);
      if (session) jobs.push({ session, change });
      else summary.withoutSession += 1;
    }
    busy("sessions", since);

    since = this.#now();
    const events = await this.#sendAll(
      jobs.map(({ session, change }) => ({
        session,
        reason: `compliance changed: ${change.from} → ${change.to}`,
        trigger: "poll" as const,
        mdmServerName: server.name,
      })),
    );
    for (const event of events) summary.coa[event.result] += 1;
    busy("coa", since);
  }

  /**
   * Endpoints stored NonCompliant that the bulk query no longer lists: one `batchdevices` call (§1.2)
   * tells compliant from unenrolled. A device still non-compliant (it changed after its page was read)
   * is no change. MDMs whose batch answers name no MAC are asked one MAC at a time.
   */
  async #recheck(
    server: PolledServer,
    macs: readonly string[],
    call: { timeoutMs: number; signal: AbortSignal },
  ): Promise<Change[]> {
    if (macs.length === 0) return [];
    const byMac = new Map<string, MdmDevice>();
    const devices = await server.client.batchLookup("macaddress", macs, call);
    let unnamed = false;
    for (const device of devices) {
      const own = macsOf(device);
      if (own.length === 0) unnamed = true;
      for (const mac of own) byMac.set(mac, device);
    }
    if (unnamed) {
      for (const mac of macs) {
        if (byMac.has(mac)) continue;
        const device = await server.client.lookupByMac(mac, call);
        if (device) byMac.set(mac, device);
      }
    }
    const changes: Change[] = [];
    for (const mac of macs) {
      const device = byMac.get(mac);
      if (!device || !device.registered) {
        changes.push({ mac, from: "NonCompliant", to: "UnRegistered", device });
        continue;
      }
      if (device.compliance.status === true) changes.push({ mac, from: "NonCompliant", to: "Compliant", device });
      // false: still non-compliant; undefined: the MDM did not say — neither is a change.
    }
    return changes;
  }

  /**
   * "Send CoA now" for one endpoint: its cached compliance is dropped so the re-authentication asks the
   * MDM afresh, then its active session gets a CoA. Resolves with the logged events (none without a session).
   */
  async sendCoaNow(mac: string): Promise<CoaEventInput[]> {
    this.#deps.compliance.invalidate(mac);
    const session = latestSessionPerMac(await this.#deps.listActiveSessions([mac])).get(mac);
    if (!session) return [];
    return this.#sendAll([{ session, reason: "manual: Send CoA now", trigger: "manual", mdmServerName: null }]);
  }

  async #sendAll(
    jobs: readonly {
      session: ActiveSession;
      reason: string;
      trigger: CoaEventInput["trigger"];
      mdmServerName: string | null;
    }[],
  ): Promise<CoaEventInput[]> {
    const events: CoaEventInput[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const event = await this.#sendOne(job.session, job.reason, job.trigger, job.mdmServerName);
        events.push(event);
        this.#deps.onCoa?.(event);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#coaConcurrency, jobs.length) }, worker));
    if (events.length) {
      try {
        await this.#deps.insertCoaEvents(events);
      } catch (error) {
        this.#deps.log?.(`${events.length} CoA log entries not stored: ${describeError(error)}`);
      }
    }
    return events;
  }

  async #sendOne(
    session: ActiveSession,
    reason: string,
    trigger: CoaEventInput["trigger"],
    mdmServerName: string | null,
  ): Promise<CoaEventInput> {
    const at = new Date(this.#now());
    const nad = this.#deps.findNad(session);
    const base = {
      at,
      mac: session.mac ?? "",
      nadId: nad?.id ?? session.nadId,
      nadName: nad?.name ?? null,
      nadAddress: session.nadAddress,
      acctSessionId: session.acctSessionId,
      reason,
      trigger,
      mdmServerName,
    };
    if (!nad) {
      return {
        ...base,
        coaPort: 0,
        kind: "reauthenticate",
        result: "error",
        errorCause: "The session's network device is not configured any more",
        attempts: 0,
        latencyMs: 0,
      };
    }
    const kind = coaKindFor(nad.vendorProfile);
    // The CoA goes to the address the session's RADIUS traffic came from: a NAD configured as a range has
    // many members, and only the one holding the session can act on it (RFC 5176 §3).
    const outcome = await this.#deps.coa.send(
      kind,
      { address: session.nadAddress, port: nad.coaPort, secret: nad.secret },
      {
        acctSessionId: session.acctSessionId,
        callingStationId: session.callingStationId,
        userName: session.userName,
        framedIp: session.framedIp,
      },
    );
    return {
      ...base,
      coaPort: nad.coaPort,
      kind,
      result: outcome.result,
      errorCause: outcome.errorCause ?? outcome.detail ?? null,
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
    };
  }

  /** Stops every timer; cycles under way end (their MDM calls are aborted) before this resolves. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    const running: Promise<unknown>[] = [];
    for (const state of this.#servers.values()) {
      clearTimeout(state.timer);
      if (state.running) running.push(state.running);
    }
    this.#servers.clear();
    // A cycle waiting for CoA answers ends when the engine closes the CoA client (its requests end as errors).
    await Promise.allSettled(running);
  }
}

/**
 * Which RFC 5176 request a NAD gets. Cisco: CoA-Request with `subscriber:command=reauthenticate` (the
 * session stays up; the switch re-runs MAB and applies the new authorization). Aruba and generic NADs:
 * Disconnect-Request — the reauthenticate command is a Cisco VSA others ignore, while every RFC 5176 NAD
 * honours a Disconnect, after which the device reconnects and is authorized afresh.
 */
export function coaKindFor(vendorProfile: string): CoaKind {
  return vendorProfile === "cisco" ? "reauthenticate" : "disconnect";
}

function macsOf(device: MdmDevice): string[] {
  if (device.macaddresses.length === 0) return device.macaddress ? [device.macaddress] : [];
  return device.macaddress && !device.macaddresses.includes(device.macaddress)
    ? [device.macaddress, ...device.macaddresses]
    : device.macaddresses;
}

function stateOf(row: { registered: boolean | null | undefined; compliant: boolean | null | undefined }): ComplianceState {
  if (row.registered === false) return "UnRegistered";
  if (row.compliant === true) return "Compliant";
  if (row.compliant === false) return "NonCompliant";
  return "Unknown";
}

function answerOf(change: Change, server: PolledServer, at: number): ComplianceResult {
  const values = mdmAttributeValues({ reachable: true, device: change.device }, { serverName: server.name, now: new Date(at) });
  const registered = change.to !== "UnRegistered";
  return {
    mac: change.mac,
    values,
    outcome: registered ? "ok" : "not-registered",
    source: "live",
    serverId: server.id,
    serverName: server.name,
    at,
    latencyMs: undefined,
    errorCode: undefined,
    registered,
    compliant: change.to === "Compliant" ? true : change.to === "NonCompliant" ? false : undefined,
  };
}

/** A compliance answer as the endpoint row stores it (live lookups and poll cycles alike). */
export function endpointUpdateOf(result: ComplianceResult): EndpointMdmUpdate {
  return {
    mac: result.mac,
    mdmServerId: result.serverId ?? null,
    mdmServerName: result.serverName ?? null,
    registered: result.registered ?? null,
    compliant: result.compliant ?? null,
    mdmAttributes: { ...result.values },
    lastMdmOutcome: result.outcome,
    lastMdmQueryAt: new Date(result.at),
    ...(result.guid ? { guid: result.guid } : {}),
  };
}

/**
 * One session per endpoint: the most recently updated. A MAC with two "active" sessions has one whose Stop
 * was lost (it roamed, the NAD rebooted without Accounting-On); a CoA for that one would only be NAKed.
 */
function latestSessionPerMac(sessions: readonly ActiveSession[]): Map<string, ActiveSession> {
  const latest = new Map<string, ActiveSession>();
  for (const session of sessions) {
    if (!session.mac) continue;
    const known = latest.get(session.mac);
    if (!known || known.lastUpdateAt < session.lastUpdateAt) latest.set(session.mac, session);
  }
  return latest;
}

function describeError(error: unknown): string {
  if (isMdmError(error)) return `${error.code}: ${error.message}`;
  return (error as Error).message?.split("\n")[0] ?? String(error);
}
