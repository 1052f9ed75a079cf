// Multi-row INSERT / upsert in one statement, for the engine's batched writes (live-log events, endpoint
// sightings). Prisma's createMany/upsert cost about a millisecond per row of CPU on the engine's event loop;
// one parameterised statement per few hundred rows costs a few microseconds per row. Both SQLite (≥ 3.24)
// and PostgreSQL speak `INSERT … ON CONFLICT (…) DO UPDATE SET c = excluded.c`; only the placeholders and
// the timestamp encoding differ.
import type BetterSqlite3 from "better-sqlite3";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Db, DatabaseTarget } from "./client";

let lastMs = 0;
let sequence = 0;
const node = Math.floor(Math.random() * 36 ** 4)
  .toString(36)
  .padStart(4, "0");

/**
 * Ids that sort by creation time (ms, then a per-process sequence, then a random process tag): appended at
 * the right edge of the primary-key B-tree instead of scattered like random ids (2–3× cheaper inserts),
 * and a stable tie-break for (at, id) cursors.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now === lastMs) sequence += 1;
  else {
    lastMs = now;
    sequence = 0;
  }
  return `${now.toString(36).padStart(9, "0")}${sequence.toString(36).padStart(4, "0")}${node}`;
}

export type SqlValue = string | number | boolean | null | Date;

export function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/** How Prisma stores DateTime: ISO text with an explicit offset in SQLite, a timestamp in PostgreSQL. */
function encode(value: SqlValue, postgres: boolean): string | number | boolean | null {
  if (value instanceof Date) return postgres ? value.toISOString() : value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean" && !postgres) return value ? 1 : 0;
  return value;
}

const MAX_PARAMETERS = 30_000;
/** Rows per statement on the SQLite fast path: a fixed size lets prepared statements be reused. */
const SQLITE_ROWS_PER_STATEMENT = 100;

type FastPath = { sqlite: BetterSqlite3.Database; statements: Map<string, BetterSqlite3.Statement> };

/**
 * better-sqlite3 as the Prisma adapter loads it: resolved from the adapter's own location at run time, so
 * the engine bundle (esbuild, dependencies external) never tries to bundle the native module.
 */
function loadBetterSqlite3(): typeof BetterSqlite3 {
  const fromHere = createRequire(import.meta.url);
  const fromAdapter = createRequire(fromHere.resolve("@prisma/adapter-better-sqlite3"));
  return fromAdapter("better-sqlite3") as typeof BetterSqlite3;
}
const fastPaths = new WeakMap<Db, FastPath>();

/** How long the engine's SQLite connections wait for a lock held by another process (the web app). */
export const ENGINE_SQLITE_BUSY_TIMEOUT_MS = 250;

/**
 * For SQLite, lets bulkInsert write through its own better-sqlite3 connection to the same file (WAL):
 * the same SQL without Prisma's per-parameter overhead (~40× less CPU per row). The engine enables it
 * for its event writes; without it, bulkInsert goes through Prisma. Returns a function that closes it.
 */
export function enableBulkFastPath(db: Db, target: DatabaseTarget): () => void {
  if (target.provider !== "sqlite") return () => {};
  const file = target.url.startsWith("file://") ? fileURLToPath(target.url) : target.url.replace(/^file:/, "");
  const Database = loadBetterSqlite3();
  // better-sqlite3 waits for a lock synchronously, stalling the engine's event loop — RADIUS included — for
  // as long as it waits. Wait briefly: a write refused now is kept by the event writer and retried later.
  const sqlite = new Database(file, { timeout: ENGINE_SQLITE_BUSY_TIMEOUT_MS });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  fastPaths.set(db, { sqlite, statements: new Map() });
  return () => {
    fastPaths.delete(db);
    sqlite.close();
  };
}

