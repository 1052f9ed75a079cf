// Authorization policy versions. The highest PolicyVersion is active; the first start seeds version 1 = the
// default MDM rule set and its profiles. Every save and restore is a new version, so history is never lost.
import { AppError } from "../errors";
import { defaultAuthorizationProfiles, defaultPolicyDocument } from "../engine/policy/default-policy";
import { systemDictionaries } from "../validation/dictionaries";
import { policyDocumentSchema, type PolicyDocument } from "../validation/policy";
import { checkPolicyDocument, type PolicyProblem } from "../validation/policy-check";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

export type PolicyVersionSummary = { version: number; author: string; comment: string | null; createdAt: Date };
export type PolicyVersionView = PolicyVersionSummary & { document: PolicyDocument };
/** The active version; kept as its own name because the engine configuration loader uses it. */
export type ActivePolicy = PolicyVersionView;

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

type VersionRow = { version: number; document: string; author: string; comment: string | null; createdAt: Date };

function versionView(row: VersionRow): PolicyVersionView {
  return {
    version: row.version,
    author: row.author,
    comment: row.comment,
    createdAt: row.createdAt,
    document: policyDocumentSchema.parse(JSON.parse(row.document)),
  };
}

export async function getActivePolicy(db: Db): Promise<ActivePolicy | undefined> {
  const row = await db.policyVersion.findFirst({ orderBy: { version: "desc" } });
  return row ? versionView(row) : undefined;
}

export async function getActivePolicyOrThrow(db: Db): Promise<ActivePolicy> {
  const active = await getActivePolicy(db);
  if (!active) throw new AppError("NOT_FOUND", "There is no authorization policy yet; restart Gatehouse to seed the default one");
  return active;
}

export async function getPolicyVersion(db: Db, version: number): Promise<PolicyVersionView> {
  const row = await db.policyVersion.findUnique({ where: { version } });
  if (!row) throw new AppError("NOT_FOUND", `Policy version ${version} does not exist`);
  return versionView(row);
}

export async function listPolicyVersions(db: Db, { take = 200 }: { take?: number } = {}): Promise<PolicyVersionSummary[]> {
  return db.policyVersion.findMany({
    orderBy: { version: "desc" },
    take,
    select: { version: true, author: true, comment: true, createdAt: true },
  });
}

/**
 * The whole-policy check against the system dictionaries and the profiles that exist now. Errors refuse
 * the save with one message per document path (the builder shows them on the row); warnings are returned.
 */
async function validateDocument(db: Db, document: PolicyDocument, context: string): Promise<PolicyProblem[]> {
  const profileNames = (await db.authorizationProfile.findMany({ select: { name: true } })).map((p) => p.name);
  const { errors, warnings } = checkPolicyDocument(document, { dictionaries: systemDictionaries, profileNames });
  if (errors.length > 0) {
    const fields: Record<string, string> = {};
    for (const problem of errors) fields[problem.path.join(".") || "_"] ??= problem.message;
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : "";
    throw new AppError("VALIDATION", `${context}: ${first.message}${more}`, fields);
  }
  return warnings;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

/** Inserts the next version; `baseVersion` (when given) must still be the active one inside the transaction. */
async function insertVersion(
  db: Db,
  {
    document,
    author,
    comment,
    baseVersion,
  }: { document: PolicyDocument; author: string; comment: string | null; baseVersion?: number },
): Promise<number> {
  try {
    const row = await db.$transaction(async (tx) => {
      const last = (await tx.policyVersion.aggregate({ _max: { version: true } }))._max.version ?? 0;
      if (baseVersion !== undefined && baseVersion !== last) {
        throw new AppError(
          "CONFLICT",
          `Someone saved version ${last} of the policy after you opened version ${baseVersion}. Reload to see their changes, then apply yours again.`,
        );
      }
      const created = await tx.policyVersion.create({
        data: { version: last + 1, document: JSON.stringify(document), author, comment },
      });
      await bumpConfigVersion(tx);
      return created;
    });
    return row.version;
  } catch (error) {
    // Two saves raced past the check: the unique version number lets only one win.
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        "Someone saved the policy at the same moment. Reload to see their changes, then apply yours again.",
      );
    }
    throw error;
  }
}

/** Saves a new version (the active one from now on) after the whole-policy check. */
export async function savePolicyVersion(
  db: Db,
  { document, author, comment, baseVersion }: { document: unknown; author: string; comment?: string; baseVersion?: number },
): Promise<{ version: number; warnings: PolicyProblem[] }> {
  // Parsed here rather than in the route so schema errors are keyed by document path, like the check's.
  const parsed = policyDocumentSchema.parse(document);
  const warnings = await validateDocument(db, parsed, "The policy was not saved");
  const note = comment?.trim() ? comment.trim() : null;
  const version = await insertVersion(db, { document: parsed, author, comment: note, baseVersion });
  await recordAudit(db, {
    actor: author,
    action: "update",
    entityType: "policy",
    entityId: String(version),
    summary: `Saved authorization policy version ${version}${note ? `: ${note}` : ""}`,
  });
  return { version, warnings };
}

/** Makes an older version active again by saving its document as a new version. */
export async function restorePolicyVersion(
  db: Db,
  { version, author }: { version: number; author: string },
): Promise<{ version: number; warnings: PolicyProblem[] }> {
  const source = await getPolicyVersion(db, version);
  // Profiles may have been deleted since: an old document is checked like a new one.
  const warnings = await validateDocument(db, source.document, `Version ${version} cannot be restored`);
  const created = await insertVersion(db, {
    document: source.document,
    author,
    comment: `Restored version ${version}`,
  });
  await recordAudit(db, {
    actor: author,
    action: "update",
    entityType: "policy",
    entityId: String(created),
    summary: `Restored version ${version} as version ${created}`,
  });
  return { version: created, warnings };
}
