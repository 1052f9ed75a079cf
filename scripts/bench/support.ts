/**
 * What the benchmarks share: free loopback ports, child processes (readiness lines, pinning, stopping) and
 * a freshly migrated SQLite database for an engine. Scripts only; nothing here is imported by the product.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, prepareDb, type DatabaseTarget, type Db } from "../../lib/db/client";
import { ensureDefaultPolicy } from "../../lib/db/policy";

/** The repository's root (the benches run their children from there). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Every bench targets loopback only. */
export const HOST = "127.0.0.1";

/** A port free on loopback right now (TCP by default). */
export function freePort(kind: "tcp" | "udp" = "tcp"): Promise<number> {
  return new Promise((resolve, reject) => {
    if (kind === "udp") {
      const socket = dgram.createSocket("udp4");
      socket.bind(0, HOST, () => {
        const port = socket.address().port;
        socket.close(() => resolve(port));
      });
      return;
    }
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits for a line matching `pattern` on the child's stdout, then keeps draining it. */
export function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 90_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = pattern.exec(text);
      if (match) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(match);
      } else if (text.length > 1_000_000) text = text.slice(-10_000);
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${what} exited (code ${code}) before it was ready:\n${text.slice(-2000)}`)));
    setTimeout(
      () => reject(new Error(`${what} not ready within ${timeoutMs / 1000} s:\n${text.slice(-2000)}`)),
      timeoutMs,
    ).unref();
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Whether `taskset` can pin processes to CPUs (it is there and there are two or more). */
export const hasTaskset = (() => {
  try {
    execFileSync("sh", ["-c", "command -v taskset"], { stdio: "ignore" });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
})();

/** argv prefixed with `taskset -c cpu` when pinning is possible. */
export function pinned(cpu: number, command: string, argv: string[]): [string, string[]] {
  return hasTaskset ? ["taskset", ["-c", String(cpu), command, ...argv]] : [command, argv];
}

/**
 * A new SQLite database in `dataDir` (created here), migrated by `scripts/db.mjs deploy` as in production,
 * prepared, with the default policy.
 */
export async function deployBenchDb(dataDir: string): Promise<{ db: Db; target: DatabaseTarget }> {
  fs.mkdirSync(dataDir);
  execFileSync(process.execPath, ["scripts/db.mjs", "deploy"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: "ignore",
  });
  const target = benchDbTarget(dataDir);
  const db = createDb(target);
  await prepareDb(db, target);
  await ensureDefaultPolicy(db);
  return { db, target };
}

/** The SQLite database `deployBenchDb` made in `dataDir`. */
export function benchDbTarget(dataDir: string): DatabaseTarget {
  return { provider: "sqlite", url: `file:${path.join(dataDir, "gatehouse.db")}` };
}

export interface SimulatorChild {
  child: ChildProcess;
  port: number;
  controlPort: number;
  /** The simulator's CA certificate (PEM). */
  caPem: string;
}

/**
 * The MDM simulator as a child process (lib/mdm-simulator/main.ts) on free loopback ports, holding
 * `devices` synthetic devices; resolves once it printed its CA certificate (stopped again if it never does).
 */
export async function startSimulatorChild({
  devices,
  dataDir,
  args = [],
  readyTimeoutMs,
}: {
  devices: number;
  dataDir: string;
  /** More command-line options for the simulator. */
  args?: string[];
  readyTimeoutMs?: number;
}): Promise<SimulatorChild> {
  const port = await freePort();
  const controlPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "lib/mdm-simulator/main.ts"),
      "--port",
      String(port),
      "--control-port",
      String(controlPort),
      "--devices",
      String(devices),
      ...args,
      "--data-dir",
      dataDir,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const caPath = (await waitForLine(child, /CA certificate\s+(\S+)/, "MDM simulator", readyTimeoutMs))[1]!;
    return { child, port, controlPort, caPem: fs.readFileSync(caPath, "utf8") };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
