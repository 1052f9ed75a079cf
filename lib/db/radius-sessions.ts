// RADIUS accounting sessions (RFC 2866): active from Start until Stop. The engine applies accounting in
// batches, in arrival order; the Live Sessions page reads them.
import { isPostgres, sqliteSelect } from "./bulk";
import type { Db } from "./client";

/**
 * RFC 2866 §5.1 Accounting-On / Accounting-Off: the NAD (re)starts or stops accounting — after a reboot its
 * earlier sessions are gone, so every session still open on it ends.
 */
export type NadAccountingUpdate = {
  kind: "accounting-on" | "accounting-off";
  nadId: string | null;
  nadAddress: string;
  at: Date;
};

export type SessionUpdate = SessionRecordUpdate | NadAccountingUpdate;

function isNadAccounting(update: SessionUpdate): update is NadAccountingUpdate {
  return update.kind === "accounting-on" || update.kind === "accounting-off";
}

export type SessionRecordUpdate = {
  kind: "start" | "interim" | "stop";
  nadId: string | null;
  nadAddress: string;
  acctSessionId: string;
  callingStationId: string | null;
  mac: string | null;
  userName: string | null;
  framedIp: string | null;
  nasPort: string | null;
  at: Date;
  terminateCause: string | null;
  engineNode: string | null;
};

/**
 * Applies accounting updates in order. An Interim-Update or Stop for an unknown session creates it (the
 * Start may have been lost, RFC 2866 §4.1 retransmission limits) so the session list stays truthful.
 */
export async function applySessionUpdates(db: Db, updates: readonly SessionUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.$transaction(async (tx) => {
    for (const update of updates) {
      if (isNadAccounting(update)) {
        await tx.radiusSession.updateMany({
          where: { nadAddress: update.nadAddress, isActive: true },
          data: {
            isActive: false,
            stoppedAt: update.at,
            lastUpdateAt: update.at,
            // RFC 2866 §5.10 Acct-Terminate-Cause names: a restart is a reboot; Off is the NAS's own request.
            terminateCause: update.kind === "accounting-on" ? "NAS-Reboot" : "NAS-Request",
          },
        });
        continue;
      }
      const where = { nadAddress_acctSessionId: { nadAddress: update.nadAddress, acctSessionId: update.acctSessionId } };
      const known = {
        ...(update.callingStationId ? { callingStationId: update.callingStationId } : {}),
        ...(update.mac ? { mac: update.mac } : {}),
        ...(update.userName ? { userName: update.userName } : {}),
        ...(update.framedIp ? { framedIp: update.framedIp } : {}),
        ...(update.nasPort ? { nasPort: update.nasPort } : {}),
      };
      const isStop = update.kind === "stop";
      const state = isStop
        ? { isActive: false, stoppedAt: update.at, terminateCause: update.terminateCause }
        : { isActive: true, stoppedAt: null, terminateCause: null };
      await tx.radiusSession.upsert({
        where,
        create: {
          nadId: update.nadId,
          nadAddress: update.nadAddress,
          acctSessionId: update.acctSessionId,
          ...known,
          startedAt: update.at,
          lastUpdateAt: update.at,
          engineNode: update.engineNode,
          ...state,
        },
        update: {
          nadId: update.nadId,
          ...known,
          lastUpdateAt: update.at,
          ...(update.kind === "start" ? { startedAt: update.at } : {}),
          ...state,
        },
      });
    }
  });
}

export type SessionFilter = { isActive?: boolean; mac?: string; nadAddress?: string };

/** Sessions, most recently updated first, cursor-paged on (lastUpdateAt, id). */
export async function listRadiusSessions(
  db: Db,
  { take = 50, cursor, filter = {} }: { take?: number; cursor?: { lastUpdateAt: Date; id: string }; filter?: SessionFilter } = {},
) {
  const where = {
    ...(filter.isActive !== undefined ? { isActive: filter.isActive } : {}),
    ...(filter.mac ? { mac: filter.mac } : {}),
    ...(filter.nadAddress ? { nadAddress: filter.nadAddress } : {}),
    ...(cursor
      ? {
          OR: [{ lastUpdateAt: { lt: cursor.lastUpdateAt } }, { lastUpdateAt: cursor.lastUpdateAt, id: { lt: cursor.id } }],
        }
      : {}),
  };
  const rows = await db.radiusSession.findMany({
    where,
    orderBy: [{ lastUpdateAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const items = rows.slice(0, take);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > take && last ? { lastUpdateAt: last.lastUpdateAt, id: last.id } : undefined,
  };
}

export async function countActiveSessions(db: Db): Promise<number> {
  return db.radiusSession.count({ where: { isActive: true } });
}

export type ActiveSession = {
  id: string;
  nadId: string | null;
  nadAddress: string;
  acctSessionId: string;
  callingStationId: string | null;
  mac: string | null;
  userName: string | null;
  framedIp: string | null;
  lastUpdateAt: Date;
};

/** Active sessions of these endpoints (index isActive+mac), a few hundred MACs per query. */
export async function listActiveSessionsByMacs(db: Db, macs: readonly string[]): Promise<ActiveSession[]> {
  const sessions: ActiveSession[] = [];
  const postgres = isPostgres(db);
  // Bounded IN lists: SQLite's parameter limit, and PostgreSQL plans short lists better.
  for (let offset = 0; offset < macs.length; offset += 500) {
    const chunk = macs.slice(offset, offset + 500);
    if (!postgres) {
      // SQLite: the engine's direct connection when it has one (a poll asks for 10 000 MACs at once).
      const rows = await sqliteSelect<Omit<ActiveSession, "lastUpdateAt"> & { lastUpdateAt: string }>(
        db,
        `SELECT "id", "nadId", "nadAddress", "acctSessionId", "callingStationId", "mac", "userName", "framedIp", "lastUpdateAt" FROM "RadiusSession" WHERE "isActive" = 1 AND "mac" IN (${chunk.map(() => "?").join(", ")})`,
        chunk,
      );
      for (const row of rows) sessions.push({ ...row, lastUpdateAt: new Date(row.lastUpdateAt) });
      continue;
    }
    const rows = await db.radiusSession.findMany({
      where: { isActive: true, mac: { in: [...chunk] } },
      select: {
        id: true,
        nadId: true,
        nadAddress: true,
        acctSessionId: true,
        callingStationId: true,
        mac: true,
        userName: true,
        framedIp: true,
        lastUpdateAt: true,
      },
    });
    sessions.push(...rows);
  }
  return sessions;
}
