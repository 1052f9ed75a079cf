// Endpoints: devices seen in RADIUS with what their MDM last said. The engine writes them in batches (never
// per packet); the console reads them — Context Visibility › Endpoints lists them with filters and keyset paging
// (raw SQL for both providers: the active-session test is a subquery on RadiusSession, which has no relation here).
import { AppError } from "../errors";
import type { EndpointCursor, EndpointSearch, EndpointSort } from "../validation/endpoints";
import { listAuthEvents } from "./auth-events";
import { bulkInsert, isPostgres, sqliteSelect, timeOrderedId } from "./bulk";
import type { Db } from "./client";
import { listCoaEvents } from "./coa-events";
import { listRadiusSessions } from "./radius-sessions";

export type EndpointMdmUpdate = {
  mac: string;
  mdmServerId: string | null;
  mdmServerName: string | null;
  registered: boolean | null;
  compliant: boolean | null;
  /** The MDM dictionary values of the answer. */
  mdmAttributes: Record<string, unknown>;
  /** ok | not-registered | unreachable | no-server */
  lastMdmOutcome: string;
  lastMdmQueryAt: Date;
  /** The certificate GUID the device was looked up by (EAP-TLS). */
  guid?: string;
};

export type EndpointSeenUpdate = { mac: string; lastDecision: string; lastSeenAt: Date };

/**
 * Applies a batch of MDM answers and sightings (one row per MAC each) as multi-row upserts. An unreachable
 * answer records the outcome and time but keeps the last known registration and compliance (they are
 * still the best facts).
 */
export async function applyEndpointUpdates(
  db: Db,
  { mdm, seen }: { mdm: readonly EndpointMdmUpdate[]; seen: readonly EndpointSeenUpdate[] },
): Promise<void> {
  const now = new Date();
  const known = mdm.filter((u) => u.lastMdmOutcome === "ok" || u.lastMdmOutcome === "not-registered");
  const unknown = mdm.filter((u) => !(u.lastMdmOutcome === "ok" || u.lastMdmOutcome === "not-registered"));
  await bulkInsert(db, {
    table: "Endpoint",
    columns: [
      "id",
      "mac",
      "mdmServerId",
      "mdmServerName",
      "registered",
      "compliant",
      "mdmAttributes",
      "lastMdmOutcome",
      "lastMdmQueryAt",
      "createdAt",
      "updatedAt",
    ],
    rows: known.map((u) => [
      timeOrderedId(),
      u.mac,
      u.mdmServerId,
      u.mdmServerName,
      u.registered,
      u.compliant,
      JSON.stringify(u.mdmAttributes),
      u.lastMdmOutcome,
      u.lastMdmQueryAt,
      now,
      now,
    ]),
    conflict: {
      target: ["mac"],
      update: [
        "mdmServerId",
        "mdmServerName",
        "registered",
        "compliant",
        "mdmAttributes",
        "lastMdmOutcome",
        "lastMdmQueryAt",
        "updatedAt",
      ],
    },
  });
  await bulkInsert(db, {
    table: "Endpoint",
    columns: ["id", "mac", "mdmServerId", "mdmServerName", "lastMdmOutcome", "lastMdmQueryAt", "createdAt", "updatedAt"],
    rows: unknown.map((u) => [
      timeOrderedId(),
      u.mac,
      u.mdmServerId,
      u.mdmServerName,
      u.lastMdmOutcome,
      u.lastMdmQueryAt,
      now,
      now,
    ]),
    conflict: { target: ["mac"], update: ["lastMdmOutcome", "lastMdmQueryAt", "updatedAt"] },
  });
  // The GUID only when known: a MAB answer must not erase the one an EAP-TLS certificate gave.
  const withGuid = mdm.filter((u) => u.guid);
  await bulkInsert(db, {
    table: "Endpoint",
    columns: ["id", "mac", "guid", "createdAt", "updatedAt"],
    rows: withGuid.map((u) => [timeOrderedId(), u.mac, u.guid ?? null, now, now]),
    conflict: { target: ["mac"], update: ["guid", "updatedAt"] },
  });
  await bulkInsert(db, {
    table: "Endpoint",
    columns: ["id", "mac", "lastDecision", "lastSeenAt", "createdAt", "updatedAt"],
    rows: seen.map((u) => [timeOrderedId(), u.mac, u.lastDecision, u.lastSeenAt, now, now]),
    conflict: { target: ["mac"], update: ["lastDecision", "lastSeenAt", "updatedAt"] },
  });
}

