import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableBulkFastPath } from "./bulk";
import { applyEndpointUpdates, getEndpointByMac, listStoredCompliance } from "./endpoints";
import {
  applySessionUpdates,
  countActiveSessions,
  listActiveSessionsByMacs,
  listRadiusSessions,
  type SessionRecordUpdate,
} from "./radius-sessions";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

const update = (
  kind: SessionRecordUpdate["kind"],
  id: string,
  at: number,
  extra: Partial<SessionRecordUpdate> = {},
): SessionRecordUpdate => ({
  kind,
  nadId: null,
  nadAddress: "10.0.0.1",
  acctSessionId: id,
  callingStationId: "00-26-B4-24-FE-B4",
  mac: "0026B424FEB4",
  userName: null,
  framedIp: null,
  nasPort: null,
  at: new Date(at),
  terminateCause: null,
  engineNode: null,
  ...extra,
});

describe("RADIUS sessions", () => {
  it("applies Start, Interim and Stop in order; an Interim for an unknown session creates it", async () => {
    await applySessionUpdates(t.db, [
      update("start", "a", 1000),
      update("interim", "a", 2000, { framedIp: "10.9.0.1" }),
      update("interim", "b", 3000),
      update("start", "c", 3500),
      update("stop", "c", 4000, { terminateCause: "Idle-Timeout" }),
    ]);
    expect(await countActiveSessions(t.db)).toBe(2);
    const a = (await listRadiusSessions(t.db, { filter: { isActive: true } })).items.find((s) => s.acctSessionId === "a");
    expect(a).toMatchObject({ framedIp: "10.9.0.1", startedAt: new Date(1000), lastUpdateAt: new Date(2000) });
    const all = await listRadiusSessions(t.db, { take: 2 });
    expect(all.items.map((s) => s.acctSessionId)).toEqual(["c", "b"]);
    const next = await listRadiusSessions(t.db, { take: 2, cursor: all.nextCursor });
    expect(next.items.map((s) => s.acctSessionId)).toEqual(["a"]);
  });
});

describe("endpoints", () => {
  it("stores MDM answers; an unreachable answer keeps the last known facts", async () => {
    await applyEndpointUpdates(t.db, {
      mdm: [
        {
          mac: "0026B424FEB4",
          mdmServerId: "s1",
          mdmServerName: "S",
          registered: true,
          compliant: true,
          mdmAttributes: { DeviceCompliantStatus: "Compliant" },
          lastMdmOutcome: "ok",
          lastMdmQueryAt: new Date(1000),
        },
      ],
      seen: [{ mac: "0026B424FEB4", lastDecision: "accept", lastSeenAt: new Date(1000) }],
    });
    await applyEndpointUpdates(t.db, {
      mdm: [
        {
          mac: "0026B424FEB4",
          mdmServerId: "s1",
          mdmServerName: "S",
          registered: null,
          compliant: null,
          mdmAttributes: { MDMServerReachable: "UnReachable" },
          lastMdmOutcome: "unreachable",
          lastMdmQueryAt: new Date(2000),
        },
      ],
      seen: [],
    });
    expect(await getEndpointByMac(t.db, { mac: "0026B424FEB4" })).toMatchObject({
      compliant: true,
      registered: true,
      lastMdmOutcome: "unreachable",
      lastDecision: "accept",
      mdmAttributes: { DeviceCompliantStatus: "Compliant" },
    });
  });

  it("ends every open session of a NAD on its Accounting-On (reboot), and only that NAD's", async () => {
    const nad = "10.0.7.1";
    await applySessionUpdates(t.db, [
      update("start", "r1", 10_000, { nadAddress: nad }),
      update("start", "r2", 10_000, { nadAddress: nad }),
      update("start", "other", 10_000, { nadAddress: "10.0.7.2" }),
    ]);
    await applySessionUpdates(t.db, [
      { kind: "accounting-on", nadId: null, nadAddress: nad, at: new Date(20_000) },
      // A session started after the reboot stays open.
      update("start", "r3", 21_000, { nadAddress: nad }),
    ]);
    const open = await listRadiusSessions(t.db, { filter: { nadAddress: nad, isActive: true } });
    expect(open.items.map((s) => s.acctSessionId)).toEqual(["r3"]);
    const ended = await listRadiusSessions(t.db, { filter: { nadAddress: nad, isActive: false } });
    expect(ended.items.map((s) => [s.acctSessionId, s.terminateCause]).sort()).toEqual([
      ["r1", "NAS-Reboot"],
      ["r2", "NAS-Reboot"],
    ]);
    expect((await listRadiusSessions(t.db, { filter: { nadAddress: "10.0.7.2", isActive: true } })).items).toHaveLength(1);
    await applySessionUpdates(t.db, [{ kind: "accounting-off", nadId: null, nadAddress: nad, at: new Date(30_000) }]);
    expect((await listRadiusSessions(t.db, { filter: { nadAddress: nad, isActive: true } })).items).toHaveLength(0);
  });
});

