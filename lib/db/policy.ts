// Authorization policy versions and authorization profiles. The highest PolicyVersion is active; the first
// start seeds version 1 = the default MDM rule set and its profiles.
import { AppError } from "../errors";
import { defaultAuthorizationProfiles, defaultPolicyDocument } from "../engine/policy/default-policy";
import { policyDocumentSchema, type PolicyDocument } from "../validation/policy";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

export type ActivePolicy = { version: number; document: PolicyDocument; author: string; createdAt: Date };

/** Seeds version 1 and the default profiles when there is no policy yet. Safe to call at every start. */
export async function ensureDefaultPolicy(db: Db): Promise<{ seeded: boolean }> {
  let seeded = false;
  for (const profile of defaultAuthorizationProfiles) {
    const { advancedAttributes, ...fields } = profile;
    const existing = await db.authorizationProfile.findUnique({ where: { name: profile.name } });
    if (existing) continue;
    await db.authorizationProfile.create({
      data: { ...fields, advancedAttributes: JSON.stringify(advancedAttributes) },
    });
    seeded = true;
  }
  if ((await db.policyVersion.count()) === 0) {
    try {
      await db.policyVersion.create({
        data: { version: 1, document: JSON.stringify(defaultPolicyDocument), author: "system", comment: "Default MDM policy" },
      });
      seeded = true;
    } catch {
      // Another process seeded it first (unique version): nothing to do.
    }
  }
  // No version bump: every engine reads the policy at start anyway, and seeding is not an admin change.
  return { seeded };
}

export async function getActivePolicy(db: Db): Promise<ActivePolicy | undefined> {
  const row = await db.policyVersion.findFirst({ orderBy: { version: "desc" } });
  if (!row) return undefined;
  return {
    version: row.version,
    document: policyDocumentSchema.parse(JSON.parse(row.document)),
    author: row.author,
    createdAt: row.createdAt,
  };
}

export async function listPolicyVersions(db: Db, { take = 50 }: { take?: number } = {}) {
  return db.policyVersion.findMany({
    orderBy: { version: "desc" },
    take,
    select: { version: true, author: true, comment: true, createdAt: true },
  });
}

/** Saves a new version (the active one from now on). Profile names must exist. */
export async function savePolicyVersion(
  db: Db,
  { document, author, comment }: { document: PolicyDocument; author: string; comment?: string },
) {
  const parsed = policyDocumentSchema.parse(document);
  const known = new Set((await db.authorizationProfile.findMany({ select: { name: true } })).map((p) => p.name));
  for (const set of parsed.policySets) {
    for (const rule of set.rules) {
      const missing = rule.profiles.find((name) => !known.has(name));
      if (missing) {
        throw new AppError("VALIDATION", `Rule "${rule.name}" uses an authorization profile that does not exist: ${missing}`);
      }
    }
  }
  const row = await db.$transaction(async (tx) => {
    const last = await tx.policyVersion.aggregate({ _max: { version: true } });
    const created = await tx.policyVersion.create({
      data: { version: (last._max.version ?? 0) + 1, document: JSON.stringify(parsed), author, comment: comment ?? null },
    });
    await bumpConfigVersion(tx);
    return created;
  });
  await recordAudit(db, {
    actor: author,
    action: "update",
    entityType: "policy",
    entityId: String(row.version),
    summary: `Saved authorization policy version ${row.version}${comment ? `: ${comment}` : ""}`,
  });
  return { version: row.version };
}
