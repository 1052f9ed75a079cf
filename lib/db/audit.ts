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
