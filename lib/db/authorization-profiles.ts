// Authorization profiles: rows ↔ the validated profile shape. Every write is audited and bumps the
// configuration version (the engine recompiles its reply templates). Built-ins are read-only, and a profile
// the active policy uses can be neither deleted nor renamed: the policy refers to profiles by name, and the
// engine rejects a rule whose profile is missing.
import { AppError } from "../errors";
import { authorizationProfileSchema, type AuthorizationProfileInput } from "../validation/authorization-profile";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";
import { getActivePolicy } from "./policy";

export type AuthorizationProfileView = AuthorizationProfileInput & { id: string; isBuiltIn: boolean };

type ProfileRow = Awaited<ReturnType<Db["authorizationProfile"]["findFirstOrThrow"]>>;

export function profileView(row: ProfileRow): AuthorizationProfileView {
  const parsed = authorizationProfileSchema.parse({
    name: row.name,
    description: row.description ?? undefined,
    accessType: row.accessType,
    vlan: row.vlan ?? undefined,
    dacl: row.dacl ?? undefined,
    filterId: row.filterId ?? undefined,
    redirectType: row.redirectType ?? undefined,
    redirectAcl: row.redirectAcl ?? undefined,
    redirectMdmServerId: row.redirectMdmServerId ?? undefined,
    sessionTimeout: row.sessionTimeout ?? undefined,
    advancedAttributes: row.advancedAttributes ? (JSON.parse(row.advancedAttributes) as unknown) : [],
  });
  return { ...parsed, id: row.id, isBuiltIn: row.isBuiltIn };
}

export async function listAuthorizationProfiles(db: Db): Promise<AuthorizationProfileView[]> {
  const rows = await db.authorizationProfile.findMany({ orderBy: { name: "asc" } });
  return rows.map(profileView);
}

/**
 * For the engine: every stored profile that still validates, and the names of those that do not (a row
 * written under older, looser rules). Leaving one out fails closed — a rule that hands it out rejects —
 * instead of stopping the whole configuration from loading.
 */
export async function listValidAuthorizationProfiles(
  db: Db,
): Promise<{ profiles: AuthorizationProfileView[]; invalid: string[] }> {
  const rows = await db.authorizationProfile.findMany({ orderBy: { name: "asc" } });
  const profiles: AuthorizationProfileView[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    try {
      profiles.push(profileView(row));
    } catch {
      invalid.push(row.name);
    }
  }
  return { profiles, invalid };
}

export async function getAuthorizationProfileOrThrow(db: Db, { id }: { id: string }): Promise<AuthorizationProfileView> {
  const row = await db.authorizationProfile.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This authorization profile does not exist");
  return profileView(row);
}

/** The rules of the active policy that hand out `name`, as `rule "X" (policy set "Y")`. */
async function rulesUsing(db: Db, name: string): Promise<string[]> {
  const active = await getActivePolicy(db);
  if (!active) return [];
  const uses: string[] = [];
  for (const set of active.document.policySets) {
    for (const rule of set.rules) {
      if (rule.profiles.includes(name)) uses.push(`rule "${rule.name}" (policy set "${set.name}")`);
    }
  }
  return uses;
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

async function assertValid(db: Db, input: AuthorizationProfileInput, exceptId?: string) {
  const others = await db.authorizationProfile.findMany({
    where: exceptId ? { id: { not: exceptId } } : {},
    select: { name: true },
  });
  // Case-insensitive: two profiles that differ only in case would be indistinguishable in rule tables.
  const taken = others.find((other) => other.name.toLowerCase() === input.name.toLowerCase());
  if (taken) {
    throw new AppError("CONFLICT", `An authorization profile named "${taken.name}" already exists`, {
      name: "This name is taken",
    });
  }
  if (input.redirectMdmServerId) {
    const server = await db.mdmServer.findUnique({ where: { id: input.redirectMdmServerId }, select: { id: true } });
    if (!server) {
      throw new AppError("VALIDATION", "The chosen MDM server no longer exists", {
        redirectMdmServerId: "Choose an existing MDM server",
      });
    }
  }
}

function data(input: AuthorizationProfileInput) {
  return {
    name: input.name,
    description: input.description ?? null,
    accessType: input.accessType,
    vlan: input.vlan ?? null,
    dacl: input.dacl ?? null,
    filterId: input.filterId ?? null,
    redirectType: input.redirectType ?? null,
    redirectAcl: input.redirectAcl ?? null,
    redirectMdmServerId: input.redirectMdmServerId ?? null,
    sessionTimeout: input.sessionTimeout ?? null,
    advancedAttributes: JSON.stringify(input.advancedAttributes),
  };
}

export async function createAuthorizationProfile(
  db: Db,
  { input, actor }: { input: AuthorizationProfileInput; actor: string },
): Promise<AuthorizationProfileView> {
  await assertValid(db, input);
  const row = await db.authorizationProfile.create({ data: { ...data(input), isBuiltIn: false } });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "authorization-profile",
    entityId: row.id,
    summary: `Created authorization profile ${row.name}`,
    details: { ...input },
  });
  return profileView(row);
}

const AUDITED_FIELDS = [
  "name",
  "description",
  "accessType",
  "vlan",
  "dacl",
  "filterId",
  "redirectType",
  "redirectAcl",
  "redirectMdmServerId",
  "sessionTimeout",
] as const;

export async function updateAuthorizationProfile(
  db: Db,
  { id, input, actor }: { id: string; input: AuthorizationProfileInput; actor: string },
): Promise<AuthorizationProfileView> {
  const before = await getAuthorizationProfileOrThrow(db, { id });
  if (before.isBuiltIn) throw new AppError("FORBIDDEN", `${before.name} is a built-in profile and cannot be changed`);
  await assertValid(db, input, id);
  if (input.name !== before.name) {
    const uses = await rulesUsing(db, before.name);
    if (uses.length) {
      const message = `"${before.name}" cannot be renamed: the active policy uses it in ${listText(uses)}. Change those rules first.`;
      throw new AppError("CONFLICT", message, { name: message });
    }
  }
  const row = await db.authorizationProfile.update({ where: { id }, data: data(input) });
  const after = profileView(row);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of AUDITED_FIELDS) {
    if ((before[field] ?? null) !== (after[field] ?? null))
      changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  if (JSON.stringify(before.advancedAttributes) !== JSON.stringify(after.advancedAttributes)) {
    changes.advancedAttributes = { from: before.advancedAttributes, to: after.advancedAttributes };
  }
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "authorization-profile",
    entityId: id,
    summary: `Updated authorization profile ${after.name}: ${Object.keys(changes).join(", ") || "no changes"}`,
    details: changes,
  });
  return after;
}

export async function deleteAuthorizationProfile(db: Db, { id, actor }: { id: string; actor: string }): Promise<void> {
  const before = await getAuthorizationProfileOrThrow(db, { id });
  if (before.isBuiltIn) throw new AppError("FORBIDDEN", `${before.name} is a built-in profile and cannot be deleted`);
  const uses = await rulesUsing(db, before.name);
  if (uses.length) {
    throw new AppError(
      "CONFLICT",
      `"${before.name}" cannot be deleted: the active policy uses it in ${listText(uses)}. Change those rules first.`,
    );
  }
  await db.authorizationProfile.delete({ where: { id } });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "delete",
    entityType: "authorization-profile",
    entityId: id,
    summary: `Deleted authorization profile ${before.name}`,
    details: { ...before },
  });
}
