import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMdmSimulator, type RunningSimulator } from "../../mdm-simulator/server";
import { mdmAttributeValues } from "./attributes";
import { MdmClient, type MdmClientOptions } from "./client";
import { MdmError } from "./errors";

// Integration tests: the real simulator over real TLS on 127.0.0.1, ephemeral ports.

const IPHONE = { mac: "0026B424FEB4", guid: "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f" };
const ANDROID_NONCOMPLIANT = "0026B424FEB5";
const WINDOWS = "0026B424FEB6";
const UNREGISTERED = "0026B424FEB7";
const JAILBROKEN = { mac: "0026B424FEB8", guid: "9c4f50a1-becd-4f60-a152-4d5e6f708192" };

let dataDir: string;
let sim: RunningSimulator;
const clients: MdmClient[] = [];

function clientFor(target: RunningSimulator, overrides: Partial<MdmClientOptions> = {}): MdmClient {
  const client = new MdmClient({
    host: "127.0.0.1",
    port: target.port,
    username: "iseapi",
    password: "iseapi-secret",
    trustedCertificatesPem: [target.caCertPem],
    timeoutMs: 5_000,
    ...overrides,
  });
  clients.push(client);
  return client;
}

async function errorOf(promise: Promise<unknown>): Promise<MdmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MdmError) return error;
    throw new Error(`expected an MdmError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  // One data folder for every simulator of this file: the CA and certificates are made once and reused.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-mdm-client-"));
  sim = await startMdmSimulator({ dataDir, port: 0, controlPort: 0 });
});

afterEach(() => {
  sim.setFaults({
    latencyMs: 0,
    jitterMs: 0,
    errorRate: 0,
    hang: false,
    reset: false,
    certificate: "valid",
    dialect: "cisco",
    serverBusyWaitSeconds: 0,
  });
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("discovery and lookups", () => {
  it("discovers API v3 and its api_path", async () => {
    const discovery = await clientFor(sim).discover();
    expect(discovery).toMatchObject({
      apiVersion: 3,
      apiPath: "/ciscoise/mdmapi/v3",
      queryMaxSize: 500,
      messagingSupport: true,
      vendor: "Gatehouse",
    });
    expect(discovery.redirectUrl).toMatch(/^https:\/\//);
  });

  it("looks a device up by MAC in any common spelling and maps it to dictionary values", async () => {
    const client = clientFor(sim);
    const device = await client.lookupByMac("00:26:b4:24:fe:b4");
    expect(device?.macaddress).toBe(IPHONE.mac);
    expect(device?.guid).toBe(IPHONE.guid);
    expect(mdmAttributeValues({ reachable: true, device }, { serverName: "Simulator" })).toMatchObject({
      MDMServerReachable: "Reachable",
      MDMServerName: "Simulator",
      DeviceRegisterStatus: "Registered",
      DeviceCompliantStatus: "Compliant",
      DiskEncryptionStatus: "On",
      PinLockStatus: "On",
      JailBrokenStatus: "Unbroken",
      Manufacturer: "Apple Inc.",
    });
  });

  it("reports the non-compliant Android with its failure reason", async () => {
    const device = await clientFor(sim).lookupByMac("00-26-B4-24-FE-B5");
    expect(mdmAttributeValues({ reachable: true, device })).toMatchObject({
      DeviceCompliantStatus: "NonCompliant",
      MDMFailureReason: "OS version out of date",
    });
  });

  it("gives undefined (UnRegistered) for an unregistered and for an unknown device", async () => {
    const client = clientFor(sim);
    expect(await client.lookupByMac(UNREGISTERED)).toBeUndefined();
    expect(await client.lookupByMac("02AABBCCDDEE")).toBeUndefined();
    expect(mdmAttributeValues({ reachable: true, device: undefined }).DeviceRegisterStatus).toBe("UnRegistered");
  });

  it("looks a device up by GUID, whatever the case", async () => {
    const device = await clientFor(sim).lookupByGuid(JAILBROKEN.guid.toUpperCase());
    expect(device?.macaddress).toBe(JAILBROKEN.mac);
    expect(mdmAttributeValues({ reachable: true, device })).toMatchObject({
      JailBrokenStatus: "Broken",
      DeviceCompliantStatus: "NonCompliant",
      MDMFailureReason: "Device is jailbroken",
    });
  });

  it("sees a compliance change made on the MDM at the next query", async () => {
    const client = clientFor(sim);
    expect((await client.lookupByMac(WINDOWS))?.compliance.status).toBe(true);
    sim.updateDevice(WINDOWS, { compliant: false, failure_reason: "Firewall disabled" });
    try {
      const device = await client.lookupByMac(WINDOWS);
      expect(device?.compliance).toMatchObject({ status: false, failureReason: "Firewall disabled" });
    } finally {
      sim.updateDevice(WINDOWS, { compliant: true });
    }
  });

  it("refuses a malformed MAC before sending anything", async () => {
    const client = clientFor(sim);
    expect((await errorOf(client.lookupByMac("not-a-mac"))).code).toBe("INVALID_REQUEST");
    expect(client.stats().requests).toBe(0);
  });

  it("batch-queries several MACs and returns only the registered devices", async () => {
    const devices = await clientFor(sim).batchLookup("macaddress", [
      IPHONE.mac,
      ANDROID_NONCOMPLIANT,
      UNREGISTERED,
      "02AABBCCDDEE",
    ]);
    expect(devices.map((d) => d.macaddress).sort()).toEqual([IPHONE.mac, ANDROID_NONCOMPLIANT]);
  });

  it("sends a PIN lock and a message, which the MDM records", async () => {
    const client = clientFor(sim);
    const result = await client.performAction("pin_lock", { macaddress: WINDOWS });
    expect(result).toMatchObject({ macaddress: WINDOWS, actionStatus: true });
    expect(sim.getDevice(WINDOWS)?.actions?.some((a) => a.type === "pin_lock")).toBe(true);

    const unknown = await client.performAction("corporate_wipe", { macaddress: "02AABBCCDDEE" });
    expect(unknown.actionStatus).toBe(false);
    expect(unknown.failureReason).toBeTruthy();

    await client.sendMessage({ guid: IPHONE.guid }, "Please update <iOS> & reboot");
    expect(sim.getDevice(IPHONE.mac)?.messages).toContain("Please update <iOS> & reboot");
  });
});

describe("errors are codes", () => {
  it("wrong password → HTTP_401, account without API role → HTTP_403", async () => {
    expect((await errorOf(clientFor(sim, { password: "wrong" }).lookupByMac(IPHONE.mac))).code).toBe("HTTP_401");
    expect((await errorOf(clientFor(sim, { username: "noapi", password: "noapi-secret" }).lookupByMac(IPHONE.mac))).code).toBe(
      "HTTP_403",
    );
  });

  it("trusts only the certificates given: none, or another CA → TLS_UNTRUSTED", async () => {
    expect((await errorOf(clientFor(sim, { trustedCertificatesPem: [] }).discover())).code).toBe("TLS_UNTRUSTED");
    expect((await errorOf(clientFor(sim, { trustedCertificatesPem: [sim.rogueCaCertPem] }).discover())).code).toBe(
      "TLS_UNTRUSTED",
    );
  });

  it("an expired server certificate → TLS_EXPIRED; a certificate from an unknown CA → TLS_UNTRUSTED", async () => {
    sim.setFaults({ certificate: "expired" });
    expect((await errorOf(clientFor(sim).discover())).code).toBe("TLS_EXPIRED");
    sim.setFaults({ certificate: "untrusted" });
    expect((await errorOf(clientFor(sim).discover())).code).toBe("TLS_UNTRUSTED");
  });

  it("a host name the certificate does not list → TLS_HOSTNAME", async () => {
    // The name resolves to loopback through the client's lookup option; nothing leaves the machine.
    const client = clientFor(sim, {
      host: "mdm.not-in-certificate.test",
      lookup: (_hostname, options, callback) => {
        if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
        else callback(null, "127.0.0.1", 4);
      },
    });
    expect((await errorOf(client.discover())).code).toBe("TLS_HOSTNAME");
  });

  it("HTTP 5xx → HTTP_5XX, reset connection → CONNECTION_CLOSED", async () => {
    const client = clientFor(sim);
    await client.discover();
    sim.setFaults({ errorRate: 1 });
    expect((await errorOf(client.lookupByMac(IPHONE.mac))).code).toBe("HTTP_5XX");
    sim.setFaults({ errorRate: 0, reset: true });
    expect((await errorOf(client.lookupByMac(IPHONE.mac))).code).toBe("CONNECTION_CLOSED");
  });

  it("a hanging server cannot hold the caller past the deadline", async () => {
    const client = clientFor(sim);
    await client.discover();
    sim.setFaults({ hang: true });
    const error = await errorOf(client.lookupByMac(IPHONE.mac, { timeoutMs: 300 }));
    expect(error.code).toBe("TIMEOUT");
  });

  it("the caller's AbortSignal cancels a call", async () => {
    const client = clientFor(sim);
    sim.setFaults({ hang: true });
    const controller = new AbortController();
    const pending = client.discover({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await errorOf(pending)).code).toBe("ABORTED");
  });

  it("a closed server → CONNECT_FAILED", async () => {
    const closed = await startMdmSimulator({ dataDir, port: 0, controlPort: 0 });
    const client = clientFor(closed);
    await closed.close();
    expect((await errorOf(client.discover())).code).toBe("CONNECT_FAILED");
  });
});

describe("keep-alive", () => {
  it("reuses one connection for sequential calls and at most N for N concurrent ones", async () => {
    const client = clientFor(sim);
    for (let i = 0; i < 20; i += 1) await client.lookupByMac(IPHONE.mac);
    expect(client.stats()).toEqual({ connectionsOpened: 1, requests: 21 });
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([IPHONE.mac, ANDROID_NONCOMPLIANT, WINDOWS, JAILBROKEN.mac].map((mac) => client.lookupByMac(mac)));
    }
    expect(client.stats().connectionsOpened).toBeLessThanOrEqual(4);
    expect(client.stats().requests).toBe(41);
  });
});

describe("dialects, versions and instances", () => {
  it("parses the Intune dialect (namespace, capitalised elements, no macaddress)", async () => {
    sim.setFaults({ dialect: "intune" });
    const client = clientFor(sim);
    const device = await client.lookupByGuid(JAILBROKEN.guid);
    expect(device).toBeDefined();
    expect(device?.macaddress).toBeUndefined();
    expect(device?.compliance.status).toBe(false);
    expect(mdmAttributeValues({ reachable: true, device }).DeviceCompliantStatus).toBe("NonCompliant");
    expect((await client.lookupByMac(IPHONE.mac))?.compliance.status).toBe(true);
  });

  it("routes by instance: the api_path from discovery carries it; no or a wrong instance → HTTP_404", async () => {
    const tenant = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, instance: "acme" });
    try {
      const client = clientFor(tenant, { instance: "acme" });
      expect((await client.discover()).apiPath).toBe("/acme/ciscoise/mdmapi/v3");
      expect((await client.lookupByMac(IPHONE.mac))?.guid).toBe(IPHONE.guid);
      expect((await errorOf(clientFor(tenant).discover())).code).toBe("HTTP_404");
      expect((await errorOf(clientFor(tenant, { instance: "globex" }).discover())).code).toBe("HTTP_404");
    } finally {
      await tenant.close();
    }
  });

  it("negotiates down to v2 and refuses GUID lookups there", async () => {
    const v2 = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, maxApiVersion: 2 });
    try {
      const client = clientFor(v2);
      expect((await client.discover()).apiVersion).toBe(2);
      expect((await client.lookupByMac(IPHONE.mac))?.compliance.status).toBe(true);
      expect((await errorOf(client.lookupByGuid(IPHONE.guid))).code).toBe("UNSUPPORTED");
    } finally {
      await v2.close();
    }
  });
});

describe("bulk paging", () => {
  it("streams every non-compliant device of 10 000, page by page, exactly once", async () => {
    const big = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, syntheticDevices: 10_000, queryMaxSize: 250 });
    try {
      const expected = new Set(
        big
          .devices()
          .filter((d) => d.registered && !d.compliant)
          .map((d) => d.macaddress),
      );
      expect(expected.size).toBeGreaterThan(250);
      const client = clientFor(big);
      const seen: string[] = [];
      let pages = 0;
      for await (const page of client.nonCompliantPages()) {
        pages += 1;
        expect(page.devices.length).toBeLessThanOrEqual(250);
        for (const device of page.devices) {
          expect(device.compliance.status).toBe(false);
          if (device.macaddress) seen.push(device.macaddress);
        }
      }
      expect(pages).toBe(Math.ceil(expected.size / 250));
      expect(seen.length).toBe(expected.size);
      expect(new Set(seen)).toEqual(expected);
    } finally {
      await big.close();
    }
  });

  it("waits as server_busy_wait_seconds asks before fetching the next page, up to the cap", async () => {
    const paged = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, queryMaxSize: 5 });
    try {
      paged.setFaults({ serverBusyWaitSeconds: 30 });
      const controller = new AbortController();
      const pages = clientFor(paged).pages("compliance", "true", { signal: controller.signal });
      const first = await pages.next();
      expect(first.value?.serverBusyWaitSeconds).toBe(30);
      expect(first.value?.nextPagingToken).toBeDefined();
      const requestsBefore = paged.requestLog().length;
      const next = pages.next();
      setTimeout(() => controller.abort(), 100);
      expect((await errorOf(next)).code).toBe("ABORTED");
      expect(paged.requestLog().length).toBe(requestsBefore);

      // A whole-call deadline bounds the pause too: the caller gets TIMEOUT, not a 30 s stall.
      expect((await errorOf(clientFor(paged).queryDevices("compliance", "true", { timeoutMs: 300 }))).code).toBe("TIMEOUT");

      // With the pause capped at 50 ms, the same 30 s request no longer stalls the stream.
      const expected = paged.devices().filter((d) => d.registered && d.compliant).length;
      const capped = clientFor(paged, { maxBusyWaitSeconds: 0.05 });
      let count = 0;
      for await (const device of capped.pages("compliance", "true")) count += device.devices.length;
      expect(count).toBe(expected);
    } finally {
      await paged.close();
    }
  });
});
