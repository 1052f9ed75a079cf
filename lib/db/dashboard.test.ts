import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAuthEvents, updateAuthEventRepeats, type AuthEventInput } from "./auth-events";
import { insertCoaEvents, type CoaEventInput } from "./coa-events";
import {
  countAuthenticationsByBucket,
  countCoaResults,
  listExpiringCertificates,
  listMdmServerHealth,
  summarizeEndpoints,
} from "./dashboard";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0 + ms);

const authEvent = (id: string, time: Date, decision: "accept" | "reject"): AuthEventInput => ({
  id,
  at: time,
  engineNode: "n1",
  nadId: null,
  nadName: "sw",
  nadAddress: "10.0.0.1",
  mac: "0026B424FEB4",
  userName: null,
  method: "mab",
  decision,
  policySet: "Default",
  ruleName: "R",
  profiles: [],
  mdmAttributes: null,
  mdmServerName: null,
  mdmLatencyMs: null,
  failureReason: null,
  totalLatencyMs: 1,
  request: {},
  reply: null,
  trace: null,
});

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("authentications over time", () => {
  it("counts each logged event plus its repeats in the bucket of its time, per decision, zeros included", async () => {
    await insertAuthEvents(t.db, [
      authEvent("before-window", at(-1), "accept"),
      authEvent("b0-a", at(0), "accept"), // on the first bucket's start: in it
      authEvent("b0-b", at(MINUTE - 1), "accept"),
      authEvent("b0-r", at(30_000), "reject"),
      authEvent("b1-a", at(MINUTE), "accept"), // on a boundary: the later bucket
      authEvent("b3-r", at(3 * MINUTE + 5), "reject"),
      authEvent("b3-r2", at(3 * MINUTE + 6), "reject"),
      authEvent("after-window", at(5 * MINUTE), "accept"), // the window's end is exclusive
    ]);
    // Suppressed repeats: the logged event stands for 1 + repeatCount authentications.
    await updateAuthEventRepeats(t.db, [
      { id: "b0-b", count: 4, at: at(MINUTE + 10) },
      { id: "b3-r", count: 2, at: at(4 * MINUTE) },
      { id: "after-window", count: 9, at: at(6 * MINUTE) },
    ]);

    const buckets = await countAuthenticationsByBucket(t.db, { start: at(0), bucketMs: MINUTE, count: 5 });
    expect(buckets).toEqual([
      { start: at(0), accept: 1 + 5, reject: 1 },
      { start: at(MINUTE), accept: 1, reject: 0 },
      { start: at(2 * MINUTE), accept: 0, reject: 0 },
      { start: at(3 * MINUTE), accept: 0, reject: 3 + 1 },
      { start: at(4 * MINUTE), accept: 0, reject: 0 },
    ]);

    // Wider buckets over the same events add up the same way.
    const wide = await countAuthenticationsByBucket(t.db, { start: at(-MINUTE), bucketMs: 3 * MINUTE, count: 3 });
    expect(wide.map(({ accept, reject }) => ({ accept, reject }))).toEqual([
      { accept: 1 + 1 + 5 + 1, reject: 1 }, // [-1, 2) min: before-window, b0-a, b0-b with 4 repeats, b1-a; b0-r
      { accept: 0, reject: 4 }, // [2, 5) min
      { accept: 10, reject: 0 }, // [5, 8) min: after-window with its 9 repeats
    ]);
  });
});

describe("endpoints by compliance", () => {
  it("puts every endpoint in exactly one group: not registered, compliant, non-compliant or unknown", async () => {
    const rows: { registered: boolean | null; compliant: boolean | null; lastMdmOutcome: string | null }[] = [
      ...Array.from({ length: 3 }, () => ({ registered: true, compliant: true, lastMdmOutcome: "ok" })),
      ...Array.from({ length: 2 }, () => ({ registered: true, compliant: false, lastMdmOutcome: "ok" })),
      { registered: false, compliant: null, lastMdmOutcome: "not-registered" },
      // Never answered, and unreachable with nothing known before: unknown.
      { registered: null, compliant: null, lastMdmOutcome: null },
      { registered: null, compliant: null, lastMdmOutcome: "unreachable" },
      // Unreachable now, but the last known facts still count.
      { registered: true, compliant: false, lastMdmOutcome: "unreachable" },
    ];
    await t.db.endpoint.createMany({
      data: rows.map((row, i) => ({ mac: `0200000000${String(i).padStart(2, "0")}`, ...row })),
    });
    expect((await summarizeEndpoints(t.db)).compliance).toEqual({
      compliant: 3,
      nonCompliant: 3,
      notRegistered: 1,
      unknown: 2,
      total: 9,
    });
  });
});

