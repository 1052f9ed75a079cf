// The only place that constructs a Prisma client. DATABASE_URL picks the provider at run time; both
// clients are generated from the same datamodel, so the SQLite client's type describes either.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget, type DatabaseTarget } from "../env";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";

export type Db = SqliteClient;
export type { DatabaseTarget };

const holder = globalThis as unknown as { __gatehouseDb?: { db: Db; target: DatabaseTarget } };

export function createDb(target: DatabaseTarget, { sqliteBusyTimeoutMs = 5000 }: { sqliteBusyTimeoutMs?: number } = {}): Db {
  if (target.provider === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  // Web app and engine share the file: better-sqlite3 waits up to `timeout` ms on a locked database.
  const adapter = new PrismaBetterSQLite3({ url: target.url, timeout: sqliteBusyTimeoutMs });
  return new SqliteClient({ adapter });
}

/** The process-wide client (kept on globalThis so Next's dev reloads don't open a new pool each time). */
export function getDb(): Db {
  if (!holder.__gatehouseDb) {
    const target = databaseTarget();
    holder.__gatehouseDb = { db: createDb(target), target };
  }
  return holder.__gatehouseDb.db;
}

export function getDbTarget(): DatabaseTarget {
  getDb();
  return holder.__gatehouseDb!.target;
}

/**
 * SQLite is shared by two processes: WAL lets the engine write events while pages read. Safe to call
 * more than once; a no-op on PostgreSQL.
 */
export async function prepareDb(db: Db, target: DatabaseTarget): Promise<void> {
  if (target.provider === "sqlite") {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  }
}

export async function disconnectDb(): Promise<void> {
  const current = holder.__gatehouseDb;
  holder.__gatehouseDb = undefined;
  await current?.db.$disconnect();
}
