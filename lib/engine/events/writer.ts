// Observations leave the hot path here: the RADIUS handler pushes plain objects into bounded queues and
// returns; a timer flushes them to the database in batches (every `flushMs`, or sooner when a batch is
// full). When the database cannot keep up or is down, failed writes are kept and retried with backoff;
// once the queue bound is hit new events are counted as dropped: the live log may lose lines,
// authentication never waits for it.
import type { AuthEventInput, AuthEventRepeat } from "../../db/auth-events";
import type { EndpointMdmUpdate, EndpointSeenUpdate } from "../../db/endpoints";
import type { SessionUpdate } from "../../db/radius-sessions";

export interface EventSink {
  insertAuthEvents(events: readonly AuthEventInput[]): Promise<unknown>;
  applyEndpointUpdates(batch: { mdm: readonly EndpointMdmUpdate[]; seen: readonly EndpointSeenUpdate[] }): Promise<void>;
  applySessionUpdates(updates: readonly SessionUpdate[]): Promise<void>;
  updateAuthEventRepeats(repeats: readonly AuthEventRepeat[]): Promise<unknown>;
}

/** An auth event whose (costlier) request/reply detail is built at flush time, not on the hot path. */
export type PendingAuthEvent = Omit<AuthEventInput, "request" | "reply" | "trace"> & {
  detail: () => Pick<AuthEventInput, "request" | "reply" | "trace">;
};

/** A logged success's repeat counter, moved on in place by the AAA handler for each suppressed repeat. */
export interface RepeatCounter {
  readonly eventId: string;
  readonly count: number;
  /** ms since epoch of the latest repeat. */
  readonly lastAt: number;
}

export interface EventWriterOptions {
  sink: EventSink;
  flushMs?: number;
  /** Events per database batch. Default 1000. */
  batchSize?: number;
  /** Queue bound for auth events. Default 50 000. */
  maxQueued?: number;
  /**
   * Repeat counters are written at most this often (ms): a busy endpoint moves its counter on every request,
   * and one UPDATE per request would cost what the suppressed insert did. Default 5000. When many endpoints
   * repeat, the interval stretches so writing counters takes at most ~1 % of the time (see #drain).
   */
  repeatFlushMs?: number;
  now?: () => number;
  onWritten?: (count: number) => void;
  onDropped?: (count: number) => void;
  /** A write failed (the queued items are kept and retried). */
  onWriteFailed?: (message: string) => void;
  log?: (message: string) => void;
}

export class EventWriter {
  readonly #sink: EventSink;
  readonly #flushMs: number;
  readonly #batchSize: number;
  readonly #maxQueued: number;
  readonly #options: EventWriterOptions;
  #events: PendingAuthEvent[] = [];
  // Keyed by MAC: only the latest per endpoint is written.
  #endpointMdm = new Map<string, EndpointMdmUpdate>();
  #endpointSeen = new Map<string, EndpointSeenUpdate>();
  // Ordered: Start, Interim and Stop of one session must apply in arrival order.
  #sessions: SessionUpdate[] = [];
  // The live counters of logged events (owned and moved on by the handler): only their value at write
  // time is written, however often they moved.
  #repeats = new Set<RepeatCounter>();
  #repeatsDueAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #stopped = false;
  #failure: { streak: number; since: number; retryAt: number; loggedAt: number; message: string } | undefined;
  readonly #clock: () => number;
  dropped = 0;
  written = 0;

  constructor(options: EventWriterOptions) {
    this.#options = options;
    this.#sink = options.sink;
    this.#flushMs = options.flushMs ?? 250;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxQueued = options.maxQueued ?? 50_000;
    this.#clock = options.now ?? Date.now;
    this.#timer = setInterval(() => void this.flush(), this.#flushMs);
    this.#timer.unref();
  }

  authEvent(event: PendingAuthEvent): void {
    if (this.#stopped || this.#events.length >= this.#maxQueued) {
      this.dropped += 1;
      this.#options.onDropped?.(1);
      return;
    }
    this.#events.push(event);
  }

