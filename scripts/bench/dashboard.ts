/**
 * Home dashboard benchmark (a script, not a test): the dashboard's queries against a large live log.
 *
 *   npx tsx scripts/bench/dashboard.ts [--events 1000000] [--endpoints 100000] [--runs 5]
 *
 * Seeds a fresh, migrated SQLite database (temporary folder, removed at the end) with `--events`
 * AuthEvents spread evenly over the last 7 days (one in 7 rejected, one in 10 carrying 3 counted repeats),
 * `--endpoints` endpoints answered by one MDM server (with the MDM attributes an answer stores), 10 000
 * CoA log entries and a few trusted certificates, all through the same bulk writers the engine uses. Then,
 * for each window, prints the median and worst of `--runs` runs of the authentications-per-bucket query
 * alone and of the whole dashboard (every query GET /api/dashboard makes), the endpoint summary alone, and
 * the query plans.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { insertAuthEvents, type AuthEventInput } from "../../lib/db/auth-events";
import { enableBulkFastPath, sqliteSelect } from "../../lib/db/bulk";
import { insertCoaEvents, type CoaEventInput } from "../../lib/db/coa-events";
import {
  countAuthenticationsByBucket,
  countCoaResults,
  listExpiringCertificates,
  listMdmServerHealth,
  summarizeEndpoints,
} from "../../lib/db/dashboard";
import { applyEndpointUpdates, type EndpointMdmUpdate } from "../../lib/db/endpoints";
import { dashboardWindowKeys, dashboardWindows, windowBuckets } from "../../lib/validation/dashboard";
import { deployBenchDb } from "./support";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    endpoints: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
  },
});

const DAY = 86_400_000;
const BATCH = 10_000;

const macOf = (i: number) => (0x0226b4000000 + i).toString(16).toUpperCase().padStart(12, "0");

/** A live-log row as the engine writes it for a MAB request (request, reply and trace of realistic size). */
function authEvent(i: number, at: Date, endpointCount: number): AuthEventInput {
  const mac = macOf(i % endpointCount);
  const rejected = i % 7 === 0;
  return {
    at,
    engineNode: "bench",
    nadId: null,
    nadName: "Access switch",
    nadAddress: "10.0.0.1",
    mac,
    userName: mac.toLowerCase(),
    method: "mab",
    decision: rejected ? "reject" : "accept",
    policySet: "Default",
    ruleName: rejected ? "Default" : "Compliant devices",
    profiles: rejected ? ["DenyAccess"] : ["Corporate Access"],
    mdmAttributes: { MDMServerReachable: "Reachable", DeviceRegisterStatus: "Registered", DeviceCompliantStatus: "Compliant" },
    mdmServerName: "Bench MDM",
    mdmLatencyMs: null,
    failureReason: rejected ? "No rule matched" : null,
    totalLatencyMs: 0.8,
    request: {
      "User-Name": mac.toLowerCase(),
      "Calling-Station-Id": mac.match(/../g)!.join("-"),
      "Service-Type": "Call-Check",
      "NAS-IP-Address": "10.0.0.1",
      "NAS-Port-Id": "GigabitEthernet1/0/7",
      "Message-Authenticator": "present",
    },
    reply: rejected
      ? { code: "Access-Reject", attributes: [] }
      : { code: "Access-Accept", attributes: [{ name: "Tunnel-Private-Group-Id", value: "10", tag: 1 }] },
    trace: {
      policyVersion: 1,
      mdmSource: "cache",
      rules: [{ policySet: "Default", rule: "Compliant devices", state: "enabled", matched: true }],
    },
  };
}

