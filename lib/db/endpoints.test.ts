import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEndpointSearch, type EndpointSort } from "../validation/endpoints";
import { insertAuthEvents } from "./auth-events";
import { insertCoaEvents } from "./coa-events";
import {
  applyEndpointUpdates,
  countEndpoints,
  getEndpointDetailOrThrow,
  listEndpointPage,
  type EndpointListFilter,
  type EndpointListItem,
  type EndpointMdmUpdate,
} from "./endpoints";
import { applySessionUpdates, type SessionRecordUpdate } from "./radius-sessions";
import { createTestDb, rejection, type TestDb } from "./testing";

let t: TestDb;

/** What the test knows about each seeded endpoint, to compute the expected answer of every filter. */
type Seed = {
  mac: string;
  guid: string | null;
  server: "s1" | "s2" | null;
  registered: boolean | null;
  compliant: boolean | null;
  decision: "accept" | "reject" | null;
  /** Seconds; several endpoints share one (ties on the sort key), some were never seen in RADIUS. */
  seenAt: number | null;
  activeSession: boolean;
};

const caseOf = (i: number) => (i % 8 === 0 ? (text: string) => text.toUpperCase() : (text: string) => text);

const seeds: Seed[] = Array.from({ length: 40 }, (_, i) => {
  const state = i % 5; // 0, 1: compliant; 2: non-compliant; 3: not registered; 4: unreachable (nothing known)
  return {
    mac: `02AB${i < 20 ? "00" : "11"}${String(i).padStart(2, "0")}FE${String(i).padStart(2, "0")}`,
    // Some MDMs spell GUIDs in upper case, most in lower case.
    guid: i % 4 === 0 ? caseOf(i)(`ab${String(i).padStart(2, "0")}c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f`) : null,
    server: state === 4 ? null : i % 3 === 0 ? "s2" : "s1",
    registered: state <= 2 ? true : state === 3 ? false : null,
    compliant: state <= 1 ? true : state === 2 ? false : null,
    decision: i % 7 === 6 ? null : i % 3 === 1 ? "reject" : "accept",
    seenAt: i % 7 === 6 ? null : Math.floor(i / 3),
    activeSession: i % 4 === 1,
  };
});

beforeAll(async () => {
  t = await createTestDb();
  const mdm: EndpointMdmUpdate[] = seeds.map((seed) => ({
    mac: seed.mac,
    mdmServerId: seed.server,
    mdmServerName: seed.server ? `Server ${seed.server}` : null,
    registered: seed.registered,
    compliant: seed.compliant,
    mdmAttributes:
      seed.registered === null
        ? { MDMServerReachable: "UnReachable" }
        : { MDMServerReachable: "Reachable", Model: "iPhone 15", OsVersion: "iOS 18.1", Manufacturer: "Apple Inc." },
    lastMdmOutcome: seed.registered === null ? "unreachable" : seed.registered ? "ok" : "not-registered",
    lastMdmQueryAt: new Date(Date.UTC(2026, 0, 1)),
  }));
  await applyEndpointUpdates(t.db, {
    mdm,
    seen: seeds
      .filter((seed) => seed.seenAt !== null)
      .map((seed) => ({
        mac: seed.mac,
        lastDecision: seed.decision!,
        lastSeenAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seed.seenAt!)),
      })),
  });
  for (const seed of seeds.filter((s) => s.guid))
    await t.db.endpoint.update({ where: { mac: seed.mac }, data: { guid: seed.guid } });
  const session = (seed: Seed, id: string, kind: SessionRecordUpdate["kind"], at: number): SessionRecordUpdate => ({
    kind,
    nadId: null,
    nadAddress: "10.0.0.1",
    acctSessionId: id,
    callingStationId: seed.mac,
    mac: seed.mac,
    userName: null,
    framedIp: kind === "stop" ? null : "10.0.10.7",
    nasPort: null,
    at: new Date(Date.UTC(2026, 0, 1, 1, 0, at)),
    terminateCause: kind === "stop" ? "User-Request" : null,
    engineNode: null,
  });
  await applySessionUpdates(
    t.db,
    seeds.flatMap((seed, i) => [
      // Every other endpoint has an ended session; it never counts as active.
      ...(i % 2 === 0 ? [session(seed, `old-${i}`, "start", 0), session(seed, `old-${i}`, "stop", 1)] : []),
      ...(seed.activeSession ? [session(seed, `live-${i}`, "start", 2)] : []),
    ]),
  );
});
afterAll(async () => {
  await t.cleanup();
});

