// Test helper: a real, migrated SQLite database in a temporary folder (the same migrations as production).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { AppError } from "../errors";
import type { TestConnectionResult } from "../validation/mdm-connection";
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

/** Awaits an expected failure and checks it is an AppError (a coded, user-facing error). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A successful Test Connection result, as the engine reports it. */
export const successfulTest: TestConnectionResult = {
  outcome: "SUCCESS",
  ok: true,
  message: "The MDM Server details are valid and the connectivity was successful.",
  hint: "",
  steps: [],
  discovery: { apiVersion: 3, apiPath: "/ciscoise/mdmapi/v3", messagingSupport: false, vendor: "Sim", queryMaxSize: 500 },
  totalMs: 5,
  testedAt: new Date().toISOString(),
};
