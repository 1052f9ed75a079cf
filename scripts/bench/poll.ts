/**
 * Compliance poll benchmark (a script, not a test): one poll cycle of one MDM server, CoAs included.
 *
 *   npx tsx scripts/bench/poll.ts [--endpoints 100000] [--recheck 1000] [--query-max-size 500]
 *
 * The MDM simulator (child process) holds `--endpoints` synthetic devices, about 10 % of them registered
 * and non-compliant. The database (SQLite) holds the same endpoints, all stored Compliant except
 * `--recheck` compliant ones stored NonCompliant (the "no longer listed → ask again" path), and an active
 * accounting session for every endpoint whose state will change. The engine runs in this process; a
 * verifying test NAD (child process, ACK to everything) on loopback receives the CoAs. Prints the cycle's
 * seconds and phases, the engine process's CPU time and peak RSS, and CoAs per second. Targets only
 * 127.0.0.1 and stops by itself.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bulkInsert, enableBulkFastPath, timeOrderedId } from "../../lib/db/bulk";
import { createDb, prepareDb, type DatabaseTarget } from "../../lib/db/client";
import { createNetworkDevice } from "../../lib/db/network-devices";
import { ensureDefaultPolicy } from "../../lib/db/policy";
import { addTrustedCertificate } from "../../lib/db/trusted-certificates";
import { startTestNad } from "../../lib/engine/coa/testing";
import { startEngine } from "../../lib/engine/engine";
import { syntheticDevice, syntheticDeviceMac } from "../../lib/mdm-simulator/inventory";
import { SecretBox } from "../../lib/secret-box";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HOST = "127.0.0.1";
const SECRET = "bench-coa-secret-0123456789";

const { values: args } = parseArgs({
  options: {
    endpoints: { type: "string", default: "100000" },
    recheck: { type: "string", default: "1000" },
    "query-max-size": { type: "string", default: "500" },
    role: { type: "string", default: "bench" },
  },
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = pattern.exec(text);
      if (match) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(match);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${what} exited (code ${code}) before it was ready:\n${text.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${what} not ready within ${timeoutMs / 1000} s`)), timeoutMs).unref();
  });
}

/** `--role nad`: the CoA receiver as its own process, like a real NAD (its CPU and memory are not the engine's). */
async function runNad(): Promise<void> {
  const nad = await startTestNad({ secret: SECRET, host: HOST });
  console.log(`NAD ${nad.port}`);
  process.on("SIGTERM", () => {
    console.error(`test NAD: ${nad.received.length} requests verified, ${nad.rejected} rejected`);
    void nad.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  if (args.role === "nad") return runNad();
  const endpointCount = Number(args.endpoints);
  const recheckCount = Number(args.recheck);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-poll-"));
  let sim: ChildProcess | undefined;
  let nadProcess: ChildProcess | undefined;
  try {
    const simPort = await freePort();
    sim = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(root, "lib/mdm-simulator/main.ts"),
        "--port",
        String(simPort),
        "--control-port",
        String(await freePort()),
        "--devices",
        String(endpointCount),
        "--query-max-size",
        String(args["query-max-size"]),
        "--data-dir",
        path.join(dir, "sim"),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    const caPath = (await waitForLine(sim, /CA certificate\s+(\S+)/, "MDM simulator"))[1]!;

    // Synthetic devices are a pure function of their index: who is non-compliant is known here too.
    const now = Date.now();
    const macs: string[] = [];
    const nonCompliant: string[] = [];
    const recheck: string[] = [];
    for (let i = 0; i < endpointCount; i += 1) {
      const device = syntheticDevice(i, now);
      const mac = syntheticDeviceMac(i);
      macs.push(mac);
      if (device.registered && !device.compliant) nonCompliant.push(mac);
      else if (device.registered && recheck.length < recheckCount) recheck.push(mac);
    }
    const storedNonCompliant = new Set(recheck);

    const dataDir = path.join(dir, "engine");
    fs.mkdirSync(dataDir);
    execFileSync(process.execPath, ["scripts/db.mjs", "deploy"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: "ignore",
    });
    const box = SecretBox.fromKey(crypto.randomBytes(32));
    const target: DatabaseTarget = { provider: "sqlite", url: `file:${path.join(dataDir, "gatehouse.db")}` };
    const db = createDb(target);
    await prepareDb(db, target);
    await ensureDefaultPolicy(db);
    await addTrustedCertificate(
      db,
      { pem: fs.readFileSync(caPath, "utf8"), friendlyName: "Simulator CA", trustForMdm: true, trustForClientAuth: false },
      "bench",
    );
    const server = await db.mdmServer.create({
      data: {
        name: "Simulator",
        host: HOST,
        port: simPort,
        username: "iseapi",
        passwordEncrypted: box.seal("iseapi-secret"),
        isEnabled: true,
        cacheExpirationMinutes: 60,
        // 0: no timer; the cycle measured is started by "poll now".
        pollingIntervalMinutes: 0,
        apiVersion: 3,
        apiPath: "/ciscoise/mdmapi/v3",
      },
    });
    nadProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--role", "nad"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const nad = { port: Number((await waitForLine(nadProcess, /NAD (\d+)/, "test NAD"))[1]) };
    const device = await createNetworkDevice(
      db,
      box,
      {
        name: "Bench",
        address: HOST,
        secret: SECRET,
        vendorProfile: "cisco",
        coaPort: nad.port,
        requireMessageAuthenticator: true,
      },
      "bench",
    );

    const seedStarted = performance.now();
    const closeFastPath = enableBulkFastPath(db, target);
    const at = new Date(now - 60_000);
    await bulkInsert(db, {
      table: "Endpoint",
      columns: [
        "id",
        "mac",
        "mdmServerId",
        "mdmServerName",
        "registered",
        "compliant",
        "mdmAttributes",
        "lastMdmOutcome",
        "lastMdmQueryAt",
        "createdAt",
        "updatedAt",
      ],
      rows: macs.map((mac) => {
        const compliant = !storedNonCompliant.has(mac);
        const values = {
          MDMServerReachable: "Reachable",
          DeviceRegisterStatus: "Registered",
          DeviceCompliantStatus: compliant ? "Compliant" : "NonCompliant",
        };
        return [timeOrderedId(), mac, server.id, "Simulator", true, compliant, JSON.stringify(values), "ok", at, at, at];
      }),
    });
    const sessionMacs = [...nonCompliant, ...recheck];
    await bulkInsert(db, {
      table: "RadiusSession",
      columns: [
        "id",
        "nadId",
        "nadAddress",
        "acctSessionId",
        "callingStationId",
        "mac",
        "userName",
        "framedIp",
        "startedAt",
        "lastUpdateAt",
        "isActive",
      ],
      rows: sessionMacs.map((mac, index) => [
        timeOrderedId(),
        device.id,
        HOST,
        `bench-${index.toString(16).padStart(8, "0")}`,
        mac.match(/../g)!.join("-"),
        mac,
        mac.toLowerCase(),
        null,
        at,
        at,
        true,
      ]),
    });
    closeFastPath();
    console.log(
      `seeded ${macs.length} endpoints (${recheck.length} stored NonCompliant but compliant) and ${sessionMacs.length} active sessions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; the MDM lists ${nonCompliant.length} non-compliant`,
    );

    const engine = await startEngine({
      db,
      dbTarget: target,
      control: { host: HOST, port: 0, token: "bench-token-0123456789abcdef" },
      secretBox: box,
      log: () => {},
    });
    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await engine.poller.pollNow(server.id);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (!summary) throw new Error("the MDM server is not enabled in the engine");
    const sent = Object.values(summary.coa).reduce((sum, count) => sum + count, 0);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        outcome: summary.outcome,
        nonCompliant: summary.nonCompliant,
        changed: summary.changed,
        withoutSession: summary.withoutSession,
        coa: summary.coa,
        phasesMs: summary.phasesMs,
        error: summary.error,
      }),
    );
    console.log(
      `poll cycle: ${seconds.toFixed(2)} s (target < 10 s); this process used ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s (the engine), load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    );
    console.log(`CoAs: ${sent} sent, ${(sent / seconds).toFixed(0)} CoAs/s over the whole cycle`);
    const span = await db.coaEvent.aggregate({ _min: { at: true }, _max: { at: true } });
    if (span._min.at && span._max.at) {
      const coaSeconds = Math.max(0.001, (span._max.at.getTime() - span._min.at.getTime()) / 1000);
      console.log(`CoA phase: ${coaSeconds.toFixed(2)} s from first to last send, ${(sent / coaSeconds).toFixed(0)} CoAs/s`);
    }
    console.log(`RSS: ${(rssBefore / 1024 / 1024).toFixed(0)} MB before the cycle, peak ${peakRssMb.toFixed(0)} MB`);
    await engine.stop();
    await db.$disconnect();
  } finally {
    sim?.kill("SIGTERM");
    nadProcess?.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
