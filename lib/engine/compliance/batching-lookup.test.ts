import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FAULTS } from "../../mdm-simulator/faults";
import { startMdmSimulator, type RunningSimulator } from "../../mdm-simulator/server";
import { MdmClient } from "../mdm/client";
import { BatchingMacLookup } from "./batching-lookup";

// Integration tests: the real simulator over real TLS on 127.0.0.1; the request log shows what went out.

const COMPLIANT = "0026B424FEB4";
const NONCOMPLIANT = "0026B424FEB5";
const WINDOWS = "0026B424FEB6";
const UNREGISTERED = "0026B424FEB7";

let dataDir: string;
let sim: RunningSimulator;
let client: MdmClient;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-batching-"));
  sim = await startMdmSimulator({ dataDir, port: 0, controlPort: 0 });
  client = new MdmClient({
    host: "127.0.0.1",
    port: sim.port,
    username: "iseapi",
    password: "iseapi-secret",
    trustedCertificatesPem: [sim.caCertPem],
    timeoutMs: 5_000,
  });
});
afterEach(() => sim.setFaults({ ...DEFAULT_FAULTS }));
afterAll(async () => {
  client.close();
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const paths = (since: number) =>
  sim
    .requestLog()
    .slice(since)
    .map((entry) => `${entry.method} ${entry.path.replace(/\?.*$/, "")}`)
    .filter((line) => !line.includes("mdminfo"));

describe("coalesced MAC lookups", () => {
  it("answers lookups made together with one batchdevices call, each with its own device", async () => {
    const lookup = new BatchingMacLookup(client);
    await lookup.lookupByMac(COMPLIANT, { timeoutMs: 2000 }); // discovery out of the way
    const before = sim.requestLog().length;
    const [compliant, noncompliant, windows, unknown] = await Promise.all(
      [COMPLIANT, NONCOMPLIANT, WINDOWS, UNREGISTERED].map((mac) => lookup.lookupByMac(mac, { timeoutMs: 2000 })),
    );
    expect(paths(before)).toEqual([expect.stringMatching(/^POST .*\/batchdevices\/$/)]);
    expect(compliant).toMatchObject({ macaddress: COMPLIANT, registered: true, compliance: { status: true } });
    expect(noncompliant).toMatchObject({ macaddress: NONCOMPLIANT, compliance: { status: false } });
    expect(windows?.macaddress).toBe(WINDOWS);
    // Absent from the batch answer: the MDM does not know the device (§1.2), as a single query would say.
    expect(unknown).toEqual(await client.lookupByMac(UNREGISTERED));
    expect(lookup.stats).toMatchObject({ batches: 1, batched: 4 });
  });

  it("sends a lone lookup at once as a plain device query", async () => {
    const lookup = new BatchingMacLookup(client);
    const before = sim.requestLog().length;
    const device = await lookup.lookupByMac(NONCOMPLIANT, { timeoutMs: 2000 });
    expect(device?.macaddress).toBe(NONCOMPLIANT);
    expect(paths(before)).toEqual([expect.stringMatching(/^GET .*\/devices\/$/)]);
  });

  it("asks one by one when the server's answer does not name devices by MAC (Intune dialect)", async () => {
    sim.setFaults({ dialect: "intune" });
    const lookup = new BatchingMacLookup(client);
    const devices = await Promise.all([COMPLIANT, NONCOMPLIANT].map((mac) => lookup.lookupByMac(mac, { timeoutMs: 2000 })));
    // Each endpoint still gets its own device's compliance, not its neighbour's.
    expect(devices.map((device) => device?.compliance.status)).toEqual([true, false]);
  });

  it("fails every lookup of a failed batch with the MDM's error, so each one becomes UnReachable", async () => {
    sim.setFaults({ errorRate: 1 });
    const lookup = new BatchingMacLookup(client);
    const results = await Promise.allSettled(
      [COMPLIANT, NONCOMPLIANT].map((mac) => lookup.lookupByMac(mac, { timeoutMs: 2000 })),
    );
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "HTTP_5XX" });
  });
});