export async function getEndpointByMac(db: Db, { mac }: { mac: string }) {
  const row = await db.endpoint.findUnique({ where: { mac } });
  return row ? endpointView(row) : undefined;
}

type Row = Awaited<ReturnType<Db["endpoint"]["findFirstOrThrow"]>>;

export function endpointView(row: Row) {
  return { ...row, mdmAttributes: row.mdmAttributes ? (JSON.parse(row.mdmAttributes) as Record<string, unknown>) : null };
}

/**
 * Stored MDM answers queried since `since`: the engine loads them at start so its compliance cache is
 * warm after a restart.
 */
export async function listFreshEndpointAnswers(db: Db, { since }: { since: Date }) {
  return db.endpoint.findMany({
    where: { lastMdmQueryAt: { gte: since }, lastMdmOutcome: { in: ["ok", "not-registered"] }, mac: { not: null } },
    select: {
      mac: true,
      mdmServerId: true,
      mdmServerName: true,
      registered: true,
      compliant: true,
      mdmAttributes: true,
      lastMdmOutcome: true,
      lastMdmQueryAt: true,
    },
  });
}

export type StoredCompliance = { mac: string; registered: boolean | null; compliant: boolean | null };

/**
 * What the database says about the endpoints a compliance poll of one MDM server covers: those it answered
 * for last, and those no server has answered for yet (a poll may be the first to name them). Four narrow
 * columns only: a poll reads every such endpoint (100 000 rows in the benchmark) each cycle.
 */
export async function listStoredCompliance(db: Db, { mdmServerId }: { mdmServerId: string }): Promise<StoredCompliance[]> {
  if (isPostgres(db)) {
    const rows = await db.endpoint.findMany({
      where: { mac: { not: null }, OR: [{ mdmServerId }, { mdmServerId: null }] },
      select: { mac: true, registered: true, compliant: true },
    });
    return rows as StoredCompliance[];
  }
  // SQLite: the engine's direct connection when it has one (bulk.ts); booleans are stored as 0/1.
  const rows = await sqliteSelect<{ mac: string; registered: number | null; compliant: number | null }>(
    db,
    `SELECT "mac", "registered", "compliant" FROM "Endpoint" WHERE "mac" IS NOT NULL AND ("mdmServerId" = ? OR "mdmServerId" IS NULL)`,
    [mdmServerId],
  );
  const bool = (value: number | bigint | boolean | null) => (value === null ? null : Boolean(Number(value)));
  return rows.map((row) => ({ mac: row.mac, registered: bool(row.registered), compliant: bool(row.compliant) }));
}

// ── Context Visibility › Endpoints ───────────────────────────────────────────────────────────────────────

export type EndpointListFilter = {
  search?: EndpointSearch;
  /** unknown: no compliance known and not UnRegistered (an UnRegistered endpoint is `registered: "no"`). */
  compliance?: "compliant" | "noncompliant" | "unknown";
  registered?: "yes" | "no" | "unknown";
  /** active: with an active RADIUS session; none: without one. */
  session?: "active" | "none";
  mdmServerId?: string;
  decision?: "accept" | "reject";
};

export type EndpointListItem = {
  id: string;
  mac: string | null;
  guid: string | null;
  mdmServerId: string | null;
  mdmServerName: string | null;
  registered: boolean | null;
  compliant: boolean | null;
  lastMdmOutcome: string | null;
  lastMdmQueryAt: Date | null;
  lastDecision: string | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  hasActiveSession: boolean;
  /** Framed-IP-Address of the most recent active session, when the NAD reported one. */
  sessionIp: string | null;
  /** A few MDM values for the list (model, OS, the compliance failure reason). */
  device: { manufacturer: string | null; model: string | null; osVersion: string | null; failureReason: string | null };
};

/** Counts stop here: "10 000+" costs the same at 100 000 endpoints as at 1 000 000. */
export const ENDPOINT_COUNT_CAP = 10_000;

