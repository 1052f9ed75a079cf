// Engine process entry: wiring only (env → database → engine → signals).
import { createDb, prepareDb } from "../db/client";
import { ensureInitialAdmin } from "../db/admins";
import { databaseTarget, getEnv } from "../env";
import { SecretBox } from "../secret-box";
import { engineToken } from "./control/token";
import { startEngine } from "./engine";

const log = (message: string) => console.log(`${new Date().toISOString()} ${message}`);

async function main() {
  const env = getEnv();
  const target = databaseTarget(env);
  // A lock held by the web app stalls the engine's event loop for as long as it waits (better-sqlite3 is
  // synchronous): wait at most 1 s; the batched writes (bulk.ts) wait even less and are retried later.
  const db = createDb(target, { sqliteBusyTimeoutMs: 1000 });
  await prepareDb(db, target);

  const initial = await ensureInitialAdmin(db, { password: env.ADMIN_PASSWORD });
  if (initial.generatedPassword) {
    // Printed once: the hash is all that is stored.
    console.log(
      [
        "",
        "  First start: created the administrator account",
        `    user:     admin`,
        `    password: ${initial.generatedPassword}`,
        "  It is shown only this once. Set ADMIN_PASSWORD before the first start to choose it.",
        "",
      ].join("\n"),
    );
  } else if (initial.created) log("created the administrator account admin with ADMIN_PASSWORD");

  const engine = await startEngine({
    db,
    dbTarget: target,
    control: { host: env.ENGINE_CONTROL_HOST, port: env.ENGINE_CONTROL_PORT, token: engineToken(env) },
    secretBox: SecretBox.fromEnv(env),
    radius: { host: env.RADIUS_HOST, authPort: env.RADIUS_AUTH_PORT, acctPort: env.RADIUS_ACCT_PORT },
    mdmDeadlineMs: env.MDM_LOOKUP_DEADLINE_MS,
    suppressRepeatsSeconds: env.LIVE_LOG_SUPPRESS_REPEATS_SECONDS,
    log,
  });
  log(`engine ready (database ${target.provider})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await engine.stop();
    await db.$disconnect();
    log("stopped");
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(`engine failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
