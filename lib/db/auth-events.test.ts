import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getAuthEventOrThrow,
  insertAuthEvents,
  listAuthEvents,
  purgeAuthEvents,
  updateAuthEventRepeats,
  type AuthEventInput,
} from "./auth-events";
import { enableBulkFastPath } from "./bulk";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;

const event = (i: number, overrides: Partial<AuthEventInput> = {}): AuthEventInput => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 3))), // three events per second: ties on `at`
  engineNode: "n1",
  nadId: null,
  nadName: "sw",
  nadAddress: i % 2 ? "10.0.0.1" : "10.0.0.2",
  mac: `0026B424FE${String(i % 5).padStart(2, "0")}`,
  userName: null,
  method: "mab",
  decision: i % 4 === 0 ? "reject" : "accept",
  policySet: "Default",
  ruleName: "R",
  profiles: ["PermitAccess"],
  mdmAttributes: { MDMServerReachable: "Reachable" },
  mdmServerName: "S",
  mdmLatencyMs: 3.5,
  failureReason: null,
  totalLatencyMs: 4.25,
  request: { "User-Name": "x" },
  reply: { code: "Access-Accept" },
  trace: { rules: [] },
  ...overrides,
});

beforeAll(async () => {
  t = await createTestDb();
  await insertAuthEvents(
    t.db,
    Array.from({ length: 60 }, (_, i) => event(i)),
  );
});
afterAll(async () => {
  await t.cleanup();
});

describe("auth events (live log)", () => {
  it("lists newest first and pages with the (at, id) cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor;
    let previous: Date | undefined;
    do {
      const page = await listAuthEvents(t.db, { take: 7, cursor });
      for (const item of page.items) {
        if (previous) expect(item.at.getTime()).toBeLessThanOrEqual(previous.getTime());
        previous = item.at;
        seen.push(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("filters by endpoint, NAD, decision and time range; parses JSON columns", async () => {
    const byMac = await listAuthEvents(t.db, { filter: { mac: "0026B424FE03" }, take: 100 });
    expect(byMac.items).toHaveLength(12);
    expect(byMac.items[0]).toMatchObject({ profiles: ["PermitAccess"], mdmAttributes: { MDMServerReachable: "Reachable" } });
    const rejects = await listAuthEvents(t.db, { filter: { decision: "reject", nadAddress: "10.0.0.2" }, take: 100 });
    expect(rejects.items.every((e) => e.decision === "reject" && e.nadAddress === "10.0.0.2")).toBe(true);
    expect(rejects.items).toHaveLength(15);
    const window = await listAuthEvents(t.db, {
      filter: { from: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)), to: new Date(Date.UTC(2026, 0, 1, 0, 0, 6)) },
      take: 100,
    });
    expect(window.items).toHaveLength(6);
  });

  it("purges old events in chunks", async () => {
    const removed = await purgeAuthEvents(t.db, { before: new Date(Date.UTC(2026, 0, 1, 0, 0, 10)), chunk: 7 });
    expect(removed).toBe(30);
    expect((await listAuthEvents(t.db, { take: 500 })).items).toHaveLength(30);
  });
});

describe("repeat counters", () => {
  it("sets the count and time of the last repeat on the logged event, through Prisma and the fast path", async () => {
    await insertAuthEvents(t.db, [event(1, { id: "repeat-a" }), event(2, { id: "repeat-b" })]);
    expect(await getAuthEventOrThrow(t.db, { id: "repeat-a" })).toMatchObject({ repeatCount: 0, lastRepeatAt: null });
    const at = new Date("2026-01-02T03:04:05.678Z");
    expect(await updateAuthEventRepeats(t.db, [{ id: "repeat-a", count: 3, at }])).toBe(1);
    const close = enableBulkFastPath(t.db, t.target);
    try {
      const later = new Date("2026-01-02T03:05:00.000Z");
      // An unknown id (an event dropped before it was written) changes nothing and fails nothing.
      expect(
        await updateAuthEventRepeats(t.db, [
          { id: "repeat-b", count: 7, at: later },
          { id: "missing", count: 1, at: later },
        ]),
      ).toBe(1);
      expect(await getAuthEventOrThrow(t.db, { id: "repeat-b" })).toMatchObject({ repeatCount: 7, lastRepeatAt: later });
    } finally {
      close();
    }
    expect(await getAuthEventOrThrow(t.db, { id: "repeat-a" })).toMatchObject({ repeatCount: 3, lastRepeatAt: at });
  });
});
