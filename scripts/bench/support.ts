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

/**
 * Bundles a benchmark script (its engine-child role) with esbuild as `dist/engine.mjs` is built
 * (scripts/build.mjs), not through a TypeScript loader whose transform costs CPU on the hot path. Written
 * under dist/bench/ so node_modules resolve as they do for the real bundle.
 */
export async function bundleEngineChild(entry: string, name: string): Promise<string> {
  const { build } = await import("esbuild");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const outfile = path.join(root, "dist", "bench", `${name}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: [
      ...Object.keys(pkg.dependencies).filter((dependency) => dependency !== "@peculiar/x509"),
      "better-sqlite3",
      "esbuild",
    ],
    logLevel: "warning",
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outfile;
}

/**
 * User + system CPU seconds of a process and all its threads (/proc/<pid>/stat fields 14 and 15, in clock
 * ticks: 100 per second on Linux), NaN without /proc. Tells whether the server or the load generator was the
 * limit of a run: a server below ~95 % of its core was waiting for requests.
 */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * The main part of a private FreeRADIUS configuration (`radiusd.conf` up to the client): everything under
 * `dir`, logs to stdout, 4 threads, no reject delay, client 127.0.0.1 with `secret`, Message-Authenticator
 * required. Each benchmark appends its modules and server. Creates `run/`, `log/` and an empty dictionary.
 */
export function freeradiusMainConfig(dir: string, secret: string): string {
  fs.mkdirSync(path.join(dir, "run"), { recursive: true });
  fs.mkdirSync(path.join(dir, "log"), { recursive: true });
  fs.writeFileSync(path.join(dir, "dictionary"), "");
  return `
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = \${exec_prefix}/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/log
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
  destination = stdout
  colourise = no
  auth = no
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 4
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
  max_requests_per_server = 0
  auto_limit_acct = no
}
client bench {
  ipaddr = 127.0.0.1
  secret = ${secret}
  require_message_authenticator = yes
}
`;
}
