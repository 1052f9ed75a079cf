// Test helper: a real, migrated SQLite database in a temporary folder (the same migrations as production).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, type DatabaseTarget, type Db } from "./client";

export type TestDb = { db: Db; target: DatabaseTarget; dataDir: string; cleanup(): Promise<void> };

export async function createTestDb(): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
  const result = spawnSync(process.execPath, ["scripts/db.mjs", "deploy"], {
    cwd: path.resolve(import.meta.dirname, "..", ".."),
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrations failed: ${result.stderr || result.stdout}`);
  const target: DatabaseTarget = { provider: "sqlite", url: `file:${path.join(dataDir, "gatehouse.db")}` };
  const db = createDb(target);
  await prepareDb(db, target);
  return {
    db,
    target,
    dataDir,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
