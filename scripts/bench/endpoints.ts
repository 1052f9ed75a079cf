/**
 * Context Visibility › Endpoints at 100 000 endpoints: seeds a temporary SQLite database (endpoints from three MDM
 * servers, 10 % with an active session, ended sessions besides) and prints p50 / p95 of the list query with each
 * filter — first page, a later page through the cursor — and of the capped count.
 *
 *   npx tsx scripts/bench/endpoints.ts [--endpoints 100000] [--runs 40]
 *   DATABASE_URL=postgresql://…/empty_db npx tsx scripts/bench/endpoints.ts   (PostgreSQL: an empty database, migrated here)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bulkInsert, enableBulkFastPath, timeOrderedId } from "../../lib/db/bulk";
import {
  applyEndpointUpdates,
  countEndpoints,
  listEndpointPage,
  type EndpointListFilter,
  type EndpointMdmUpdate,
  type EndpointSeenUpdate,
} from "../../lib/db/endpoints";
import { parseEndpointSearch, type EndpointSort } from "../../lib/validation/endpoints";
import { createDb, type DatabaseTarget, type Db } from "../../lib/db/client";
import { deployBenchDb, root } from "./support";

const { values: args } = parseArgs({
  options: { endpoints: { type: "string", default: "100000" }, runs: { type: "string", default: "40" } },
});
const ENDPOINTS = Number(args.endpoints);
const RUNS = Number(args.runs);

/** A deterministic pseudo-random sequence, so two runs seed the same data. */
let state = 42;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return state / 2_147_483_648;
};

const macOf = (i: number) => `02${i.toString(16).toUpperCase().padStart(10, "0")}`;

