/**
 * Benchmark of the MDM client against the MDM simulator (a script, not a test).
 *
 *   npx tsx scripts/bench/mdm-client.ts [--devices 100000] [--seconds 3] [--concurrency 1,8,32,64] [--in-process]
 *
 * Starts the simulator with synthetic devices as a child process (so client and server do not share one
 * event loop; `--in-process` runs it here instead), then measures:
 *   1. a full paged bulk query of every registered device (compliance=false then compliance=true):
 *      seconds, devices/s, pages, and this process's peak RSS — the client streams page by page;
 *   2. MAC lookups over keep-alive connections at a few concurrencies: lookups/s, p50, p99, connections.
 * Prints a small table. Everything stays on 127.0.0.1.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { MdmClient } from "../../lib/engine/mdm/client";
import { startMdmSimulator } from "../../lib/mdm-simulator/server";
import { startSimulatorChild, stopChild } from "./support";

interface SimulatorHandle {
  port: number;
  caCertPem: string;
  stop(): Promise<void>;
}

/** The simulator as its own process (the default): the client's figures are not the simulator's CPU. */
async function startChildSimulator(devices: number, dataDir: string): Promise<SimulatorHandle> {
  const sim = await startSimulatorChild({ devices, dataDir, readyTimeoutMs: 60_000 });
  return { port: sim.port, caCertPem: sim.caPem, stop: () => stopChild(sim.child) };
}

async function startInProcessSimulator(devices: number, dataDir: string): Promise<SimulatorHandle> {
  const sim = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, syntheticDevices: devices });
  return { port: sim.port, caCertPem: sim.caCertPem, stop: () => sim.close() };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      devices: { type: "string", default: "100000" },
      seconds: { type: "string", default: "3" },
      concurrency: { type: "string", default: "1,8,32,64" },
      "in-process": { type: "boolean", default: false },
    },
  });
  const deviceCount = Number(values.devices);
  const seconds = Number(values.seconds);
  const concurrencies = values.concurrency
    .split(",")
    .map(Number)
    .filter((n) => n > 0);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-mdm-"));
  const startStarted = performance.now();
  const sim = values["in-process"]
    ? await startInProcessSimulator(deviceCount, dataDir)
    : await startChildSimulator(deviceCount, dataDir);
  console.log(
    `simulator (${values["in-process"] ? "in-process" : "child process"}) with ${deviceCount} devices ready in ${((performance.now() - startStarted) / 1000).toFixed(1)} s`,
  );

  const client = new MdmClient({
    host: "127.0.0.1",
    port: sim.port,
    username: "iseapi",
    password: "iseapi-secret",
    trustedCertificatesPem: [sim.caCertPem],
    maxSockets: Math.max(...concurrencies),
    timeoutMs: 30_000,
  });
  try {
    const discovery = await client.discover();

    // 1. Full paged bulk query. Devices are counted, not kept: the stream holds one page at a time.
    const rssBefore = process.resourceUsage().maxRSS;
    const macs: string[] = [];
    let pages = 0;
    let devices = 0;
    let nonCompliant = 0;
    const bulkStarted = performance.now();
    for (const compliance of ["false", "true"]) {
      for await (const page of client.pages("compliance", compliance)) {
        pages += 1;
        devices += page.devices.length;
        if (compliance === "false") nonCompliant += page.devices.length;
        for (const device of page.devices) if (device.macaddress && macs.length < 20_000) macs.push(device.macaddress);
      }
    }
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;
    const rssAfter = process.resourceUsage().maxRSS;

    console.log("\nBulk paged query (compliance=false, then compliance=true)");
    console.table([
      {
        devices,
        "non-compliant": nonCompliant,
        pages,
        "page size": discovery.queryMaxSize ?? "?",
        seconds: Number(bulkSeconds.toFixed(2)),
        "devices/s": Math.round(devices / bulkSeconds),
        "peak RSS before": mb(rssBefore),
        "peak RSS after": mb(rssAfter),
      },
    ]);

    // 2. MAC lookups with keep-alive at several concurrencies.
    if (macs.length === 0) throw new Error("the bulk query returned no MAC to look up");
    const rows = [];
    for (const concurrency of concurrencies) {
      const latencies: number[] = [];
      let errors = 0;
      let next = 0;
      const connectionsBefore = client.stats().connectionsOpened;
      const deadline = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            const mac = macs[next++ % macs.length] ?? "";
            const t0 = performance.now();
            try {
              await client.lookupByMac(mac, { timeoutMs: 5_000 });
              latencies.push(performance.now() - t0);
            } catch {
              errors += 1;
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const sorted = Float64Array.from(latencies).sort();
      rows.push({
        concurrency,
        lookups: latencies.length,
        "lookups/s": Math.round(latencies.length / elapsed),
        "p50 ms": Number(percentile(sorted, 50).toFixed(2)),
        "p99 ms": Number(percentile(sorted, 99).toFixed(2)),
        errors,
        "new connections": client.stats().connectionsOpened - connectionsBefore,
      });
    }
    console.log("\nMAC lookups (keep-alive)");
    console.table(rows);
  } finally {
    client.close();
    await sim.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
