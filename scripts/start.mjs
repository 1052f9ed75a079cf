#!/usr/bin/env node
// `npm start`: build if needed, apply migrations, run the web app and the engine side by side with
// prefixed logs, restart the engine with backoff when it dies, stop both on Ctrl-C / SIGTERM.
// `--dev`: next dev + tsx watch instead of the production build. `--demo`: also run the MDM simulator
// and seed a demo configuration pointing at it (see scripts/demo-seed.ts).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const demo = args.has("--demo");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.PORT ||= "3000";
env.DATA_DIR = path.resolve(root, env.DATA_DIR || "data");
// next-auth v4 needs to know its own origin; trust the Host header unless NEXTAUTH_URL pins it.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST = "true";
fs.mkdirSync(env.DATA_DIR, { recursive: true });

const colors = { web: 36, engine: 35, "mdm-sim": 33, gatehouse: 32 };
function say(name, line) {
  const tag = process.stdout.isTTY ? `\x1b[${colors[name] ?? 37}m[${name}]\x1b[0m` : `[${name}]`;
  process.stdout.write(`${tag} ${line}\n`);
}
function pipe(name, stream) {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) say(name, line);
  });
  stream.on("end", () => buffer && say(name, buffer));
}
function runStep(what, command, commandArgs) {
  say("gatehouse", what);
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    say("gatehouse", `${what} failed (exit ${result.status}); not starting.`);
    process.exit(result.status ?? 1);
  }
}

if (!fs.existsSync(path.join(root, "lib/db/generated/sqlite/client.ts")))
  runStep("generating database clients", process.execPath, ["scripts/db.mjs", "generate"]);
if (!dev) runStep("checking the build", process.execPath, ["scripts/build.mjs", "--if-needed"]);
runStep("applying database migrations", process.execPath, ["scripts/db.mjs", "deploy"]);

const children = new Map();
let stopping = false;

function start(name, command, commandArgs, extraEnv = {}) {
  const child = spawn(command, commandArgs, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  pipe(name, child.stdout);
  pipe(name, child.stderr);
  children.set(name, child);
  return child;
}

// --- the engine, supervised -------------------------------------------------------------------------
const supervisorFile = path.join(env.DATA_DIR, "supervisor.json");
const engineState = { state: "starting", restarts: 0, lastExitCode: null, lastExitAt: null, nextRestartAt: null };
function writeSupervisor() {
  const tmp = `${supervisorFile}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ engine: engineState, updatedAt: new Date().toISOString() }, null, 2));
  fs.renameSync(tmp, supervisorFile);
}

const initialBackoffMs = Number(process.env.ENGINE_RESTART_DELAY_MS) || 1000;
let backoffMs = initialBackoffMs;
function startEngine() {
  const startedAt = Date.now();
  const child = dev
    ? start("engine", bin("tsx"), ["watch", "--clear-screen=false", "lib/engine/main.ts"])
    : start("engine", process.execPath, ["--enable-source-maps", "dist/engine.mjs"]);
  engineState.state = "running";
  engineState.nextRestartAt = null;
  writeSupervisor();
  child.on("exit", (code, signal) => {
    children.delete("engine");
    if (stopping) return;
    // A run that lasted a minute was healthy: start the backoff again from one second.
    if (Date.now() - startedAt > 60_000) backoffMs = initialBackoffMs;
    engineState.state = "restarting";
    engineState.restarts += 1;
    engineState.lastExitCode = code ?? (signal ? 128 : 1);
    engineState.lastExitAt = new Date().toISOString();
    engineState.nextRestartAt = new Date(Date.now() + backoffMs).toISOString();
    writeSupervisor();
    say("gatehouse", `engine exited (${signal ?? `code ${code}`}); restarting in ${backoffMs / 1000} s`);
    setTimeout(() => !stopping && startEngine(), backoffMs);
    backoffMs = Math.min(backoffMs * 2, 30_000);
  });
}

// --- the demo simulator --------------------------------------------------------------------------------
if (demo) {
  const simArgs =
    fs.existsSync(path.join(root, "dist/mdm-simulator.mjs")) && !dev
      ? [process.execPath, ["--enable-source-maps", "dist/mdm-simulator.mjs"]]
      : [bin("tsx"), ["lib/mdm-simulator/main.ts"]];
  const simulator = start("mdm-sim", simArgs[0], simArgs[1]);
  simulator.on("exit", (code) => !stopping && say("gatehouse", `the MDM simulator exited (code ${code})`));
  say("gatehouse", "preparing the demo configuration");
  // Asynchronous, so the simulator's log keeps flowing while the seed waits for it.
  const seed = start("demo", bin("tsx"), ["scripts/demo-seed.ts"]);
  const seedCode = await new Promise((resolve) => seed.on("exit", resolve));
  children.delete("demo");
  if (seedCode !== 0) {
    say("gatehouse", "the demo configuration could not be prepared; not starting");
    await shutdown(1);
  }
}

startEngine();
const web = dev
  ? start("web", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "-p", env.PORT])
  : start("web", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", env.PORT]);
web.on("exit", (code) => {
  children.delete("web");
  if (!stopping) {
    say("gatehouse", `the web app exited (code ${code}); stopping everything`);
    void shutdown(code ?? 1);
  }
});
say(
  "gatehouse",
  `Gatehouse is starting: open http://localhost:${env.PORT} (engine control on 127.0.0.1:${env.ENGINE_CONTROL_PORT || 3101})`,
);

async function shutdown(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  engineState.state = "stopped";
  try {
    writeSupervisor();
  } catch {
    // the data folder may be gone; nothing to report then
  }
  for (const child of children.values()) child.kill("SIGTERM");
  const deadline = Date.now() + 10_000;
  while (children.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(exitCode);
}
for (const [name, child] of children) child.on("exit", () => children.delete(name));
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
