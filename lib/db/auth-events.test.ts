import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAuthEvents, listAuthEvents, purgeAuthEvents, type AuthEventInput } from "./auth-events";
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
