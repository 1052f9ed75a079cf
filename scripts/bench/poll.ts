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
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bulkInsert, enableBulkFastPath, timeOrderedId } from "../../lib/db/bulk";
import { applyEndpointUpdates } from "../../lib/db/endpoints";
import { createNetworkDevice } from "../../lib/db/network-devices";
import { startTestNad } from "../../lib/engine/coa/testing";
import { startEngine } from "../../lib/engine/engine";
import { addSimulatorMdmServer } from "../../lib/engine/mdm/testing";
import { syntheticDevice, syntheticDeviceMac } from "../../lib/mdm-simulator/inventory";
import { SecretBox } from "../../lib/secret-box";
import { deployBenchDb, HOST, root, startSimulatorChild, waitForLine } from "./support";

const SECRET = "bench-coa-secret-0123456789";

const { values: args } = parseArgs({
  options: {
    endpoints: { type: "string", default: "100000" },
    recheck: { type: "string", default: "1000" },
    "query-max-size": { type: "string", default: "500" },
    role: { type: "string", default: "bench" },
  },
});

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
    const simulator = await startSimulatorChild({
      devices: endpointCount,
      dataDir: path.join(dir, "sim"),
      args: ["--query-max-size", String(args["query-max-size"])],
      readyTimeoutMs: 120_000,
    });
    sim = simulator.child;

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

    const box = SecretBox.fromKey(crypto.randomBytes(32));
    const { db, target } = await deployBenchDb(path.join(dir, "engine"));
    const server = await addSimulatorMdmServer(db, box, {
      caPem: simulator.caPem,
      host: HOST,
      port: simulator.port,
      apiVersion: 3,
      // 0: no timer; the cycle measured is started by "poll now".
      pollingIntervalMinutes: 0,
      actor: "bench",
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
    // Stored as the engine stores MDM answers: the same upsert.
    await applyEndpointUpdates(db, {
      mdm: macs.map((mac) => {
        const compliant = !storedNonCompliant.has(mac);
        return {
          mac,
          mdmServerId: server.id,
          mdmServerName: "Simulator",
          registered: true,
          compliant,
          mdmAttributes: {
            MDMServerReachable: "Reachable",
            DeviceRegisterStatus: "Registered",
            DeviceCompliantStatus: compliant ? "Compliant" : "NonCompliant",
          },
          lastMdmOutcome: "ok",
          lastMdmQueryAt: at,
        };
      }),
      seen: [],
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
