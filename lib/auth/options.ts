import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyAdminCredentials } from "../db/admins";
import { recordAudit } from "../db/audit";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { loginSchema, roleSchema, type Role } from "../validation/admin";
import { describeRetryAfter, LoginThrottle } from "./login-throttle";
import { sessionSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; username: string; role: Role };
  }
  interface User {
    id: string;
    username: string;
    role: Role;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    adminId?: string;
    username?: string;
    role?: Role;
  }
}

let throttle: LoginThrottle | undefined;

function loginThrottle(): LoginThrottle {
  if (!throttle) {
    const env = getEnv();
    const lockoutMs = env.LOGIN_LOCKOUT_MINUTES * 60_000;
    throttle = new LoginThrottle({
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES,
      // Spraying: many accounts from one address. Four accounts' worth before the address is locked.
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES * 4,
      windowMs: lockoutMs,
      lockoutMs,
    });
  }
  return throttle;
}

/** The caller's address as the web server saw it (the first X-Forwarded-For hop behind a proxy). */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return first || (typeof real === "string" ? real : "") || "unknown";
}

/** Shown on the login page as is (next-auth hands the thrown message to the form). */
function lockedMessage(scope: "account" | "address", retryAfterMs: number): string {
  const wait = describeRetryAfter(retryAfterMs);
  return scope === "account"
    ? `Too many failed sign-ins for this account. Try again in ${wait}.`
    : `Too many failed sign-ins from your address. Try again in ${wait}.`;
}

export function authOptions(): NextAuthOptions {
  const maxAge = getEnv().SESSION_MAX_AGE_MINUTES * 60;
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Gatehouse",
        credentials: { username: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = loginSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { username } = parsed.data;
          const address = clientAddress(request?.headers);
          const throttle = loginThrottle();
          const verdict = throttle.check(username, address);
          // Locked: refused without looking at the password, so guesses during a lockout teach nothing.
          if (!verdict.allowed) throw new Error(lockedMessage(verdict.scope, verdict.retryAfterMs));
          const db = getDb();
          const admin = await verifyAdminCredentials(db, parsed.data);
          if (admin) {
            throttle.recordSuccess(username);
            return { id: admin.id, username: admin.username, role: admin.role, name: admin.username };
          }
          const locked = throttle.recordFailure(username, address);
          if (locked) {
            const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES } = getEnv();
            await recordAudit(db, {
              actor: username,
              action: "login",
              entityType: "admin",
              entityId: null,
              summary:
                locked === "account"
                  ? `Sign-in locked for "${username}" for ${LOGIN_LOCKOUT_MINUTES} minutes after ${LOGIN_MAX_FAILURES} failed attempts (last from ${address})`
                  : `Sign-in locked for address ${address} for ${LOGIN_LOCKOUT_MINUTES} minutes after repeated failures across accounts`,
              details: { scope: locked, address },
            });
            throw new Error(lockedMessage(locked, getEnv().LOGIN_LOCKOUT_MINUTES * 60_000));
          }
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.adminId = user.id;
          token.username = user.username;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        const role = roleSchema.safeParse(token.role);
        session.user = { id: token.adminId ?? "", username: token.username ?? "", role: role.success ? role.data : "read-only" };
        return session;
      },
    },
  };
}
