// The one module that reads process.env. The web app, the engine and the scripts that import TypeScript
// all take their settings from here, validated once, so a bad value fails at start with a clear message.
import path from "node:path";
import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number()
    .int("Must be a whole number")
    .min(1, "Must be a port number 1–65535")
    .max(65535, "Must be a port number 1–65535")
    .default(fallback);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((url) => !url || /^(postgres(ql)?:\/\/|file:)/.test(url), {
      message: "DATABASE_URL must start with postgresql://, postgres:// or file:",
    }),
  PORT: port(3000),
  ENGINE_CONTROL_PORT: port(3101),
  ENGINE_CONTROL_HOST: z.string().trim().default("127.0.0.1"),
  ENGINE_TOKEN: z.string().trim().min(16, "ENGINE_TOKEN must be at least 16 characters").optional(),
  RADIUS_AUTH_PORT: port(1812),
  RADIUS_ACCT_PORT: port(1813),
  /** Address the RADIUS listeners bind to. */
  RADIUS_HOST: z.string().trim().min(1).default("0.0.0.0"),
  /** Hard deadline of a live MDM compliance lookup (NADs time out after 3–5 s; answer well before). */
  MDM_LOOKUP_DEADLINE_MS: z.coerce
    .number()
    .int("Must be a whole number of milliseconds")
    .min(50, "Must be at least 50 ms")
    .max(10_000, "Must be at most 10000 ms")
    .default(1500),
  /** Live log: repeated successful authentications of an endpoint within this window are counted, not logged (0 = log all). */
  LIVE_LOG_SUPPRESS_REPEATS_SECONDS: z.coerce.number().int("Must be a whole number of seconds").min(0).max(86_400).default(60),
  ADMIN_PASSWORD: z.string().min(8, "ADMIN_PASSWORD must be at least 8 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  SECRET_KEY: z
    .string()
    .trim()
    .refine((value) => Buffer.from(value, "base64").length === 32, "SECRET_KEY must be 32 bytes, base64-encoded")
    .optional(),
  SESSION_MAX_AGE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(8 * 60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  // The bundled MDM simulator (npm run mdm-sim, npm run demo).
  MDM_SIM_PORT: port(9443),
  MDM_SIM_CONTROL_PORT: port(9444),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

export type DatabaseTarget = { provider: "sqlite" | "postgresql"; url: string };

let cached: Env | undefined;

/** Parses the environment once; throws one readable error listing every bad variable. */
export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && cached) return cached;
  const result = envSchema.safeParse(
    Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value === "" ? undefined : value])),
  );
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (source === process.env) cached = result.data;
  return result.data;
}

export function dataDir(env: Env = getEnv()): string {
  return path.resolve(env.DATA_DIR);
}

/** DATABASE_URL postgres(ql):// selects PostgreSQL; otherwise SQLite at $DATA_DIR/gatehouse.db (scripts/db.mjs agrees). */
export function databaseTarget(env: Env = getEnv()): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url && url.startsWith("file:")) return { provider: "sqlite", url };
  return { provider: "sqlite", url: `file:${path.join(dataDir(env), "gatehouse.db")}` };
}
