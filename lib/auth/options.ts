import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyAdminCredentials } from "../db/admins";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { loginSchema, roleSchema, type Role } from "../validation/admin";
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
        async authorize(credentials) {
          const parsed = loginSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const admin = await verifyAdminCredentials(getDb(), parsed.data);
          return admin ? { id: admin.id, username: admin.username, role: admin.role, name: admin.username } : null;
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