type Sort = { column: "lastSeenAt" | "mac"; direction: "DESC" | "ASC"; date: boolean };
const sorts: Record<EndpointSort, Sort> = {
  lastSeen: { column: "lastSeenAt", direction: "DESC", date: true },
  mac: { column: "mac", direction: "ASC", date: false },
};

/** A parameterised SQL fragment builder: `?` placeholders on SQLite, `$n` on PostgreSQL. */
class Sql {
  readonly parameters: (string | number | null)[] = [];
  constructor(readonly postgres: boolean) {}
  value(value: string | number | null): string {
    this.parameters.push(value);
    return this.postgres ? `$${this.parameters.length}` : "?";
  }
  /** A time as each provider compares it: Prisma's ISO text with an offset on SQLite, a timestamp on PostgreSQL. */
  time(iso: string): string {
    const date = new Date(iso);
    return this.postgres ? `${this.value(date.toISOString())}::timestamp` : this.value(date.toISOString().replace("Z", "+00:00"));
  }
}

const ACTIVE_SESSION = `SELECT 1 FROM "RadiusSession" s WHERE s."isActive" = TRUE AND s."mac" = e."mac"`;
/**
 * A column of the endpoint's most recent active session, per listed row. Scalar subqueries with LIMIT 1 rather than
 * EXISTS in the select list: PostgreSQL would answer that by hashing every active session for a 50-row page.
 */
const LATEST_ACTIVE_SESSION = `SELECT <column> FROM "RadiusSession" s WHERE s."isActive" = TRUE AND s."mac" = e."mac" ORDER BY s."lastUpdateAt" DESC LIMIT 1`;

/**
 * The filters as WHERE terms. Every column they test is in the index on (lastSeenAt, id, …) — a narrow copy of the
 * table in last-seen order — so a page walks that index and reads the table only for the rows it returns, and a
 * filter that matches nothing costs one pass over the index (≈ 20 ms at 100 000 endpoints), not over the table.
 */
function filterSql(sql: Sql, filter: EndpointListFilter, purpose: "page" | "count"): string[] {
  const where: string[] = [];
  const search = filter.search;
  if (search) {
    const like = sql.postgres ? "ILIKE" : "LIKE";
    const escaped = search.text.replace(/[\\%_]/g, (c) => `\\${c}`);
    if (search.mode === "contains") {
      // Placeholders are positional on SQLite: build the terms in the order they are written.
      const terms = search.macDigits ? [`e."mac" LIKE ${sql.value(`%${search.macDigits}%`)}`] : [];
      terms.push(`e."guid" ${like} ${sql.value(`%${escaped}%`)} ESCAPE '\\'`);
      where.push(`(${terms.join(" OR ")})`);
    } else {
      // Prefixes as index ranges (LIKE 'x%' cannot use the index on SQLite or under a PostgreSQL locale). MACs are
      // upper-case hex and GUIDs hex and hyphens, so appending "Z"/"z" bounds every completion under both bytewise
      // and locale collations; GUIDs are stored as the MDM spelt them, so both cases are tried.
      const terms: string[] = [];
      if (search.macDigits)
        terms.push(`(e."mac" >= ${sql.value(search.macDigits)} AND e."mac" < ${sql.value(`${search.macDigits}Z`)})`);
      for (const guid of new Set([search.text.toLowerCase(), search.text.toUpperCase()]))
        terms.push(`(e."guid" >= ${sql.value(guid)} AND e."guid" < ${sql.value(`${guid}z`)})`);
      where.push(`(${terms.join(" OR ")})`);
    }
  }
  if (filter.compliance === "compliant") where.push(`e."compliant" = TRUE`);
  if (filter.compliance === "noncompliant") where.push(`e."compliant" = FALSE`);
  // Unknown: no compliance known for an endpoint that may be managed (never answered, or only "unreachable");
  // those the MDM says it does not manage are `registered=no`, as the Home page counts them.
  if (filter.compliance === "unknown") where.push(`e."compliant" IS NULL AND (e."registered" IS NULL OR e."registered" = TRUE)`);
  if (filter.registered === "yes") where.push(`e."registered" = TRUE`);
  if (filter.registered === "no") where.push(`e."registered" = FALSE`);
  if (filter.registered === "unknown") where.push(`e."registered" IS NULL`);
  // A page walks the endpoints in sort order and probes each one's sessions (index isActive+mac) until it has
  // enough rows; a count is cheaper starting from the active sessions (measured 60 → 12 ms at 100 000 endpoints).
  if (filter.session === "active")
    where.push(
      purpose === "page"
        ? `EXISTS (${ACTIVE_SESSION})`
        : `e."mac" IN (SELECT s."mac" FROM "RadiusSession" s WHERE s."isActive" = TRUE)`,
    );
  if (filter.session === "none") where.push(`NOT EXISTS (${ACTIVE_SESSION})`);
  if (filter.mdmServerId) where.push(`e."mdmServerId" = ${sql.value(filter.mdmServerId)}`);
  if (filter.decision) where.push(`e."lastDecision" = ${sql.value(filter.decision)}`);
  return where;
}

