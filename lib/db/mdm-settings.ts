import { AppError } from "../errors";
import type { MdmSettingsInput } from "../validation/mdm-server";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

export type MdmSettingsView = {
  fallbackOnNotRegistered: boolean;
  fallbackOnError: boolean;
  /** Every server, first looked up first (only enabled ones are queried). */
  servers: { id: string; name: string; isEnabled: boolean; host: string; port: number; lookupOrder: number }[];
};

export async function getMdmSettings(db: Db): Promise<MdmSettingsView> {
  const [row, servers] = await Promise.all([
    db.mdmSettings.findUnique({ where: { id: 1 } }),
    db.mdmServer.findMany({
      select: { id: true, name: true, isEnabled: true, host: true, port: true, lookupOrder: true },
      orderBy: [{ lookupOrder: "asc" }, { name: "asc" }],
    }),
  ]);
  return {
    fallbackOnNotRegistered: row?.fallbackOnNotRegistered ?? false,
    fallbackOnError: row?.fallbackOnError ?? false,
    servers,
  };
}

/** Saves the two fallback switches and the lookup order in one transaction. */
export async function updateMdmSettings(
  db: Db,
  { input, actor }: { input: Required<MdmSettingsInput>; actor: string },
): Promise<MdmSettingsView> {
  const before = await getMdmSettings(db);
  const known = new Set(before.servers.map((s) => s.id));
  const order = input.lookupOrder;
  if (new Set(order).size !== order.length || order.some((id) => !known.has(id)) || order.length !== known.size) {
    throw new AppError("CONFLICT", "The list of MDM servers changed while you edited the order. Refresh and try again.", {
      lookupOrder: "The server list changed; refresh",
    });
  }
  await db.$transaction(async (tx) => {
    await tx.mdmSettings.upsert({
      where: { id: 1 },
      create: { id: 1, fallbackOnNotRegistered: input.fallbackOnNotRegistered, fallbackOnError: input.fallbackOnError },
      update: { fallbackOnNotRegistered: input.fallbackOnNotRegistered, fallbackOnError: input.fallbackOnError },
    });
    for (const [index, id] of order.entries()) await tx.mdmServer.update({ where: { id }, data: { lookupOrder: index } });
    await bumpConfigVersion(tx);
  });
  const after = await getMdmSettings(db);
  const changes: string[] = [];
  if (before.fallbackOnNotRegistered !== after.fallbackOnNotRegistered)
    changes.push(`query next server when not registered ${after.fallbackOnNotRegistered ? "on" : "off"}`);
  if (before.fallbackOnError !== after.fallbackOnError)
    changes.push(`query next server on error ${after.fallbackOnError ? "on" : "off"}`);
  const beforeOrder = before.servers.map((s) => s.name).join(" > ");
  const afterOrder = after.servers.map((s) => s.name).join(" > ");
  if (beforeOrder !== afterOrder) changes.push(`lookup order ${afterOrder}`);
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "mdm-settings",
    entityId: "1",
    summary: `Updated General MDM Settings: ${changes.length ? changes.join("; ") : "no changes"}`,
    details: {
      fallbackOnNotRegistered: after.fallbackOnNotRegistered,
      fallbackOnError: after.fallbackOnError,
      lookupOrder: after.servers.map((s) => s.name),
    },
  });
  return after;
}