function fastInsert(
  fast: FastPath,
  header: string,
  tail: string,
  columnCount: number,
  rows: readonly (readonly SqlValue[])[],
): number {
  const tuple = `(${new Array<string>(columnCount).fill("?").join(", ")})`;
  const statementFor = (count: number) => {
    const sql = `${header}${new Array<string>(count).fill(tuple).join(", ")}${tail}`;
    let statement = fast.statements.get(sql);
    if (!statement) {
      if (fast.statements.size > 64) fast.statements.clear();
      statement = fast.sqlite.prepare(sql);
      fast.statements.set(sql, statement);
    }
    return statement;
  };
  let written = 0;
  fast.sqlite.transaction(() => {
    for (let offset = 0; offset < rows.length; offset += SQLITE_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(offset, offset + SQLITE_ROWS_PER_STATEMENT);
      const parameters: (string | number | null)[] = [];
      for (const row of chunk) for (const value of row) parameters.push(encode(value, false) as string | number | null);
      written += statementFor(chunk.length).run(parameters).changes;
    }
  })();
  return written;
}

/**
 * SQLite: runs one statement once per parameter row in a single transaction — on the engine's fast path
 * when enabled (prepared once, a few microseconds per row), else through Prisma. For small per-row updates
 * (PostgreSQL callers use one multi-row `UPDATE … FROM (VALUES …)` instead).
 */
export async function sqliteForEachRow(db: Db, sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const fast = fastPaths.get(db);
  if (fast) {
    let statement = fast.statements.get(sql);
    if (!statement) {
      statement = fast.sqlite.prepare(sql);
      fast.statements.set(sql, statement);
    }
    const prepared = statement;
    let changed = 0;
    fast.sqlite.transaction(() => {
      for (const row of rows) changed += prepared.run(row.map((value) => encode(value, false))).changes;
    })();
    return changed;
  }
  const results = await db.$transaction(
    rows.map((row) => db.$executeRawUnsafe(sql, ...row.map((value) => encode(value, false)))),
  );
  return results.reduce((sum, count) => sum + count, 0);
}

/**
 * SQLite: a read of many rows — through the engine's fast-path connection when enabled (better-sqlite3
 * returns 100 000 narrow rows in ~0.1 s where Prisma takes over 1 s), else through Prisma. Values come back
 * as SQLite stores them (booleans 0/1, dates ISO text).
 */
export async function sqliteSelect<Row>(db: Db, sql: string, parameters: readonly (string | number | null)[]): Promise<Row[]> {
  const fast = fastPaths.get(db);
  if (!fast) return db.$queryRawUnsafe<Row[]>(sql, ...parameters);
  let statement = fast.statements.get(sql);
  if (!statement) {
    statement = fast.sqlite.prepare(sql);
    fast.statements.set(sql, statement);
  }
  return statement.all(...parameters) as Row[];
}

export async function bulkInsert(
  db: Db,
  {
    table,
    columns,
    rows,
    conflict,
  }: {
    table: string;
    columns: readonly string[];
    rows: readonly (readonly SqlValue[])[];
    /** Upsert: on a conflict on `target`, set `update` columns from the new row. */
    conflict?: { target: readonly string[]; update: readonly string[] };
  },
): Promise<number> {
  if (rows.length === 0) return 0;
  const postgres = isPostgres(db);
  const fast = postgres ? undefined : fastPaths.get(db);
  const quote = (name: string) => `"${name}"`;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const tail = conflict
    ? ` ON CONFLICT (${conflict.target.map(quote).join(", ")}) DO UPDATE SET ${conflict.update
        .map((column) => `${quote(column)} = excluded.${quote(column)}`)
        .join(", ")}`
    : "";
  if (fast) {
    return fastInsert(fast, `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES `, tail, columns.length, rows);
  }
  let written = 0;
  for (let offset = 0; offset < rows.length; offset += perStatement) {
    const chunk = rows.slice(offset, offset + perStatement);
    const parameters: (string | number | boolean | null)[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((value) => {
        parameters.push(encode(value, postgres));
        return postgres ? `$${parameters.length}` : "?";
      });
      return `(${marks.join(", ")})`;
    });
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${tuples.join(", ")}${tail}`;
    written += await db.$executeRawUnsafe(sql, ...parameters);
  }
  return written;
}
