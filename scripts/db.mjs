#!/usr/bin/env node
// Database tooling: every Prisma CLI call goes through here so that it runs offline.
//   generate                 derive the PostgreSQL schema, generate both clients
//   deploy                   apply committed migrations to the configured database
//   new-migration <name>     write a migration for both providers from the schema change
//   check                    fail when prisma/schema.prisma changed without a migration
// The configured database is DATABASE_URL (postgres:// or postgresql:// → PostgreSQL), else SQLite at
// $DATA_DIR/gatehouse.db (default ./data). lib/env.ts applies the same rule for the app and the engine.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const pgSchema = path.join(root, "prisma", "postgresql", "schema.prisma");
const snapshot = (provider) => path.join(root, "prisma", "snapshots", `${provider}.prisma`);
const migrationsDir = (provider) => path.join(root, "prisma", "migrations", provider);
const providers = ["sqlite", "postgresql"];

// Prisma's CLI wants engine binaries it would download; with engine "js" it never runs them, so any
// existing file satisfies the check and nothing is fetched.
const offlineEnv = {
  PRISMA_QUERY_ENGINE_LIBRARY: path.join(root, "package.json"),
  PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "package.json"),
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  PRISMA_SKIP_POSTINSTALL_GENERATE: "1",
};

function prisma(args, { provider = "sqlite", url, capture = false } = {}) {
  const result = spawnSync(process.execPath, [prismaBin, ...args], {
    cwd: root,
    env: { ...process.env, ...offlineEnv, GATEHOUSE_DB_PROVIDER: provider, GATEHOUSE_DB_URL: url ?? "file::memory:" },
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  return result;
}

function must(result, what) {
  if (result.status !== 0) {
    if (result.stdout) process.stderr.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    console.error(`db: ${what} failed`);
    process.exit(result.status ?? 1);
  }
  return result;
}

export function derivePostgresSchema(source) {
  return source
    .replace(
      /^\/\/ The only hand-edited schema[\s\S]*?\n\n/m,
      "// GENERATED from prisma/schema.prisma by scripts/db.mjs. Do not edit: edit the SQLite schema.\n\n",
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output          = "../lib/db/generated/sqlite"', 'output          = "../../lib/db/generated/postgresql"')
    .replace('url      = "file:./unused.db"', 'url      = "postgresql://unused"');
}

function writePostgresSchema() {
  fs.mkdirSync(path.dirname(pgSchema), { recursive: true });
  const derived = derivePostgresSchema(fs.readFileSync(sqliteSchema, "utf8"));
  if (!fs.existsSync(pgSchema) || fs.readFileSync(pgSchema, "utf8") !== derived) fs.writeFileSync(pgSchema, derived);
}

const schemaFor = (provider) => (provider === "postgresql" ? pgSchema : sqliteSchema);

export function databaseTarget(env = process.env) {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url && url.startsWith("file:")) return { provider: "sqlite", url };
  const dataDir = path.resolve(env.DATA_DIR?.trim() || path.join(root, "data"));
  return { provider: "sqlite", url: `file:${path.join(dataDir, "gatehouse.db")}` };
}

function generate() {
  writePostgresSchema();
  for (const provider of providers)
    must(prisma(["generate", "--schema", schemaFor(provider)], { provider, capture: true }), `generate (${provider})`);
  console.log("db: generated Prisma clients for sqlite and postgresql");
}

function deploy() {
  const target = databaseTarget();
  if (target.provider === "sqlite") fs.mkdirSync(path.dirname(target.url.slice("file:".length)), { recursive: true });
  must(
    prisma(["migrate", "deploy"], { provider: target.provider, url: target.url, capture: true }),
    `migrate deploy (${target.provider})`,
  );
  console.log(`db: migrations applied (${target.provider})`);
}

function diffScript(provider, exitCode) {
  const from = fs.existsSync(snapshot(provider)) ? ["--from-schema-datamodel", snapshot(provider)] : ["--from-empty"];
  const args = ["migrate", "diff", ...from, "--to-schema-datamodel", schemaFor(provider), "--script"];
  if (exitCode) args.push("--exit-code");
  // A datamodel-to-datamodel diff needs no database, but the CLI still builds the config's adapter:
  // give it the in-memory SQLite one for both providers (the SQL dialect follows the datamodels).
  return prisma(args, { provider: "sqlite", capture: true });
}

function newMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:new-migration -- <name>   (lower-case letters, digits and _)");
    process.exit(2);
  }
  writePostgresSchema();
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  let wrote = 0;
  for (const provider of providers) {
    const result = must(diffScript(provider, false), `migrate diff (${provider})`);
    const sql = result.stdout.trim();
    if (!sql || /^-- This is an empty migration/.test(sql)) continue;
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
    fs.writeFileSync(path.join(migrationsDir(provider), "migration_lock.toml"), `provider = "${provider}"\n`);
    fs.mkdirSync(path.dirname(snapshot(provider)), { recursive: true });
    fs.copyFileSync(schemaFor(provider), snapshot(provider));
    console.log(`db: wrote ${path.relative(root, dir)}/migration.sql`);
    wrote++;
  }
  if (!wrote) console.log("db: the schema has no changes since the last migration");
}

function check() {
  const derived = derivePostgresSchema(fs.readFileSync(sqliteSchema, "utf8"));
  if (!fs.existsSync(pgSchema) || fs.readFileSync(pgSchema, "utf8") !== derived) {
    console.error("db: prisma/postgresql/schema.prisma is stale: run `npm run db:generate` and commit it");
    process.exit(1);
  }
  for (const provider of providers) {
    const result = diffScript(provider, true);
    // --exit-code: 0 = no difference, 2 = difference, 1 = error
    if (result.status === 2) {
      console.error(`db: prisma/schema.prisma changed without a migration (${provider}): run npm run db:new-migration -- <name>`);
      process.exit(1);
    }
    must(result, `migrate diff (${provider})`);
  }
  console.log("db: every schema change has a migration");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case "generate":
      generate();
      break;
    case "deploy":
      deploy();
      break;
    case "new-migration":
      newMigration(rest[0]);
      break;
    case "check":
      check();
      break;
    default:
      console.error("usage: node scripts/db.mjs generate|deploy|new-migration <name>|check");
      process.exit(2);
  }
}
