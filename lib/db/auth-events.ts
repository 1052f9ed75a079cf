// Authentication events (the live log). The engine inserts them in batches; the Live Logs page lists them
// newest first with filters, paged by a (at, id) cursor so a page costs one index range scan whatever the
// table size (the schema indexes at, (mac, at), (decision, at), (nadAddress, at)).
import { AppError } from "../errors";
import { bulkInsert, isPostgres, sqliteForEachRow, timeOrderedId } from "./bulk";
import type { Db } from "./client";

export type AuthEventInput = {
  /** Given by the engine when it may update the row later (repeat counts); else generated here. */
  id?: string;
  at: Date;
  engineNode: string | null;
  nadId: string | null;
  nadName: string | null;
  nadAddress: string;
  mac: string | null;
  userName: string | null;
  /** mab | eap-tls | other */
  method: string;
  /** accept | reject */
  decision: "accept" | "reject";
  policySet: string | null;
  ruleName: string | null;
  profiles: readonly string[];
  mdmAttributes: Record<string, unknown> | null;
  mdmServerName: string | null;
  mdmLatencyMs: number | null;
  failureReason: string | null;
  totalLatencyMs: number;
  request: Record<string, unknown>;
  reply: unknown;
  trace: unknown;
};

const AUTH_EVENT_COLUMNS = [
  "id",
  "at",
  "engineNode",
  "nadId",
  "nadName",
  "nadAddress",
  "mac",
  "userName",
  "method",
  "decision",
  "policySet",
  "ruleName",
  "profiles",
  "mdmAttributes",
  "mdmServerName",
  "mdmLatencyMs",
  "failureReason",
  "totalLatencyMs",
  "request",
  "reply",
  "trace",
] as const;

/** Inserts a batch in a few multi-row statements (see bulk.ts for why not createMany). */
export async function insertAuthEvents(db: Db, events: readonly AuthEventInput[]): Promise<number> {
  return bulkInsert(db, {
    table: "AuthEvent",
    columns: AUTH_EVENT_COLUMNS,
    rows: events.map((event) => [
      event.id ?? timeOrderedId(),
      event.at,
      event.engineNode,
      event.nadId,
      event.nadName,
      event.nadAddress,
      event.mac,
      event.userName,
      event.method,
      event.decision,
      event.policySet,
      event.ruleName,
      JSON.stringify(event.profiles),
      event.mdmAttributes ? JSON.stringify(event.mdmAttributes) : null,
      event.mdmServerName,
      event.mdmLatencyMs,
      event.failureReason,
      event.totalLatencyMs,
      JSON.stringify(event.request),
      event.reply === undefined ? null : JSON.stringify(event.reply),
      event.trace === undefined ? null : JSON.stringify(event.trace),
    ]),
  });
}

/** A logged event's repeat counter: how many identical later successes were not logged separately. */
export type AuthEventRepeat = { id: string; count: number; at: Date };

/** Sets the repeat counters (absolute values, so a lost or repeated batch heals with the next one). */
export async function updateAuthEventRepeats(db: Db, repeats: readonly AuthEventRepeat[]): Promise<number> {
  if (repeats.length === 0) return 0;
  if (!isPostgres(db)) {
    return sqliteForEachRow(
      db,
      `UPDATE "AuthEvent" SET "repeatCount" = ?, "lastRepeatAt" = ? WHERE "id" = ?`,
      repeats.map((repeat) => [repeat.count, repeat.at, repeat.id]),
    );
  }
  let changed = 0;
  for (let offset = 0; offset < repeats.length; offset += 5000) {
    const chunk = repeats.slice(offset, offset + 5000);
    const parameters: (string | number)[] = [];
    const tuples = chunk.map((repeat) => {
      parameters.push(repeat.id, repeat.count, repeat.at.toISOString());
      const n = parameters.length;
      return `($${n - 2}, $${n - 1}::int, $${n}::timestamptz)`;
    });
    changed += await db.$executeRawUnsafe(
      `UPDATE "AuthEvent" AS e SET "repeatCount" = v.c, "lastRepeatAt" = v.a AT TIME ZONE 'UTC' FROM (VALUES ${tuples.join(", ")}) AS v(id, c, a) WHERE e."id" = v.id`,
      ...parameters,
    );
  }
  return changed;
}

