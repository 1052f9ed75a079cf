// Observations leave the hot path here: the RADIUS handler pushes plain objects into bounded queues and
// returns; a timer flushes them to the database in batches (every `flushMs`, or sooner when a batch is
// full). When the database cannot keep up, the queue bound is hit and new events are counted as dropped:
// the live log may lose lines, authentication never waits for it.
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
  dropped = 0;
  written = 0;

  constructor(options: EventWriterOptions) {
    this.#options = options;
    this.#sink = options.sink;
    this.#flushMs = options.flushMs ?? 250;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxQueued = options.maxQueued ?? 50_000;
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

  /** Writes everything queued so far. Concurrent calls share one flush. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    if (this.queued === 0) return Promise.resolve();
    this.#flushing = this.#drain().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    const sessions = this.#sessions;
    this.#sessions = [];
    const mdm = [...this.#endpointMdm.values()];
    const seen = [...this.#endpointSeen.values()];
    this.#endpointMdm = new Map();
    this.#endpointSeen = new Map();
    try {
      if (sessions.length) await this.#sink.applySessionUpdates(sessions);
    } catch (error) {
      this.#options.log?.(`writing ${sessions.length} session updates failed: ${(error as Error).message.split("\n")[0]}`);
    }
    try {
      if (mdm.length || seen.length) await this.#sink.applyEndpointUpdates({ mdm, seen });
    } catch (error) {
      this.#options.log?.(
        `writing ${mdm.length + seen.length} endpoint updates failed: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    while (this.#events.length) {
      // Yield between batches: a SQLite write is synchronous, and packets must get in between.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.#events.splice(0, this.#batchSize);
      try {
        const rows = batch.map(({ detail, ...event }) => ({ ...event, ...detail() }));
        await this.#sink.insertAuthEvents(rows);
        this.written += batch.length;
        this.#options.onWritten?.(batch.length);
      } catch (error) {
        this.dropped += batch.length;
        this.#options.onDropped?.(batch.length);
        this.#options.log?.(`writing ${batch.length} auth events failed: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    // After the events: a counter queued now refers to an event queued earlier, so its row exists by here.
    const clock = this.#options.now ?? Date.now;
    const now = clock();
    if (this.#repeats.size === 0 || (!this.#stopped && now < this.#repeatsDueAt)) return;
    const repeats: AuthEventRepeat[] = [];
    for (const counter of this.#repeats)
      repeats.push({ id: counter.eventId, count: counter.count, at: new Date(counter.lastAt) });
    this.#repeats = new Set();
    try {
      await this.#sink.updateAuthEventRepeats(repeats);
    } catch (error) {
      this.#options.log?.(`writing ${repeats.length} repeat counters failed: ${(error as Error).message.split("\n")[0]}`);
    }
    // Each counter is one row rewritten (SQLite rewrites the whole record, request and reply JSON included):
    // 10 000 endpoints repeating cost ~0.3 s a write. Waiting 100× the write's duration bounds that to ~1 %
    // of the engine's time; the counters are only ever that much later in Live Logs.
    this.#repeatsDueAt = now + Math.max(this.#options.repeatFlushMs ?? 5000, 100 * (clock() - now));
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    if (this.#flushing) await this.#flushing;
    await this.flush();
  }
}
