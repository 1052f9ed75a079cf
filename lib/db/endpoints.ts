// Endpoints: devices seen in RADIUS with what their MDM last said. The engine writes them in batches (never
// per packet); the console reads them.
import { bulkInsert, isPostgres, sqliteSelect, timeOrderedId } from "./bulk";
import type { Db } from "./client";

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

export async function listEndpoints(db: Db, { take = 50, cursor, mac }: { take?: number; cursor?: string; mac?: string } = {}) {
  const rows = await db.endpoint.findMany({
    where: mac ? { mac: { startsWith: mac.toUpperCase() } } : {},
    orderBy: { id: "asc" },
    take: take + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, take).map(endpointView);
  return { items: page, nextCursor: rows.length > take ? page[page.length - 1]?.id : undefined };
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
