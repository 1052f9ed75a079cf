import { describe, expect, it } from "vitest";
import type { AuthEventInput, AuthEventRepeat } from "../../db/auth-events";
import type { SessionUpdate } from "../../db/radius-sessions";
import { EventWriter, type EventSink, type PendingAuthEvent } from "./writer";

const pending = (i: number): PendingAuthEvent => ({
  at: new Date(i),
  engineNode: null,
  nadId: null,
  nadName: null,
  nadAddress: "10.0.0.1",
  mac: null,
  userName: null,
  method: "mab",
  decision: "accept",
  policySet: null,
  ruleName: null,
  profiles: [],
  mdmAttributes: null,
  mdmServerName: null,
  mdmLatencyMs: null,
  failureReason: null,
  totalLatencyMs: 1,
  detail: () => ({ request: { i }, reply: null, trace: null }),
});

function recordingSink() {
  const batches: AuthEventInput[][] = [];
  const sessions: SessionUpdate[][] = [];
  const endpoints: { mdm: number; seen: number }[] = [];
  let failNext = false;
  const sink: EventSink = {
    async insertAuthEvents(events) {
      if (failNext) {
        failNext = false;
        throw new Error("database is locked");
      }
      batches.push([...events]);
    },
    async applyEndpointUpdates(batch) {
      endpoints.push({ mdm: batch.mdm.length, seen: batch.seen.length });
    },
    async applySessionUpdates(updates) {
      sessions.push([...updates]);
    },
    async updateAuthEventRepeats(batch) {
      // Counters refer to rows inserted earlier: the writer must apply them after the events.
      order.push(`repeats:${batch.map((repeat) => `${repeat.id}=${repeat.count}`).join(",")}`);
    },
  };
  const order: string[] = [];
  const insert = sink.insertAuthEvents.bind(sink);
  sink.insertAuthEvents = async (events) => {
    await insert(events);
    order.push(`events:${events.length}`);
  };
  return { sink, batches, sessions, endpoints, order, failOnce: () => (failNext = true) };
}