/** Every page of a listing, following the cursors; checks no page is larger than asked. */
async function allPages(filter: EndpointListFilter, sort: EndpointSort, take = 7): Promise<EndpointListItem[]> {
  const items: EndpointListItem[] = [];
  let cursor;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await listEndpointPage(t.db, { filter, sort, cursor, take });
    expect(page.items.length).toBeLessThanOrEqual(take);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error("paging did not end");
}

const macsOf = (items: EndpointListItem[]) => items.map((item) => item.mac);
const expected = (keep: (seed: Seed) => boolean) => seeds.filter(keep).map((seed) => seed.mac);

describe("endpoint list", () => {
  it("pages by last seen, newest first, never-seen endpoints last, without gaps or repeats", async () => {
    const items = await allPages({}, "lastSeen");
    expect(items).toHaveLength(40);
    expect(new Set(macsOf(items)).size).toBe(40);
    const seen = items.filter((item) => item.lastSeenAt);
    const unseen = items.slice(seen.length);
    expect(unseen.every((item) => item.lastSeenAt === null)).toBe(true);
    expect(unseen).toHaveLength(seeds.filter((seed) => seed.seenAt === null).length);
    for (let i = 1; i < seen.length; i += 1) {
      expect(seen[i]!.lastSeenAt!.getTime()).toBeLessThanOrEqual(seen[i - 1]!.lastSeenAt!.getTime());
    }
  });

  it("pages by MAC in order", async () => {
    const items = await allPages({}, "mac", 6);
    expect(macsOf(items)).toEqual([...expected(() => true)].sort());
  });

  it.each<[string, EndpointListFilter, (seed: Seed) => boolean]>([
    ["compliant", { compliance: "compliant" }, (s) => s.compliant === true],
    ["non-compliant", { compliance: "noncompliant" }, (s) => s.compliant === false],
    // Unknown is "no answer about a device that may be managed": UnRegistered ones are registered=no (the Home page counts the same).
    ["compliance unknown", { compliance: "unknown" }, (s) => s.compliant === null && s.registered !== false],
    ["registered", { registered: "yes" }, (s) => s.registered === true],
    ["not registered", { registered: "no" }, (s) => s.registered === false],
    ["registration unknown", { registered: "unknown" }, (s) => s.registered === null],
    ["with an active session", { session: "active" }, (s) => s.activeSession],
    ["without an active session", { session: "none" }, (s) => !s.activeSession],
    ["one MDM server", { mdmServerId: "s2" }, (s) => s.server === "s2"],
    ["last decision reject", { decision: "reject" }, (s) => s.decision === "reject"],
    [
      "several filters at once",
      { compliance: "compliant", session: "active", mdmServerId: "s1" },
      (s) => s.compliant === true && s.activeSession && s.server === "s1",
    ],
  ])("filters: %s (both sort orders, every page)", async (_name, filter, keep) => {
    const want = expected(keep);
    expect(want.length).toBeGreaterThan(0);
    expect(macsOf(await allPages(filter, "mac", 3))).toEqual([...want].sort());
    expect(new Set(macsOf(await allPages(filter, "lastSeen", 3)))).toEqual(new Set(want));
    expect(await countEndpoints(t.db, { filter })).toEqual({ count: want.length, capped: false });
  });

  it("searches MACs and GUIDs by prefix in any spelling, or anywhere with a leading *", async () => {
    const search = (text: string) => allPages({ search: parseEndpointSearch(text) }, "mac", 50);
    // 02:AB:11… is the second half of the seeds.
    expect(macsOf(await search("02:ab:11"))).toEqual(expected((s) => s.mac.startsWith("02AB11")));
    expect(macsOf(await search("02-AB-0000"))).toEqual(expected((s) => s.mac.startsWith("02AB0000")));
    expect(await search("02AB99")).toEqual([]);
    // GUIDs are stored as the MDM spelt them (upper- or lower-case): a prefix matches either.
    expect(macsOf(await search("ab08C2D7E"))).toEqual([seeds[8]!.mac]);
    expect(macsOf(await search("AB12c2d7e-8b9a"))).toEqual([seeds[12]!.mac]);
    // Anywhere: the last octets of a MAC, a piece from the middle of a GUID.
    expect(macsOf(await search("*fe:07"))).toEqual([seeds[7]!.mac]);
    expect(new Set(macsOf(await search("*9E2F-1A2B")))).toEqual(new Set(expected((s) => s.guid !== null)));
    // LIKE wildcards typed by the user are literal text.
    expect(await search("*%")).toEqual([]);
  });

  it("marks active sessions with their address, and summarises the MDM values", async () => {
    const items = await allPages({}, "mac", 50);
    const active = items.find((item) => item.mac === seeds[1]!.mac)!;
    expect(active).toMatchObject({
      hasActiveSession: true,
      sessionIp: "10.0.10.7",
      compliant: true,
      registered: true,
      mdmServerName: "Server s1",
      lastDecision: "reject",
      device: { manufacturer: "Apple Inc.", model: "iPhone 15", osVersion: "iOS 18.1" },
    });
    // An ended session is not an active one.
    expect(items.find((item) => item.mac === seeds[0]!.mac)).toMatchObject({ hasActiveSession: false, sessionIp: null });
  });

  it("caps the count instead of counting every row", async () => {
    expect(await countEndpoints(t.db, { cap: 10 })).toEqual({ count: 10, capped: true });
    expect(await countEndpoints(t.db, { cap: 40 })).toEqual({ count: 40, capped: false });
  });
});

