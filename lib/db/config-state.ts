import type { Db } from "./client";

/** The configuration version the engine compares to decide whether to reload its snapshot. */
export async function getConfigVersion(db: Db): Promise<number> {
  const row = await db.configState.findUnique({ where: { id: 1 } });
  return row?.version ?? 0;
}

/** Called by every configuration write (in the same transaction where there is one). */
export async function bumpConfigVersion(db: Pick<Db, "configState">): Promise<number> {
  const row = await db.configState.upsert({
    where: { id: 1 },
    create: { id: 1, version: 1 },
    update: { version: { increment: 1 } },
  });
  return row.version;
}