export type AuthEventFilter = {
  /** Endpoint MAC (12 hex digits, as stored). */
  mac?: string;
  nadAddress?: string;
  decision?: "accept" | "reject";
  from?: Date;
  to?: Date;
};

export type AuthEventCursor = { at: Date; id: string };

type Row = Awaited<ReturnType<Db["authEvent"]["findFirstOrThrow"]>>;

export function authEventView(row: Row) {
  const parse = (text: string | null) => (text ? (JSON.parse(text) as unknown) : null);
  return {
    ...row,
    profiles: (parse(row.profiles) as string[] | null) ?? [],
    mdmAttributes: parse(row.mdmAttributes) as Record<string, unknown> | null,
    request: parse(row.request) as Record<string, unknown> | null,
    reply: parse(row.reply),
    trace: parse(row.trace),
  };
}

export type AuthEventView = ReturnType<typeof authEventView>;

/** One page of events, newest first. `nextCursor` is set when older events remain. */
export async function listAuthEvents(
  db: Db,
  { filter = {}, cursor, take = 50 }: { filter?: AuthEventFilter; cursor?: AuthEventCursor; take?: number } = {},
): Promise<{ items: AuthEventView[]; nextCursor: AuthEventCursor | undefined }> {
  const limit = Math.min(Math.max(take, 1), 500);
  const at = {
    ...(filter.from ? { gte: filter.from } : {}),
    ...(filter.to ? { lte: filter.to } : {}),
  };
  const rows = await db.authEvent.findMany({
    where: {
      ...(filter.mac ? { mac: filter.mac } : {}),
      ...(filter.nadAddress ? { nadAddress: filter.nadAddress } : {}),
      ...(filter.decision ? { decision: filter.decision } : {}),
      ...(Object.keys(at).length ? { at } : {}),
      // Keyset condition (at, id) < cursor, spelt with a leading range on `at` so the planner seeks the index
      // instead of expanding the OR (measured: 2 s → a few ms for page 2 of 1 000 000 rows on SQLite).
      ...(cursor ? { AND: [{ at: { lte: cursor.at } }, { OR: [{ at: { lt: cursor.at } }, { id: { lt: cursor.id } }] }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(authEventView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? { at: last.at, id: last.id } : undefined };
}

export async function getAuthEventOrThrow(db: Db, { id }: { id: string }) {
  const row = await db.authEvent.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This live log event does not exist (it may have been purged)");
  return authEventView(row);
}

/** Deletes events older than `before` (retention), in chunks so a big purge never holds a long lock. */
export async function purgeAuthEvents(db: Db, { before, chunk = 5000 }: { before: Date; chunk?: number }): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await db.authEvent.findMany({ where: { at: { lt: before } }, select: { id: true }, take: chunk });
    if (ids.length === 0) return total;
    const result = await db.authEvent.deleteMany({ where: { id: { in: ids.map((row) => row.id) } } });
    total += result.count;
  }
}

/**
 * Refreshes SQLite's planner statistics for the live-log table. Without them, a filter on two indexed
 * columns (endpoint and decision) may walk the less selective index: measured 450 ms → 2 ms at 1 000 000
 * rows. `analysis_limit` keeps it cheap (~10 ms at that size). PostgreSQL's autovacuum does this itself.
 */
export async function refreshAuthEventStatistics(db: Db): Promise<void> {
  if ((db as unknown as { _activeProvider?: string })._activeProvider === "postgresql") return;
  await db.$queryRawUnsafe("PRAGMA analysis_limit = 1000");
  await db.$queryRawUnsafe('ANALYZE "AuthEvent"');
}