/** PostgreSQL: the committed migrations applied to an empty database, as `npm start` would. */
async function deployPostgres(url: string): Promise<{ db: Db; target: DatabaseTarget }> {
  execFileSync(process.execPath, ["scripts/db.mjs", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  const target: DatabaseTarget = { provider: "postgresql", url };
  const db = createDb(target);
  if ((await db.endpoint.count()) > 0) throw new Error("The benchmark seeds its own endpoints: give it an empty database");
  return { db, target };
}

async function seed(db: Db) {
  const now = Date.now();
  const mdm: EndpointMdmUpdate[] = [];
  const seen: EndpointSeenUpdate[] = [];
  const guids: { mac: string; guid: string }[] = [];
  const sessions: (string | number | boolean | Date | null)[][] = [];
  for (let i = 0; i < ENDPOINTS; i += 1) {
    const mac = macOf(i * 7919);
    const r = random();
    const server = r < 0.7 ? "s1" : r < 0.95 ? "s2" : "s3";
    const s = random();
    const outcome = s < 0.88 ? "compliant" : s < 0.96 ? "noncompliant" : s < 0.99 ? "unregistered" : "unreachable";
    mdm.push({
      mac,
      mdmServerId: server,
      mdmServerName: `MDM ${server}`,
      registered: outcome === "unreachable" ? null : outcome !== "unregistered",
      compliant: outcome === "compliant" ? true : outcome === "noncompliant" ? false : null,
      mdmAttributes: { MDMServerReachable: outcome === "unreachable" ? "UnReachable" : "Reachable", Model: "iPhone 15" },
      lastMdmOutcome: outcome === "unreachable" ? "unreachable" : outcome === "unregistered" ? "not-registered" : "ok",
      lastMdmQueryAt: new Date(now - random() * 86_400_000),
    });
    if (random() < 0.98)
      seen.push({
        mac,
        lastDecision: random() < 0.04 ? "reject" : "accept",
        lastSeenAt: new Date(now - random() * 30 * 86_400_000),
      });
    if (random() < 0.3) guids.push({ mac, guid: crypto.randomUUID() });
    const session = random();
    if (session < 0.3) {
      const at = new Date(now - random() * 86_400_000);
      const active = session < 0.1;
      sessions.push([
        timeOrderedId(),
        "10.0.0.1",
        `s-${i}`,
        mac,
        mac,
        active ? `10.1.${(i >> 8) & 255}.${i & 255}` : null,
        at,
        at,
        active ? null : at,
        active,
      ]);
    }
  }
  const started = performance.now();
  for (let offset = 0; offset < ENDPOINTS; offset += 10_000) {
    await applyEndpointUpdates(db, { mdm: mdm.slice(offset, offset + 10_000), seen: seen.slice(offset, offset + 10_000) });
  }
  await bulkInsert(db, {
    table: "RadiusSession",
    columns: [
      "id",
      "nadAddress",
      "acctSessionId",
      "callingStationId",
      "mac",
      "framedIp",
      "startedAt",
      "lastUpdateAt",
      "stoppedAt",
      "isActive",
    ],
    rows: sessions,
  });
  for (let offset = 0; offset < guids.length; offset += 1000) {
    const chunk = guids.slice(offset, offset + 1000);
    await db.$transaction(chunk.map(({ mac, guid }) => db.endpoint.update({ where: { mac }, data: { guid } })));
  }
  const active = sessions.filter((row) => row[9] === true).length;
  console.log(
    `seeded ${ENDPOINTS} endpoints (${seen.length} seen in RADIUS, ${guids.length} with a GUID), ${sessions.length} sessions (${active} active) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { someMac: mdm[ENDPOINTS >> 1]!.mac, someGuid: guids[guids.length >> 1]!.guid };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(run: () => Promise<unknown>) {
  await run(); // warm
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return `${percentile(samples, 50).toFixed(1).padStart(6)} / ${percentile(samples, 95).toFixed(1).padStart(6)}`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-endpoints-"));
  try {
    const url = process.env.DATABASE_URL;
    const { db, target } = url?.startsWith("postgres") ? await deployPostgres(url) : await deployBenchDb(path.join(dir, "data"));
    console.log(`database: ${target.provider}`);
    const closeFastPath = enableBulkFastPath(db, target);
    const { someMac, someGuid } = await seed(db);
    closeFastPath();
    // A bulk load leaves PostgreSQL without statistics until autovacuum runs; a real table has them.
    if (target.provider === "postgresql") await db.$executeRawUnsafe('VACUUM ANALYZE "Endpoint", "RadiusSession"');
    // What the list's index costs the engine: sightings of 10 000 endpoints in one batch, as its event writer sends them.
    const fast = enableBulkFastPath(db, target);
    const writes: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const batch = Array.from({ length: 10_000 }, (_, i) => ({
        mac: macOf((((round * 10_000 + i) * 7) % ENDPOINTS) * 7919),
        lastDecision: "accept",
        lastSeenAt: new Date(),
      }));
      const started = performance.now();
      await applyEndpointUpdates(db, { mdm: [], seen: batch });
      writes.push(performance.now() - started);
    }
    fast();
    console.log(
      `sightings of 10 000 endpoints written in one batch (engine fast path): ${writes.map((ms) => ms.toFixed(0)).join(", ")} ms`,
    );
    const cases: [string, EndpointListFilter, EndpointSort?][] = [
      ["no filter", {}],
      ["no filter, by MAC", {}, "mac"],
      ["MAC prefix (6 digits)", { search: parseEndpointSearch(someMac.slice(0, 6)) }],
      ["MAC prefix, no match", { search: parseEndpointSearch("03:00:00") }],
      ["GUID prefix", { search: parseEndpointSearch(someGuid.slice(0, 8)) }],
      ["MAC contains (*, last 4 digits)", { search: parseEndpointSearch(`*${someMac.slice(-4)}`) }],
      ["contains, no match (*)", { search: parseEndpointSearch("*zzzz") }],
      ["compliance=compliant", { compliance: "compliant" }],
      ["compliance=noncompliant", { compliance: "noncompliant" }],
      ["compliance=unknown", { compliance: "unknown" }],
      ["registered=no", { registered: "no" }],
      ["session=active", { session: "active" }],
      ["session=none", { session: "none" }],
      ["mdmServer (5 % of endpoints)", { mdmServerId: "s3" }],
      ["decision=reject", { decision: "reject" }],
      ["noncompliant + active session", { compliance: "noncompliant", session: "active" }],
      ["noncompliant + mdmServer s3 + reject", { compliance: "noncompliant", mdmServerId: "s3", decision: "reject" }],
      ["mdmServer that has none", { mdmServerId: "nope" }],
      ["by MAC: noncompliant", { compliance: "noncompliant" }, "mac"],
      ["by MAC: session=active", { session: "active" }, "mac"],
      ["by MAC: mdmServer that has none", { mdmServerId: "nope" }, "mac"],
      ["by MAC: contains, no match", { search: parseEndpointSearch("*zzzz") }, "mac"],
    ];
    console.log(`\n${RUNS} runs each, 50 rows a page; ms p50 / p95\n`);
    console.log(`${"filter".padEnd(40)} ${"page 1".padEnd(16)} ${"page 2".padEnd(16)} ${"count (≤ 10 000)".padEnd(16)} rows`);
    for (const [name, filter, sort = "lastSeen"] of cases) {
      const first = await listEndpointPage(db, { filter, sort, take: 50 });
      const page1 = await time(() => listEndpointPage(db, { filter, sort, take: 50 }));
      const page2 = first.nextCursor
        ? await time(() => listEndpointPage(db, { filter, sort, cursor: first.nextCursor, take: 50 }))
        : "—";
      const counted = await countEndpoints(db, { filter });
      const count = await time(() => countEndpoints(db, { filter }));
      console.log(
        `${name.padEnd(40)} ${page1.padEnd(16)} ${page2.padEnd(16)} ${count.padEnd(16)} ${counted.count}${counted.capped ? "+" : ""}`,
      );
    }
    await db.$disconnect();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
