// RADIUS Change of Authorization log (RFC 5176): one row per CoA-Request or Disconnect-Request the engine
// sent, with what the NAD answered. The engine inserts them in batches after a poll cycle; the CoA log page
// and an endpoint's CoA history list them newest first, paged by an (at, id) cursor like the live log.
import { AppError } from "../errors";
import { bulkInsert, timeOrderedId } from "./bulk";
import type { Db } from "./client";

export type CoaEventInput = {
  at: Date;
  mac: string;
  nadId: string | null;
  nadName: string | null;
  nadAddress: string;
  coaPort: number;
  acctSessionId: string | null;
  kind: "reauthenticate" | "disconnect";
  reason: string;
  trigger: "poll" | "manual";
  mdmServerName: string | null;
  result: "ack" | "nak" | "timeout" | "error";
  errorCause: string | null;
  attempts: number;
  latencyMs: number;
};

const COA_EVENT_COLUMNS = [
  "id",
  "at",
  "mac",
  "nadId",
  "nadName",
  "nadAddress",
  "coaPort",
  "acctSessionId",
  "kind",
  "reason",
  "trigger",
  "mdmServerName",
  "result",
  "errorCause",
  "attempts",
  "latencyMs",
] as const;

/** Inserts a batch in a few multi-row statements (see bulk.ts for why not createMany). */
export async function insertCoaEvents(db: Db, events: readonly CoaEventInput[]): Promise<number> {
  return bulkInsert(db, {
    table: "CoaEvent",
    columns: COA_EVENT_COLUMNS,
    rows: events.map((event) => [
      // Time-ordered ids keep the (at, id) cursor's tie-break in send order.
      timeOrderedId(event.at.getTime()),
      event.at,
      event.mac,
      event.nadId,
      event.nadName,
      event.nadAddress,
      event.coaPort,
      event.acctSessionId,
      event.kind,
      event.reason,
      event.trigger,
      event.mdmServerName,
      event.result,
      event.errorCause,
      event.attempts,
      event.latencyMs,
    ]),
  });
}

export type CoaEventFilter = {
  /** Endpoint MAC (12 upper-case hex digits, as stored). */
  mac?: string;
  nadAddress?: string;
  result?: CoaEventInput["result"];
  trigger?: CoaEventInput["trigger"];
  /** Sent at or after. */
  from?: Date;
  /** Sent at or before. */
  to?: Date;
};

export type CoaEventCursor = { at: Date; id: string };

/** One page of CoA events, newest first. `nextCursor` is set when older events remain. */
export async function listCoaEvents(
  db: Db,
  { filter = {}, cursor, take = 50 }: { filter?: CoaEventFilter; cursor?: CoaEventCursor; take?: number } = {},
) {
  const limit = Math.min(Math.max(take, 1), 500);
  const at = {
    ...(filter.from ? { gte: filter.from } : {}),
    ...(filter.to ? { lte: filter.to } : {}),
  };
  const rows = await db.coaEvent.findMany({
    where: {
      ...(filter.mac ? { mac: filter.mac } : {}),
      ...(filter.nadAddress ? { nadAddress: filter.nadAddress } : {}),
      ...(filter.result ? { result: filter.result } : {}),
      // No index of its own: two values, each a large share of the log; the other filters' indexes narrow first.
      ...(filter.trigger ? { trigger: filter.trigger } : {}),
      ...(Object.keys(at).length ? { at } : {}),
      // Keyset condition (at, id) < cursor with a leading range on `at`, so the planner seeks the index
      // (the same spelling as the live log's; see auth-events.ts).
      ...(cursor ? { AND: [{ at: { lte: cursor.at } }, { OR: [{ at: { lt: cursor.at } }, { id: { lt: cursor.id } }] }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? { at: last.at, id: last.id } : undefined };
}

export type CoaEventView = Awaited<ReturnType<typeof listCoaEvents>>["items"][number];

export async function getCoaEventOrThrow(db: Db, { id }: { id: string }): Promise<CoaEventView> {
  const row = await db.coaEvent.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This CoA log entry does not exist (it may have been purged)");
  return row;
}