/** The MDM dictionary values an answer stores on the endpoint (lib/engine/mdm/attributes.ts), typical size. */
function endpointAttributes(i: number, serverName: string): Record<string, string | number> {
  return {
    MDMServerReachable: "Reachable",
    MDMServerName: serverName,
    DeviceRegisterStatus: "Registered",
    DeviceCompliantStatus: i % 10 === 1 ? "NonCompliant" : "Compliant",
    DiskEncryptionStatus: "On",
    PinLockStatus: "On",
    JailBrokenStatus: "Unbroken",
    DaysSinceLastCheckin: i % 30,
    IMEI: String(353918111000000 + i),
    UDID: `00008110-${String(i).padStart(16, "0")}`,
    SerialNumber: `F2LXK${String(i).padStart(6, "0")}`,
    PhoneNumber: `+1 415 555 ${String(i % 10_000).padStart(4, "0")}`,
    Manufacturer: "Apple Inc.",
    Model: "iPhone 15 Pro",
    OsVersion: "iOS 17.5.1",
  };
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(1).padStart(7)} ms, worst ${sorted[sorted.length - 1]!.toFixed(1).padStart(7)} ms`;
}

async function time(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main(): Promise<void> {
  const eventCount = Number(args.events);
  const endpointCount = Number(args.endpoints);
  const runs = Number(args.runs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-dashboard-"));
  try {
    const { db, target } = await deployBenchDb(path.join(dir, "db"));
    const now = Date.now();

    const seedStarted = performance.now();
    const closeFastPath = enableBulkFastPath(db, target);
    for (let start = 0; start < eventCount; start += BATCH) {
      const batch: AuthEventInput[] = [];
      for (let i = start; i < Math.min(start + BATCH, eventCount); i += 1)
        batch.push(authEvent(i, new Date(now - 7 * DAY + Math.floor((i / eventCount) * 7 * DAY)), endpointCount));
      await insertAuthEvents(db, batch);
    }
    const server = await db.mdmServer.create({
      data: { name: "Bench MDM", host: "mdm.example", username: "bench", passwordEncrypted: "-", isEnabled: true },
    });
    for (let start = 0; start < endpointCount; start += BATCH) {
      const batch: EndpointMdmUpdate[] = [];
      for (let i = start; i < Math.min(start + BATCH, endpointCount); i += 1)
        batch.push({
          mac: macOf(i),
          mdmServerId: server.id,
          mdmServerName: server.name,
          registered: i % 20 !== 0,
          compliant: i % 20 === 0 ? null : i % 10 !== 1,
          mdmAttributes: endpointAttributes(i, server.name),
          lastMdmOutcome: i % 20 === 0 ? "not-registered" : i % 50 === 3 ? "unreachable" : "ok",
          lastMdmQueryAt: new Date(now - (i % 1000) * 60_000),
        });
      await applyEndpointUpdates(db, { mdm: batch, seen: [] });
    }
    const coa: CoaEventInput[] = Array.from({ length: 10_000 }, (_, i) => ({
      at: new Date(now - 7 * DAY + Math.floor((i / 10_000) * 7 * DAY)),
      mac: macOf(i % endpointCount),
      nadId: null,
      nadName: "Access switch",
      nadAddress: "10.0.0.1",
      coaPort: 3799,
      acctSessionId: `bench-${i}`,
      kind: "reauthenticate",
      reason: "compliance changed: Compliant → NonCompliant",
      trigger: "poll",
      mdmServerName: server.name,
      result: i % 25 === 0 ? "nak" : i % 40 === 0 ? "timeout" : "ack",
      errorCause: i % 25 === 0 ? "Session-Context-Not-Found" : null,
      attempts: 1,
      latencyMs: 3,
    }));
    await insertCoaEvents(db, coa);
    closeFastPath();
    // Repeat counters as the engine's writer leaves them: absolute values on a tenth of the events.
    await db.$executeRawUnsafe(`UPDATE "AuthEvent" SET "repeatCount" = 3 WHERE rowid % 10 = 0`);
    for (const [i, days] of [-2, 5, 20, 200].entries()) {
      await db.trustedCertificate.create({
        data: {
          friendlyName: `Bench CA ${i}`,
          pem: "-",
          fingerprintSha256: `bench-${i}`,
          fingerprintSha1: `bench-${i}`,
          subject: `CN=Bench CA ${i}`,
          issuer: `CN=Bench CA ${i}`,
          serialNumber: String(i),
          notBefore: new Date(now - 365 * DAY),
          notAfter: new Date(now + days * DAY),
          isCa: true,
        },
      });
    }
    // What the engine's live log does on start (lib/db/auth-events.ts): planner statistics.
    await db.$queryRawUnsafe("PRAGMA analysis_limit = 1000");
    await db.$queryRawUnsafe("ANALYZE");
    console.log(
      `seeded ${eventCount.toLocaleString()} auth events, ${endpointCount.toLocaleString()} endpoints, ${coa.length.toLocaleString()} CoA entries in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (SQLite, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)})`,
    );

    for (const key of dashboardWindowKeys) {
      const queryNow = Date.now();
      const { start, bucketMs, count } = windowBuckets(key, queryNow);
      const buckets = { start: new Date(start), bucketMs, count };
      const totals = await countAuthenticationsByBucket(db, buckets);
      const counted = totals.reduce((sum, bucket) => sum + bucket.accept + bucket.reject, 0);
      const chart = await time(runs, () => countAuthenticationsByBucket(db, buckets));
      // As GET /api/dashboard runs them.
      const whole = await time(runs, async () => {
        const [, endpoints] = await Promise.all([
          countAuthenticationsByBucket(db, buckets),
          summarizeEndpoints(db),
          countCoaResults(db, { from: new Date(queryNow - dashboardWindows[key].ms) }),
          listExpiringCertificates(db, { now: new Date(queryNow), withinDays: 30 }),
        ]);
        await listMdmServerHealth(db, { answers: endpoints.answers });
      });
      console.log(
        `${key.padEnd(3)} (${count} bars of ${bucketMs / 60_000} min, ${counted.toLocaleString()} authentications): bucket query ${stats(chart)}; whole dashboard ${stats(whole)}`,
      );
    }
    const endpointSummary = await time(runs, () => summarizeEndpoints(db));
    console.log(`endpoint summary alone (compliance counts + newest answer per MDM server): ${stats(endpointSummary)}`);
    const endpointPlan = await sqliteSelect<{ detail: string }>(
      db,
      `EXPLAIN QUERY PLAN SELECT "mdmServerId", "lastMdmOutcome", "registered", "compliant", COUNT(*), MAX("lastMdmQueryAt") FROM "Endpoint" GROUP BY 1, 2, 3, 4`,
      [],
    );
    console.log(`plan of the endpoint summary: ${endpointPlan.map((row) => row.detail).join("; ")}`);
    const plan = await sqliteSelect<{ detail: string }>(
      db,
      `EXPLAIN QUERY PLAN SELECT COUNT(*) + COALESCE(SUM("repeatCount"), 0) FROM "AuthEvent" WHERE "decision" = ? AND "at" >= ? AND "at" < ?`,
      ["accept", "2026-01-01T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00"],
    );
    console.log(`plan of one bar: ${plan.map((row) => row.detail).join("; ")}`);
    await db.$disconnect();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