describe("active sessions by MAC (what a compliance poll reads)", () => {
  it("reads the same rows through Prisma and through the engine's direct SQLite connection", async () => {
    await applySessionUpdates(t.db, [
      update("start", "poll-1", 10_000, { mac: "AABBCCDDEE01", callingStationId: "AA-BB-CC-DD-EE-01", framedIp: "10.0.0.9" }),
      update("start", "poll-2", 11_000, { mac: "AABBCCDDEE02", nadId: "nad-2", userName: "u2" }),
      update("start", "poll-3", 12_000, { mac: "AABBCCDDEE03" }),
      update("stop", "poll-3", 13_000, { mac: "AABBCCDDEE03" }),
    ]);
    const macs = ["AABBCCDDEE01", "AABBCCDDEE02", "AABBCCDDEE03", "AABBCCDDEE04"];
    const viaPrisma = await listActiveSessionsByMacs(t.db, macs);
    const close = enableBulkFastPath(t.db, t.target);
    let viaFastPath: Awaited<ReturnType<typeof listActiveSessionsByMacs>>;
    try {
      viaFastPath = await listActiveSessionsByMacs(t.db, macs);
    } finally {
      close();
    }
    const byMac = (rows: typeof viaPrisma) => [...rows].sort((a, b) => (a.mac ?? "").localeCompare(b.mac ?? ""));
    expect(byMac(viaPrisma)).toEqual(byMac(viaFastPath));
    expect(byMac(viaPrisma)).toMatchObject([
      { acctSessionId: "poll-1", mac: "AABBCCDDEE01", framedIp: "10.0.0.9", lastUpdateAt: new Date(10_000) },
      { acctSessionId: "poll-2", mac: "AABBCCDDEE02", nadId: "nad-2", userName: "u2", lastUpdateAt: new Date(11_000) },
    ]);
  });

  it("reads stored compliance the same way on both paths", async () => {
    const at = new Date();
    const answer = (mac: string, mdmServerId: string | null, compliant: boolean | null, registered: boolean | null) => ({
      mac,
      mdmServerId,
      mdmServerName: null,
      registered,
      compliant,
      mdmAttributes: {},
      lastMdmOutcome: registered === false ? "not-registered" : "ok",
      lastMdmQueryAt: at,
    });
    await applyEndpointUpdates(t.db, {
      mdm: [
        answer("AABBCCDDEE11", "srv-a", true, true),
        answer("AABBCCDDEE12", "srv-a", false, true),
        answer("AABBCCDDEE13", "srv-a", null, false),
        answer("AABBCCDDEE14", "srv-b", false, true),
      ],
      seen: [{ mac: "AABBCCDDEE15", lastDecision: "accept", lastSeenAt: at }],
    });
    const viaPrisma = await listStoredCompliance(t.db, { mdmServerId: "srv-a" });
    const close = enableBulkFastPath(t.db, t.target);
    let viaFastPath: Awaited<ReturnType<typeof listStoredCompliance>>;
    try {
      viaFastPath = await listStoredCompliance(t.db, { mdmServerId: "srv-a" });
    } finally {
      close();
    }
    const sorted = (rows: typeof viaPrisma) =>
      rows.filter((row) => row.mac.startsWith("AABBCCDDEE1")).sort((a, b) => a.mac.localeCompare(b.mac));
    expect(sorted(viaFastPath)).toEqual(sorted(viaPrisma));
    // srv-b's endpoint is not this poll's; one no server answered for yet is.
    expect(sorted(viaPrisma)).toEqual([
      { mac: "AABBCCDDEE11", registered: true, compliant: true },
      { mac: "AABBCCDDEE12", registered: true, compliant: false },
      { mac: "AABBCCDDEE13", registered: false, compliant: null },
      { mac: "AABBCCDDEE15", registered: null, compliant: null },
    ]);
  });
});
