// Session helpers for server components and route handlers (Next-only code lives in lib/auth).
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { hasRole, type Role } from "../validation/admin";
import { authOptions } from "./options";

export type AdminSession = Session["user"];

/**
 * The signed-in admin, re-checked against the database so a disabled account or a changed role takes
 * effect on the next request rather than when the token expires.
 */
export async function getAdminSession(): Promise<AdminSession | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  const admin = await getDb().admin.findUnique({ where: { id: session.user.id } });
  if (!admin || admin.isDisabled) return null;
  return { id: admin.id, username: admin.username, role: admin.role as Role };
}

/** For pages: redirects to the login page when there is no session. */
export async function requirePageSession(): Promise<AdminSession> {
  const admin = await getAdminSession();
  if (!admin) redirect("/login");
  return admin;
}

export function canWrite(admin: AdminSession, required: Role = "policy-admin"): boolean {
  return hasRole(admin.role, required);
}