describe("endpoint detail", () => {
  it("has the endpoint's MDM values, sessions, recent authentications and CoA history", async () => {
    const seed = seeds[1]!;
    await insertAuthEvents(
      t.db,
      Array.from({ length: 25 }, (_, i) => ({
        at: new Date(Date.UTC(2026, 0, 2, 0, 0, i)),
        engineNode: null,
        nadId: null,
        nadName: "sw1",
        nadAddress: "10.0.0.1",
        mac: i === 24 ? seeds[2]!.mac : seed.mac,
        userName: null,
        method: "mab",
        decision: "accept" as const,
        policySet: "Default",
        ruleName: `Rule ${i}`,
        profiles: ["Corporate Access"],
        mdmAttributes: null,
        mdmServerName: null,
        mdmLatencyMs: null,
        failureReason: null,
        totalLatencyMs: 1,
        request: { "User-Name": "x" },
        reply: null,
        trace: null,
      })),
    );
    await insertCoaEvents(t.db, [
      {
        at: new Date(Date.UTC(2026, 0, 2)),
        mac: seed.mac,
        nadId: null,
        nadName: "sw1",
        nadAddress: "10.0.0.1",
        coaPort: 3799,
        acctSessionId: "live-1",
        kind: "reauthenticate",
        reason: "manual: Send CoA now",
        trigger: "manual",
        mdmServerName: null,
        result: "ack",
        errorCause: null,
        attempts: 1,
        latencyMs: 3,
      },
    ]);
    const detail = await getEndpointDetailOrThrow(t.db, { mac: seed.mac });
    expect(detail.endpoint).toMatchObject({ mac: seed.mac, compliant: true, mdmAttributes: { Model: "iPhone 15" } });
    expect(detail.sessions.map((s) => s.acctSessionId)).toEqual(["live-1"]);
    expect(detail.authentications).toHaveLength(20);
    expect(detail.hasMoreAuthentications).toBe(true);
    expect(detail.authentications[0]).toMatchObject({ ruleName: "Rule 23", mac: seed.mac });
    expect(detail.authentications[0]).not.toHaveProperty("request");
    expect(detail.coaEvents).toEqual([expect.objectContaining({ result: "ack", acctSessionId: "live-1" })]);

    // Ended sessions are part of the history, the active one first.
    const other = await getEndpointDetailOrThrow(t.db, { mac: seeds[0]!.mac });
    expect(other.sessions).toEqual([expect.objectContaining({ isActive: false, terminateCause: "User-Request" })]);
    expect(other.coaEvents).toEqual([]);
  });

  it("says when the endpoint has never been seen", async () => {
    expect((await rejection(getEndpointDetailOrThrow(t.db, { mac: "0200DEADBEEF" }))).code).toBe("NOT_FOUND");
  });
});
