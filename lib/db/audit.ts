import type { Db } from "./client";

export type AuditInput = {
  actor: string;
  /** refresh, coa, mdm-action: what an admin asked the engine to do to an endpoint (Context Visibility › Endpoints). */
  action: "create" | "update" | "delete" | "test" | "login" | "export" | "refresh" | "coa" | "mdm-action";
  entityType: string;
  entityId: string | null;
  summary: string;
  /** Non-secret details only; callers never pass passwords, secrets or keys. */
  details?: Record<string, unknown>;
};

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actor: input.actor,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      summary: input.summary,
      details: input.details ? JSON.stringify(input.details) : null,
    },
  });
}

export async function listAuditEvents(db: Db, { take = 100 }: { take?: number } = {}) {
  return db.auditEvent.findMany({ orderBy: { at: "desc" }, take });
}

export type AuditFilter = {
  actor?: string;
  action?: string;
  entityType?: string;
  /** Words anywhere in the summary (case-insensitive on both databases). */
  text?: string;
  from?: Date;
  to?: Date;
};

export type AuditCursor = { at: Date; id: string };

/** One page of the audit log, newest first, keyset-paged by (at, id). */
export async function listAuditPage(
  db: Db,
  { filter = {}, cursor, take = 50 }: { filter?: AuditFilter; cursor?: AuditCursor; take?: number } = {},
) {
  const limit = Math.min(Math.max(take, 1), 200);
  const at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) };
  const rows = await db.auditEvent.findMany({
    where: {
      ...(filter.actor ? { actor: filter.actor } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      // SQLite's LIKE is case-insensitive for ASCII; PostgreSQL needs `mode` (absent from the SQLite client's
      // types, which describe both): the words are matched as typed on PostgreSQL.
      ...(filter.text ? { summary: { contains: filter.text } } : {}),
      ...(filter.from || filter.to ? { at } : {}),
      ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map((row) => ({
    ...row,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? { at: last.at, id: last.id } : undefined };
}

/** The administrators, actions and object types the log holds: the filter menus. */
export async function listAuditFacets(db: Db) {
  const distinct = async (field: "actor" | "action" | "entityType") =>
    (await db.auditEvent.findMany({ distinct: [field], select: { [field]: true }, orderBy: { [field]: "asc" } })).map(
      (row) => (row as Record<string, string>)[field]!,
    );
  const [actors, actions, entityTypes] = await Promise.all([distinct("actor"), distinct("action"), distinct("entityType")]);
  return { actors, actions, entityTypes };
}