type RawRow = {
  id: string;
  mac: string | null;
  guid: string | null;
  mdmServerId: string | null;
  mdmServerName: string | null;
  registered: unknown;
  compliant: unknown;
  mdmAttributes: string | null;
  lastMdmOutcome: string | null;
  lastMdmQueryAt: unknown;
  lastDecision: string | null;
  lastSeenAt: unknown;
  createdAt: unknown;
  activeSessionId: string | null;
  sessionIp: string | null;
};

const toBool = (value: unknown): boolean | null =>
  value === null || value === undefined ? null : typeof value === "boolean" ? value : Number(value) !== 0;
const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));

function listItem(row: RawRow): EndpointListItem {
  const attributes = row.mdmAttributes ? (JSON.parse(row.mdmAttributes) as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  return {
    id: row.id,
    mac: row.mac,
    guid: row.guid,
    mdmServerId: row.mdmServerId,
    mdmServerName: row.mdmServerName,
    registered: toBool(row.registered),
    compliant: toBool(row.compliant),
    lastMdmOutcome: row.lastMdmOutcome,
    lastMdmQueryAt: toDate(row.lastMdmQueryAt),
    lastDecision: row.lastDecision,
    lastSeenAt: toDate(row.lastSeenAt),
    createdAt: toDate(row.createdAt) ?? new Date(0),
    hasActiveSession: row.activeSessionId !== null,
    sessionIp: row.sessionIp,
    device: {
      manufacturer: text(attributes.Manufacturer),
      model: text(attributes.Model),
      osVersion: text(attributes.OsVersion),
      failureReason: text(attributes.MDMFailureReason),
    },
  };
}

/**
 * One page in one of the two key ranges of a sort: rows with a sort key (by key, then id), or rows without one
 * (by id) after them. Splitting keeps each range a plain index walk on both providers, whatever their NULL order.
 */
async function pageOfRange(
  db: Db,
  filter: EndpointListFilter,
  sort: Sort,
  range: "keyed" | "unkeyed",
  after: { key: string | null; id: string } | undefined,
  limit: number,
): Promise<RawRow[]> {
  const sql = new Sql(isPostgres(db));
  const where = filterSql(sql, filter, "page");
  const column = `e."${sort.column}"`;
  const before = sort.direction === "DESC" ? "<" : ">";
  const key = (value: string) => (sort.date ? sql.time(value) : sql.value(value));
  if (range === "keyed") {
    where.push(`${column} IS NOT NULL`);
    if (after?.key) {
      // (key, id) past the cursor, spelt with a leading range on the key so the planner seeks the index.
      where.push(
        `${column} ${before}= ${key(after.key)} AND (${column} ${before} ${key(after.key)} OR e."id" ${before} ${sql.value(after.id)})`,
      );
    }
  } else {
    where.push(`${column} IS NULL`);
    if (after && after.key === null) where.push(`e."id" ${before} ${sql.value(after.id)}`);
  }
  const order = range === "keyed" ? `${column} ${sort.direction}, e."id" ${sort.direction}` : `e."id" ${sort.direction}`;
  const text = `SELECT e."id", e."mac", e."guid", e."mdmServerId", e."mdmServerName", e."registered", e."compliant",
    e."mdmAttributes", e."lastMdmOutcome", e."lastMdmQueryAt", e."lastDecision", e."lastSeenAt", e."createdAt",
    (${LATEST_ACTIVE_SESSION.replace("<column>", `s."id"`)}) AS "activeSessionId",
    (${LATEST_ACTIVE_SESSION.replace("<column>", `s."framedIp"`)}) AS "sessionIp"
    FROM "Endpoint" e WHERE ${where.length ? where.join(" AND ") : "1 = 1"} ORDER BY ${order} LIMIT ${sql.value(limit)}`;
  return db.$queryRawUnsafe<RawRow[]>(text, ...sql.parameters);
}

function cursorOf(sort: EndpointSort, item: EndpointListItem): EndpointCursor {
  const key = sort === "mac" ? item.mac : (item.lastSeenAt?.toISOString() ?? null);
  return { sort, key, id: item.id };
}

/**
 * One page of endpoints (Context Visibility › Endpoints), keyset-paged: page 1 and page 2 000 cost one index walk.
 * `lastSeen` (default): most recently seen in RADIUS first, never-seen endpoints (known from an MDM answer only)
 * last; `mac`: by MAC.
 */
export async function listEndpointPage(
  db: Db,
  {
    filter = {},
    sort = "lastSeen",
    cursor,
    take = 50,
  }: { filter?: EndpointListFilter; sort?: EndpointSort; cursor?: EndpointCursor; take?: number } = {},
): Promise<{ items: EndpointListItem[]; nextCursor: EndpointCursor | undefined }> {
  const limit = Math.min(Math.max(take, 1), 500);
  const definition = sorts[sort];
  const rows: RawRow[] = [];
  if (!cursor || cursor.key !== null) rows.push(...(await pageOfRange(db, filter, definition, "keyed", cursor, limit + 1)));
  if (rows.length <= limit)
    rows.push(
      ...(await pageOfRange(
        db,
        filter,
        definition,
        "unkeyed",
        cursor?.key === null ? cursor : undefined,
        limit + 1 - rows.length,
      )),
    );
  const items = rows.slice(0, limit).map(listItem);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? cursorOf(sort, last) : undefined };
}