describe("event writer", () => {
  it("writes in batches off the hot path, building details at flush time", async () => {
    const recording = recordingSink();
    const writer = new EventWriter({ sink: recording.sink, flushMs: 10_000, batchSize: 4 });
    let built = 0;
    for (let i = 0; i < 10; i += 1)
      writer.authEvent({ ...pending(i), detail: () => ((built += 1), { request: {}, reply: null, trace: null }) });
    expect(built).toBe(0);
    await writer.flush();
    expect(recording.batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(built).toBe(10);
    expect(writer.written).toBe(10);
    await writer.stop();
  });

  it("is bounded: events beyond the queue are counted as dropped", async () => {
    const recording = recordingSink();
    let dropped = 0;
    const writer = new EventWriter({ sink: recording.sink, flushMs: 10_000, maxQueued: 3, onDropped: (n) => (dropped += n) });
    for (let i = 0; i < 5; i += 1) writer.authEvent(pending(i));
    expect(dropped).toBe(2);
    await writer.stop();
    expect(recording.batches.flat()).toHaveLength(3);
  });

  it("keeps what a failed write held and writes it, in order, once the database is back", async () => {
    let now = 0;
    let down = true;
    const written: unknown[] = [];
    const sessions: string[] = [];
    const logs: string[] = [];
    const failing =
      <T>(write: (items: T) => void) =>
      async (items: T) => {
        if (down) throw new Error("SQLITE_BUSY: database is locked");
        write(items);
      };
    const writer = new EventWriter({
      sink: {
        insertAuthEvents: failing((batch: readonly AuthEventInput[]) => written.push(...batch.map((e) => e.request))),
        applyEndpointUpdates: failing(() => {}),
        applySessionUpdates: failing((updates: readonly SessionUpdate[]) => sessions.push(...updates.map((u) => u.kind))),
        updateAuthEventRepeats: failing(() => {}),
      },
      flushMs: 10_000,
      batchSize: 2,
      now: () => now,
      log: (message) => logs.push(message),
    });
    writer.session({ kind: "start" } as SessionUpdate);
    for (let i = 0; i < 3; i += 1) writer.authEvent(pending(i));
    await writer.flush();
    expect(writer.databaseOk).toBe(false);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/writing 1 session updates failed \(4 waiting, retrying\): SQLITE_BUSY/);
    // More arrives during the outage; flushes within the backoff do not even try.
    writer.session({ kind: "stop" } as SessionUpdate);
    writer.authEvent(pending(3));
    now += 500;
    await writer.flush();
    now += 600; // past the first 1 s backoff: tries, fails, backs off 2 s
    await writer.flush();
    expect(logs).toHaveLength(1); // logged once per 30 s of outage
    down = false;
    now += 1000;
    await writer.flush();
    expect(written).toEqual([]); // still backing off
    now += 1000;
    await writer.flush();
    expect(sessions).toEqual(["start", "stop"]);
    expect(written).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
    expect(writer.dropped).toBe(0);
    expect(writer.databaseOk).toBe(true);
    expect(logs.at(-1)).toMatch(/database writes work again after 3\.1 s/);
    await writer.stop();
  });

  it("keeps the latest update per endpoint and session updates in order; flushes on a timer and on stop", async () => {
    const recording = recordingSink();
    const writer = new EventWriter({ sink: recording.sink, flushMs: 20 });
    for (let i = 0; i < 3; i += 1) writer.endpointSeen({ mac: "M1", lastDecision: "accept", lastSeenAt: new Date(i) });
    writer.session({ kind: "start" } as SessionUpdate);
    writer.session({ kind: "stop" } as SessionUpdate);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(recording.endpoints).toEqual([{ mdm: 0, seen: 1 }]);
    expect(recording.sessions[0]?.map((s) => s.kind)).toEqual(["start", "stop"]);
    writer.authEvent(pending(1));
    await writer.stop();
    expect(recording.batches.flat()).toHaveLength(1);
    writer.authEvent(pending(2));
    expect(writer.dropped).toBe(1);
  });

  it("writes repeat counters after the events they count, the latest value per event only", async () => {
    const recording = recordingSink();
    let now = 100_000;
    const writer = new EventWriter({ sink: recording.sink, flushMs: 10_000, repeatFlushMs: 5000, now: () => now });
    writer.authEvent({ ...pending(1), id: "e1" });
    const counter = { eventId: "e1", count: 1, lastAt: 1 };
    writer.repeat(counter);
    counter.count = 2;
    writer.repeat(counter);
    await writer.flush();
    expect(recording.order).toEqual(["events:1", "repeats:e1=2"]);
    // Within the repeat interval, counters wait (one UPDATE per request would cost what suppression saved)...
    counter.count = 3;
    writer.repeat(counter);
    now += 1000;
    await writer.flush();
    expect(recording.order).toHaveLength(2);
    now += 5000;
    await writer.flush();
    expect(recording.order.at(-1)).toBe("repeats:e1=3");
    // ...and stopping writes what is left.
    counter.count = 4;
    writer.repeat(counter);
    await writer.stop();
    expect(recording.order.at(-1)).toBe("repeats:e1=4");
  });

  it("spaces repeat-counter writes out to 100 times their duration when they are slow", async () => {
    const recording = recordingSink();
    let now = 100_000;
    const slowSink = {
      ...recording.sink,
      updateAuthEventRepeats: async (repeats: readonly AuthEventRepeat[]) => {
        now += 200; // a write of many counters takes 200 ms
        return recording.sink.updateAuthEventRepeats(repeats);
      },
    };
    const writer = new EventWriter({ sink: slowSink, flushMs: 10_000, repeatFlushMs: 5000, now: () => now });
    writer.authEvent({ ...pending(1), id: "e1" });
    const counter = { eventId: "e1", count: 1, lastAt: 1 };
    writer.repeat(counter);
    await writer.flush();
    expect(recording.order).toEqual(["events:1", "repeats:e1=1"]);
    counter.count = 2;
    writer.repeat(counter);
    now += 10_000; // past the 5 s minimum, but not past 100 × 200 ms
    await writer.flush();
    expect(recording.order).toHaveLength(2);
    now += 10_000;
    await writer.flush();
    expect(recording.order.at(-1)).toBe("repeats:e1=2");
    await writer.stop();
  });
});
