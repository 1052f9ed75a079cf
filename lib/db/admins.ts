import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { AppError } from "../errors";
import type { CreateAdminInput, Role, UpdateAdminInput } from "../validation/admin";
import { recordAudit } from "./audit";
import type { Db } from "./client";

export type AdminView = {
  id: string;
  username: string;
  role: Role;
  isDisabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
};

const BCRYPT_COST = 10;
const view = ({
  id,
  username,
  role,
  isDisabled,
  createdAt,
  lastLoginAt,
}: {
  id: string;
  username: string;
  role: string;
  isDisabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}): AdminView => ({ id, username, role: role as Role, isDisabled, createdAt, lastLoginAt });

export async function listAdmins(db: Db): Promise<AdminView[]> {
  const rows = await db.admin.findMany({ orderBy: { username: "asc" } });
  return rows.map(view);
}

export async function getAdminOrThrow(db: Db, { id }: { id: string }): Promise<AdminView> {
  const row = await db.admin.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This administrator does not exist");
  return view(row);
}

/** Checks a login. Returns the admin or null; compares a hash even for unknown users (no timing oracle). */
export async function verifyAdminCredentials(
  db: Db,
  { username, password }: { username: string; password: string },
): Promise<AdminView | null> {
  const row = await db.admin.findUnique({ where: { username } });
  const ok = await bcrypt.compare(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || row.isDisabled) return null;
  const updated = await db.admin.update({ where: { id: row.id }, data: { lastLoginAt: new Date() } });
  return view(updated);
}
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_COST);

export async function createAdmin(db: Db, input: CreateAdminInput, actor: string): Promise<AdminView> {
  const existing = await db.admin.findUnique({ where: { username: input.username } });
  if (existing) {
    throw new AppError("CONFLICT", `An administrator named "${input.username}" already exists`, {
      username: "This user name is taken",
    });
  }
  const row = await db.admin.create({
    data: { username: input.username, role: input.role, passwordHash: await bcrypt.hash(input.password, BCRYPT_COST) },
  });
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "admin",
    entityId: row.id,
    summary: `Created administrator ${row.username} (${row.role})`,
    details: { username: row.username, role: row.role },
  });
  return view(row);
}

export async function updateAdmin(
  db: Db,
  { id, input, actor, actorId }: { id: string; input: UpdateAdminInput; actor: string; actorId: string },
): Promise<AdminView> {
  const before = await getAdminOrThrow(db, { id });
  if (id === actorId && (input.isDisabled === true || (input.role && input.role !== before.role))) {
    throw new AppError("FORBIDDEN", "You cannot change your own role or disable your own account");
  }
  if (before.role === "super-admin" && ((input.role && input.role !== "super-admin") || input.isDisabled)) {
    const others = await db.admin.count({ where: { role: "super-admin", isDisabled: false, NOT: { id } } });
    if (others === 0) throw new AppError("CONFLICT", "At least one enabled super admin must remain");
  }
  const row = await db.admin.update({
    where: { id },
    data: {
      role: input.role,
      isDisabled: input.isDisabled,
      passwordHash: input.password ? await bcrypt.hash(input.password, BCRYPT_COST) : undefined,
    },
  });
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.role && input.role !== before.role) changes.role = { from: before.role, to: input.role };
  if (input.isDisabled !== undefined && input.isDisabled !== before.isDisabled)
    changes.isDisabled = { from: before.isDisabled, to: input.isDisabled };
  const fields = [...Object.keys(changes), ...(input.password ? ["password"] : [])];
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "admin",
    entityId: id,
    summary: `Updated administrator ${row.username}: ${fields.join(", ") || "no change"}`,
    details: { changes, passwordChanged: Boolean(input.password) },
  });
  return view(row);
}

/**
 * First start: make sure an `admin` super-admin exists. Returns the generated password when one was
 * created without ADMIN_PASSWORD, so the caller can print it once.
 */
export async function ensureInitialAdmin(
  db: Db,
  { password }: { password?: string },
): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await db.admin.count()) > 0) return { created: false };
  const generated = password ? undefined : crypto.randomBytes(12).toString("base64url");
  try {
    await db.admin.create({
      data: {
        username: "admin",
        role: "super-admin",
        passwordHash: await bcrypt.hash(password ?? generated!, BCRYPT_COST),
      },
    });
  } catch (error) {
    // The web app and the engine may both start on an empty database; the loser sees a unique violation.
    if ((await db.admin.count()) > 0) return { created: false };
    throw error;
  }
  await recordAudit(db, {
    actor: "system",
    action: "create",
    entityType: "admin",
    entityId: null,
    summary: "Created the initial administrator admin",
  });
  return { created: true, generatedPassword: generated };
}
