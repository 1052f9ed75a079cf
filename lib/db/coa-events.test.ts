import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCoaEventOrThrow, insertCoaEvents, listCoaEvents, type CoaEventCursor, type CoaEventInput } from "./coa-events";
import { createTestDb, rejection, type TestDb } from "./testing";

let t: TestDb;

const results = ["ack", "ack", "nak", "timeout", "error"] as const;

/** Event i: two per second (ties on `at`), MACs and NADs rotating, every third one manual. */
const event = (i: number): CoaEventInput => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2))),
  mac: `0026B424FE${String(i % 4).padStart(2, "0")}`,
  nadId: null,
  nadName: "sw1",
  nadAddress: i % 2 ? "10.0.0.1" : "10.0.0.2",
  coaPort: 3799,
  acctSessionId: `s-${i}`,
  kind: i % 2 ? "reauthenticate" : "disconnect",
  reason: "compliance changed: Compliant → NonCompliant",
  trigger: i % 3 === 0 ? "manual" : "poll",
  mdmServerName: i % 3 === 0 ? null : "MDM",
  result: results[i % results.length]!,
  errorCause: results[i % results.length] === "nak" ? "Session-Context-Not-Found" : null,
  attempts: results[i % results.length] === "timeout" ? 5 : 1,
  latencyMs: 2.5,
});

beforeAll(async () => {
  t = await createTestDb();
  await insertCoaEvents(
    t.db,
    Array.from({ length: 40 }, (_, i) => event(i)),
  );
});
afterAll(async () => {
  await t.cleanup();
});

describe("CoA log", () => {
  it("lists newest first and pages with the (at, id) cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: CoaEventCursor | undefined;
    let previous: Date | undefined;
    do {
      const page = await listCoaEvents(t.db, { take: 6, cursor });
      for (const item of page.items) {
        if (previous) expect(item.at.getTime()).toBeLessThanOrEqual(previous.getTime());
        previous = item.at;
        seen.push(item.acctSessionId!);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    // Same-second events come in the reverse of their send order (time-ordered ids break the tie).
    expect(seen.slice(0, 2)).toEqual(["s-39", "s-38"]);
  });

  it("filters by endpoint, NAD, result, trigger and time range together", async () => {
    const all = Array.from({ length: 40 }, (_, i) => ({ i, ...event(i) }));
    const expectIds = async (filter: Parameters<typeof listCoaEvents>[1], wanted: (e: (typeof all)[number]) => boolean) => {
      const page = await listCoaEvents(t.db, { take: 100, ...filter });
      expect(page.items.map((item) => item.acctSessionId).sort()).toEqual(
        all
          .filter(wanted)
          .map((e) => `s-${e.i}`)
          .sort(),
      );
    };
    await expectIds({ filter: { result: "nak" } }, (e) => e.result === "nak");
    await expectIds({ filter: { trigger: "manual" } }, (e) => e.trigger === "manual");
    await expectIds(
      { filter: { trigger: "poll", result: "ack", nadAddress: "10.0.0.1" } },
      (e) => e.trigger === "poll" && e.result === "ack" && e.nadAddress === "10.0.0.1",
    );
    await expectIds(
      { filter: { mac: "0026B424FE01", trigger: "poll" } },
      (e) => e.mac === "0026B424FE01" && e.trigger === "poll",
    );
    const from = new Date(Date.UTC(2026, 0, 1, 0, 0, 5));
    const to = new Date(Date.UTC(2026, 0, 1, 0, 0, 7));
    await expectIds({ filter: { from, to } }, (e) => e.at >= from && e.at <= to);
    await expectIds({ filter: { from, to, result: "timeout" } }, (e) => e.at >= from && e.at <= to && e.result === "timeout");
  });

  it("pages a filtered list too", async () => {
    const first = await listCoaEvents(t.db, { filter: { trigger: "poll" }, take: 10 });
    expect(first.items).toHaveLength(10);
    const second = await listCoaEvents(t.db, { filter: { trigger: "poll" }, take: 100, cursor: first.nextCursor });
    expect(second.nextCursor).toBeUndefined();
    expect(first.items.length + second.items.length).toBe(26);
    expect(second.items.every((item) => item.trigger === "poll")).toBe(true);
  });

  it("reads one entry by id, and says so when it is gone", async () => {
    const [newest] = (await listCoaEvents(t.db, { take: 1 })).items;
    expect(await getCoaEventOrThrow(t.db, { id: newest!.id })).toMatchObject({ acctSessionId: "s-39", result: "error" });
    const error = await rejection(getCoaEventOrThrow(t.db, { id: "missing" }));
    expect(error.code).toBe("NOT_FOUND");
  });
});
