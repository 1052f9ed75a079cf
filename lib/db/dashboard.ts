// What the Home dashboard shows, aggregated in the database: authentications per time bucket and decision,
// endpoints by compliance, each enabled MDM server's last stored facts, CoA outcomes, certificates near
// expiry. Read-only; every query is one aggregate (or a short list), never a read of the rows themselves.
// Measured by scripts/bench/dashboard.ts.
import { complianceGroupOf, type ComplianceGroup } from "../validation/dashboard";
import { coaResults, type CoaResult } from "../validation/coa-events";
import { isPostgres } from "./bulk";
import type { Db } from "./client";

/** The live log's decisions (AuthEvent.decision). */
export const AUTH_DECISIONS = ["accept", "reject"] as const;
export type AuthDecision = (typeof AUTH_DECISIONS)[number];

export type AuthBucket = { start: Date } & Record<AuthDecision, number>;

/**
 * Authentications per bucket and decision: `count` buckets of `bucketMs` from `start`, oldest first, zeros
 * included. A logged event stands for itself plus its `repeatCount` suppressed repeats (counted in the
 * event's bucket).
 *
 * One statement: a correlated COUNT + SUM per (bucket, decision) over the (decision, at, repeatCount)
 * index, i.e. one index-only range scan per bar and no sort — 1 000 000 events in a 7-day window take
 * ~150 ms on SQLite (scripts/bench/dashboard.ts), where a GROUP BY over a bucket computed from each row's
 * time read every row and sorted them (~1 s).
 */
export async function countAuthenticationsByBucket(
  db: Db,
  { start, bucketMs, count }: { start: Date; bucketMs: number; count: number },
): Promise<AuthBucket[]> {
  const postgres = isPostgres(db);
  const bounds = Array.from({ length: count + 1 }, (_, i) => new Date(start.getTime() + i * bucketMs));
  const parameters: string[] = [];
  const placeholder = (value: Date) => {
    parameters.push(sqlTime(value, postgres));
    return postgres ? `$${parameters.length}::timestamp` : "?";
  };
  const buckets = bounds
    .slice(0, count)
    .map((lo, i) => `(${i}, ${placeholder(lo)}, ${placeholder(bounds[i + 1]!)})`)
    .join(", ");
  const decisions = AUTH_DECISIONS.map((decision) => `('${decision}')`).join(", ");
  const rows = await db.$queryRawUnsafe<{ bucket: number | bigint; decision: string; total: number | bigint | string }[]>(
    `WITH b ("i", "lo", "hi") AS (VALUES ${buckets}), d ("decision") AS (VALUES ${decisions})
     SELECT b."i" AS "bucket", d."decision" AS "decision",
       (SELECT COUNT(*) + COALESCE(SUM(e."repeatCount"), 0) FROM "AuthEvent" e
         WHERE e."decision" = d."decision" AND e."at" >= b."lo" AND e."at" < b."hi") AS "total"
     FROM b CROSS JOIN d`,
    ...parameters,
  );
  const out: AuthBucket[] = bounds.slice(0, count).map((lo) => ({ start: lo, accept: 0, reject: 0 }));
  for (const row of rows) {
    const bucket = out[Number(row.bucket)];
    if (bucket) bucket[row.decision as AuthDecision] = Number(row.total);
  }
  return out;
}

/**
 * A time as the column stores it, for a raw statement: SQLite holds Prisma's ISO text with an explicit
 * offset (compared as text, so the same spelling); PostgreSQL a `timestamp` in UTC (cast from this text).
 */
function sqlTime(value: Date, postgres: boolean): string {
  const iso = value.toISOString();
  return postgres ? iso.replace("T", " ").replace("Z", "") : iso.replace("Z", "+00:00");
}

export type ComplianceCounts = Record<ComplianceGroup, number> & { total: number };

/** What the endpoints say about one MDM server: the newest answer it gave, and whose answers it gave last. */
export type MdmServerAnswers = {
  lastAnswerAt: Date | null;
  lastAnswerOutcome: string | null;
  endpoints: number;
  unreachableEndpoints: number;
};