  endpointMdm(update: EndpointMdmUpdate): void {
    if (this.#endpointMdm.size >= this.#maxQueued && !this.#endpointMdm.has(update.mac)) return;
    this.#endpointMdm.set(update.mac, update);
  }

  endpointSeen(update: EndpointSeenUpdate): void {
    if (this.#endpointSeen.size >= this.#maxQueued && !this.#endpointSeen.has(update.mac)) return;
    this.#endpointSeen.set(update.mac, update);
  }

  session(update: SessionUpdate): void {
    // Accounting is acknowledged to the NAD only after it is queued; the bound is generous.
    if (this.#sessions.length >= this.#maxQueued * 2) {
      this.#options.log?.("accounting queue full: session update dropped");
      return;
    }
    this.#sessions.push(update);
  }

  /**
   * A logged event's repeat counter moved (a suppressed identical success). The counter is kept by
   * reference, so a busy endpoint costs one Set lookup per request and nothing is allocated.
   */
  repeat(counter: RepeatCounter): void {
    if (this.#repeats.size >= this.#maxQueued && !this.#repeats.has(counter)) return;
    this.#repeats.add(counter);
  }

  get queued(): number {
    return this.#events.length + this.#endpointMdm.size + this.#endpointSeen.size + this.#sessions.length + this.#repeats.size;
  }

  /** False from a failed write until a write succeeds again (the database is down, locked or full). */
  get databaseOk(): boolean {
    return this.#failure === undefined;
  }

  /** While writes fail: since when (ms since epoch) and the database's last error. */
  get writeFailure(): { since: number; message: string } | undefined {
    return this.#failure && { since: this.#failure.since, message: this.#failure.message };
  }

  /** Writes everything queued so far. Concurrent calls share one flush. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    if (this.queued === 0) return Promise.resolve();
    // After a failed write, wait out the backoff (stopping still tries once more).
    if (!this.#stopped && this.#failure && this.#clock() < this.#failure.retryAt) return Promise.resolve();
    this.#flushing = this.#drain().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  /**
   * One pass over the queues, oldest first. A write that fails puts its items back at the head of their
   * queue and ends the pass: the database is unavailable, so the next pass waits (1 s, doubling up to 30 s)
   * while RADIUS goes on answering from memory and the queues absorb the outage up to their bound — beyond
   * it new events are dropped and counted, never the engine's answers.
   */
  async #drain(): Promise<void> {
    const sessions = this.#sessions;
    this.#sessions = [];
    if (
      sessions.length &&
      !(await this.#write("session updates", sessions.length, () => this.#sink.applySessionUpdates(sessions)))
    ) {
      this.#sessions = [...sessions, ...this.#sessions];
      return;
    }
    const mdm = [...this.#endpointMdm.values()];
    const seen = [...this.#endpointSeen.values()];
    this.#endpointMdm = new Map();
    this.#endpointSeen = new Map();
    if (
      (mdm.length || seen.length) &&
      !(await this.#write("endpoint updates", mdm.length + seen.length, () => this.#sink.applyEndpointUpdates({ mdm, seen })))
    ) {
      // Updates queued meanwhile are newer: they win.
      for (const update of mdm) if (!this.#endpointMdm.has(update.mac)) this.#endpointMdm.set(update.mac, update);
      for (const update of seen) if (!this.#endpointSeen.has(update.mac)) this.#endpointSeen.set(update.mac, update);
      return;
    }
    while (this.#events.length) {
      // Yield between batches: a SQLite write is synchronous, and packets must get in between.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.#events.splice(0, this.#batchSize);
      const rows = batch.map(({ detail, ...event }) => ({ ...event, ...detail() }));
      if (!(await this.#write("auth events", batch.length, () => this.#sink.insertAuthEvents(rows)))) {
        this.#events.unshift(...batch);
        return;
      }
      this.written += batch.length;
      this.#options.onWritten?.(batch.length);
    }
    // After the events: a counter queued now refers to an event queued earlier, so its row exists by here.
    const now = this.#clock();
    if (this.#repeats.size === 0 || (!this.#stopped && now < this.#repeatsDueAt)) return;
    const counters = [...this.#repeats];
    this.#repeats = new Set();
    const repeats: AuthEventRepeat[] = counters.map((counter) => ({
      id: counter.eventId,
      count: counter.count,
      at: new Date(counter.lastAt),
    }));
    if (!(await this.#write("repeat counters", repeats.length, () => this.#sink.updateAuthEventRepeats(repeats)))) {
      for (const counter of counters) this.#repeats.add(counter);
      return;
    }
    // Each counter is one row rewritten (SQLite rewrites the whole record, request and reply JSON included):
    // 10 000 endpoints repeating cost ~0.3 s a write. Waiting 100× the write's duration bounds that to ~1 %
    // of the engine's time; the counters are only ever that much later in Live Logs.
    this.#repeatsDueAt = now + Math.max(this.#options.repeatFlushMs ?? 5000, 100 * (this.#clock() - now));
  }

  /** Runs one write; on failure records the outage (logged once, then every 30 s) and returns false. */
  async #write(what: string, count: number, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
    } catch (error) {
      const now = this.#clock();
      const message = (error as Error).message.split("\n")[0] ?? String(error);
      const streak = (this.#failure?.streak ?? 0) + 1;
      const since = this.#failure?.since ?? now;
      const loggedAt = this.#failure?.loggedAt ?? -Infinity;
      const log = now - loggedAt >= 30_000;
      if (log) this.#options.log?.(`writing ${count} ${what} failed (${this.queued + count} waiting, retrying): ${message}`);
      this.#failure = {
        streak,
        since,
        retryAt: now + Math.min(30_000, 1000 * 2 ** (streak - 1)),
        loggedAt: log ? now : loggedAt,
        message,
      };
      this.#options.onWriteFailed?.(message);
      return false;
    }
    if (this.#failure) {
      this.#options.log?.(`database writes work again after ${((this.#clock() - this.#failure.since) / 1000).toFixed(1)} s`);
      this.#failure = undefined;
    }
    return true;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    if (this.#flushing) await this.#flushing;
    await this.flush();
    if (this.queued > 0) this.#options.log?.(`stopped with ${this.queued} updates not written: the database is unavailable`);
  }
}