/** How many endpoints match, counted up to `cap` (`capped`: there are more than that). */
export async function countEndpoints(
  db: Db,
  { filter = {}, cap = ENDPOINT_COUNT_CAP }: { filter?: EndpointListFilter; cap?: number } = {},
) {
  const sql = new Sql(isPostgres(db));
  const where = filterSql(sql, filter, "count");
  const rows = await db.$queryRawUnsafe<{ n: unknown }[]>(
    `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "Endpoint" e ${where.length ? `WHERE ${where.join(" AND ")}` : ""} LIMIT ${sql.value(cap + 1)}) t`,
    ...sql.parameters,
  );
  const n = Number(rows[0]?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

export async function getEndpointOrThrow(db: Db, { mac }: { mac: string }) {
  const endpoint = await getEndpointByMac(db, { mac });
  if (!endpoint) throw new AppError("NOT_FOUND", "No endpoint with this MAC address has been seen");
  return endpoint;
}

/**
 * An endpoint with its sessions (most recent first, active and ended), its last 20 authentications (summaries;
 * the full event is one click away in Live Logs) and its CoA history.
 */
export async function getEndpointDetailOrThrow(db: Db, { mac }: { mac: string }) {
  const endpoint = await getEndpointOrThrow(db, { mac });
  const [sessions, authentications, coa] = await Promise.all([
    listRadiusSessions(db, { filter: { mac }, take: 10 }),
    listAuthEvents(db, { filter: { mac }, take: 20 }),
    listCoaEvents(db, { filter: { mac }, take: 20 }),
  ]);
  return {
    endpoint,
    sessions: sessions.items,
    hasMoreSessions: sessions.nextCursor !== undefined,
    authentications: authentications.items.map(({ request: _request, reply: _reply, trace: _trace, ...summary }) => summary),
    hasMoreAuthentications: authentications.nextCursor !== undefined,
    coaEvents: coa.items,
    hasMoreCoaEvents: coa.nextCursor !== undefined,
  };
}

export type EndpointDetail = Awaited<ReturnType<typeof getEndpointDetailOrThrow>>;
