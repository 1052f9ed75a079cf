// The engine as an object: everything main.ts wires together, startable and stoppable in-process so
// integration tests run the real thing on ephemeral ports.
import crypto from "node:crypto";
import os from "node:os";
import packageJson from "../../package.json";
import type { DatabaseTarget, Db } from "../db/client";
import { getConfigVersion } from "../db/config-state";
import { getMdmServerConnection } from "../db/mdm-servers";
import { listMdmTrustAnchors } from "../db/trusted-certificates";
import type { SecretBox } from "../secret-box";
import { engineHealthSchema, testConnectionRequestSchema, type EngineHealth } from "./control/schemas";
import { testConnection } from "./mdm/test-connection";
import { startControlServer, type AnyControlRoute, type ControlServer } from "./control/server";
import { z } from "zod";

export type EngineOptions = {
  db: Db;
  dbTarget: DatabaseTarget;
  control: { host: string; port: number; token: string };
  /** Opens stored secrets (MDM passwords). */
  secretBox: SecretBox;
  /** How often the configuration version is polled (architecture: ≤ 1 s). */
  configPollMs?: number;
  log?: (message: string) => void;
};

export type RunningEngine = {
  controlPort: number;
  health(): Promise<EngineHealth>;
  stop(): Promise<void>;
};

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? ((message: string) => console.log(message));
  const startedAt = new Date();
  const nodeId = `${os.hostname()}-${crypto.randomBytes(3).toString("hex")}`;
  let configVersion = -1;
  let configLoadedAt: Date | null = null;
  let lastDbError: string | undefined;

  /** Reloads the configuration snapshot when the database says it changed. */
  async function syncConfig(): Promise<boolean> {
    try {
      const version = await getConfigVersion(options.db);
      lastDbError = undefined;
      if (version === configVersion) return false;
      // Later issues compile the configuration snapshot here (NADs, MDM servers, policy).
      configVersion = version;
      configLoadedAt = new Date();
      log(`configuration version ${version} loaded`);
      return true;
    } catch (error) {
      lastDbError = (error as Error).message.split("\n")[0];
      return false;
    }
  }

  async function health(): Promise<EngineHealth> {
    let dbOk = true;
    try {
      await options.db.$queryRawUnsafe("SELECT 1");
    } catch (error) {
      dbOk = false;
      lastDbError = (error as Error).message.split("\n")[0];
    }
    return engineHealthSchema.parse({
      status: "ok",
      version: packageJson.version,
      nodeId,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      database: { kind: options.dbTarget.provider, ok: dbOk, ...(dbOk ? {} : { error: lastDbError }) },
      configVersion,
      configLoadedAt: configLoadedAt?.toISOString() ?? null,
    });
  }

  await syncConfig();
  const poll = setInterval(() => void syncConfig(), options.configPollMs ?? 1000);
  poll.unref();

  const routes: AnyControlRoute[] = [
    { method: "GET", path: "/health", handle: health },
    {
      method: "POST",
      path: "/config/reload",
      input: z.object({}).passthrough(),
      handle: async () => ({ reloaded: await syncConfig(), configVersion }),
    },
  ];
  /** Test Connection with the form's values, against the engine's trust store (trusted for MDM). */
  async function runTestConnection(request: z.output<typeof testConnectionRequestSchema>) {
    let password = request.password;
    if (!password && request.mdmServerId) {
      password = (await getMdmServerConnection(options.db, options.secretBox, { id: request.mdmServerId })).password;
    }
    const anchors = await listMdmTrustAnchors(options.db);
    return testConnection({
      host: request.host,
      port: request.port,
      instance: request.instance,
      username: request.username,
      password: password ?? "",
      trustedCertificatesPem: anchors.map((anchor) => anchor.pem),
      timeoutMs: request.timeoutMs,
    });
  }
  routes.push({
    method: "POST",
    path: "/mdm/test-connection",
    input: testConnectionRequestSchema,
    handle: runTestConnection,
  });

  let control: ControlServer;
  try {
    control = await startControlServer({ ...options.control, routes, log });
  } catch (error) {
    clearInterval(poll);
    throw error;
  }
  log(`control API listening on http://${options.control.host}:${control.port}`);

  return {
    controlPort: control.port,
    health,
    async stop() {
      clearInterval(poll);
      await control.close();
    },
  };
}