describe("MDM server health", () => {
  it("lists enabled servers in lookup order with their last test and their newest endpoint answer", async () => {
    const server = (name: string, lookupOrder: number, extra: object = {}) =>
      t.db.mdmServer.create({
        data: { name, host: `${name}.example`, username: "u", passwordEncrypted: "x", isEnabled: true, lookupOrder, ...extra },
      });
    const first = await server("first", 0, {
      lastTestAt: at(0),
      lastTestOutcome: "SUCCESS",
      lastTestMessage: "ok",
      lastContactAt: at(0),
    });
    const second = await server("second", 1);
    await server("disabled", 2, { isEnabled: false });
    await t.db.endpoint.createMany({
      data: [
        { mac: "0300000000A1", mdmServerId: first.id, lastMdmOutcome: "ok", lastMdmQueryAt: at(MINUTE) },
        { mac: "0300000000A2", mdmServerId: first.id, lastMdmOutcome: "not-registered", lastMdmQueryAt: at(2 * MINUTE) },
        { mac: "0300000000A3", mdmServerId: first.id, lastMdmOutcome: "unreachable", lastMdmQueryAt: at(3 * MINUTE) },
        { mac: "0300000000A4", mdmServerId: first.id, lastMdmOutcome: "ok", lastMdmQueryAt: at(90_000) },
      ],
    });

    const health = await listMdmServerHealth(t.db, await summarizeEndpoints(t.db));
    expect(health.map((entry) => entry.name)).toEqual(["first", "second"]);
    expect(health[0]).toMatchObject({
      id: first.id,
      lastTestOutcome: "SUCCESS",
      lastContactAt: at(0),
      lastAnswerAt: at(3 * MINUTE),
      lastAnswerOutcome: "unreachable",
      endpoints: 4,
      unreachableEndpoints: 1,
    });
    expect(health[1]).toMatchObject({
      id: second.id,
      lastTestAt: null,
      lastAnswerAt: null,
      lastAnswerOutcome: null,
      endpoints: 0,
    });
  });
});

describe("CoA outcomes", () => {
  it("counts the CoAs sent since the window's start by the NAD's answer", async () => {
    const coa = (time: Date, result: CoaEventInput["result"]): CoaEventInput => ({
      at: time,
      mac: "0026B424FEB4",
      nadId: null,
      nadName: null,
      nadAddress: "10.0.0.1",
      coaPort: 3799,
      acctSessionId: "s",
      kind: "reauthenticate",
      reason: "test",
      trigger: "poll",
      mdmServerName: null,
      result,
      errorCause: null,
      attempts: 1,
      latencyMs: 1,
    });
    await insertCoaEvents(t.db, [
      coa(at(-1), "nak"), // before the window
      coa(at(0), "ack"),
      coa(at(1), "ack"),
      coa(at(2), "nak"),
      coa(at(3), "timeout"),
    ]);
    expect(await countCoaResults(t.db, { from: at(0) })).toEqual({ ack: 2, nak: 1, timeout: 1, error: 0 });
  });
});

describe("certificates near expiry", () => {
  it("lists trusted certificates expired or ending within the period, soonest first", async () => {
    const now = at(0);
    const DAY = 86_400_000;
    const certificate = (friendlyName: string, notAfterMs: number) =>
      t.db.trustedCertificate.create({
        data: {
          friendlyName,
          pem: "-",
          fingerprintSha256: friendlyName,
          fingerprintSha1: friendlyName,
          subject: `CN=${friendlyName}`,
          issuer: "CN=ca",
          serialNumber: "01",
          notBefore: new Date(T0 - 365 * DAY),
          notAfter: new Date(T0 + notAfterMs),
          isCa: true,
        },
      });
    await certificate("in a year", 365 * DAY);
    await certificate("in 31 days", 31 * DAY);
    await certificate("in 30 days", 30 * DAY);
    await certificate("in 2 days", 2 * DAY);
    await certificate("expired", -DAY);
    const expiring = await listExpiringCertificates(t.db, { now, withinDays: 30 });
    expect(expiring.map(({ friendlyName, isExpired }) => ({ friendlyName, isExpired }))).toEqual([
      { friendlyName: "expired", isExpired: true },
      { friendlyName: "in 2 days", isExpired: false },
      { friendlyName: "in 30 days", isExpired: false },
    ]);
  });
});