/**
 * Both of the dashboard's endpoint figures from one pass over the Endpoint_dashboard_idx index, in its
 * order (never the rows with their MDM attributes): every endpoint counted once by its last stored MDM
 * answer (see complianceGroupOf), and per MDM server the newest answer stored from it (the engine stores
 * every live lookup's and poll change's answer on the endpoint, "unreachable" included, naming the server
 * asked) — nothing else records when a server last answered.
 */
export async function summarizeEndpoints(
  db: Db,
): Promise<{ compliance: ComplianceCounts; answers: Map<string, MdmServerAnswers> }> {
  const groups = await db.endpoint.groupBy({
    by: ["mdmServerId", "lastMdmOutcome", "registered", "compliant"],
    _count: { _all: true },
    _max: { lastMdmQueryAt: true },
  });
  const compliance = { compliant: 0, nonCompliant: 0, notRegistered: 0, unknown: 0, total: 0 };
  const answers = new Map<string, MdmServerAnswers>();
  for (const group of groups) {
    const count = group._count._all;
    compliance[complianceGroupOf(group)] += count;
    compliance.total += count;
    if (!group.mdmServerId) continue;
    let server = answers.get(group.mdmServerId);
    if (!server) {
      server = { lastAnswerAt: null, lastAnswerOutcome: null, endpoints: 0, unreachableEndpoints: 0 };
      answers.set(group.mdmServerId, server);
    }
    server.endpoints += count;
    if (group.lastMdmOutcome === "unreachable") server.unreachableEndpoints += count;
    const at = group._max.lastMdmQueryAt;
    if (at && (!server.lastAnswerAt || at > server.lastAnswerAt)) {
      server.lastAnswerAt = at;
      server.lastAnswerOutcome = group.lastMdmOutcome;
    }
  }
  return { compliance, answers };
}

/**
 * The enabled MDM servers in lookup order, each with what is stored about its connection: the last Test
 * Connection (and last success), and what its endpoints say (`answers` from summarizeEndpoints).
 */
export async function listMdmServerHealth(db: Db, { answers }: { answers: ReadonlyMap<string, MdmServerAnswers> }) {
  const servers = await db.mdmServer.findMany({
    where: { isEnabled: true },
    orderBy: [{ lookupOrder: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      host: true,
      port: true,
      pollingIntervalMinutes: true,
      lastTestAt: true,
      lastTestOutcome: true,
      lastTestMessage: true,
      lastContactAt: true,
    },
  });
  const none: MdmServerAnswers = { lastAnswerAt: null, lastAnswerOutcome: null, endpoints: 0, unreachableEndpoints: 0 };
  return servers.map((server) => ({ ...server, ...(answers.get(server.id) ?? none) }));
}

/** CoAs sent since `from`, by result (every result present, zeros included). */
export async function countCoaResults(db: Db, { from }: { from: Date }): Promise<Record<CoaResult, number>> {
  const groups = await db.coaEvent.groupBy({ by: ["result"], where: { at: { gte: from } }, _count: { _all: true } });
  const counts = Object.fromEntries(coaResults.map((result) => [result, 0])) as Record<CoaResult, number>;
  for (const group of groups) if (group.result in counts) counts[group.result as CoaResult] = group._count._all;
  return counts;
}

/** Trusted certificates whose validity ends before `now` + `withinDays` (expired ones included), soonest first. */
export async function listExpiringCertificates(db: Db, { now, withinDays }: { now: Date; withinDays: number }) {
  const rows = await db.trustedCertificate.findMany({
    where: { notAfter: { lte: new Date(now.getTime() + withinDays * 86_400_000) } },
    orderBy: [{ notAfter: "asc" }, { friendlyName: "asc" }],
    select: { id: true, friendlyName: true, subject: true, notAfter: true, trustForMdm: true },
  });
  return rows.map((row) => ({ ...row, isExpired: row.notAfter <= now }));
}
