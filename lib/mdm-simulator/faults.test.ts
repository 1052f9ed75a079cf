import { rmSync } from "node:fs";
import https from "node:https";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FAULTS, applyFaultsPatch, sampleDelayMs, sampleInjectedError } from "./faults";
import {
  apiRoot,
  devicesOf,
  makeTempDir,
  parseXmlExact,
  requestErrorCode,
  startTestSimulator,
  type TestSimulator,
  type XmlObject,
} from "./test-support";

const DISCOVERY = "/ciscoise/mdminfo/?ise_api_version=3";
const QUERY = (version: number) =>
  `/ciscoise/mdmapi/v${version}/devices/?paging=0&querycriteria=macaddress&value=0026B424FEB4&filter=all`;

const dataDir = makeTempDir("gatehouse-mdm-sim-faults-");
let t: TestSimulator;

beforeAll(async () => {
  t = await startTestSimulator({ dataDir });
});

afterEach(() => {
  t.sim.setFaults({ ...DEFAULT_FAULTS });
});

afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("fault switches", () => {
  it("answers 500 or 503 at errorRate 1, and normally again at 0", async () => {
    t.sim.setFaults({ errorRate: 1 });
    for (let i = 0; i < 4; i++) {
      const response = await t.api(DISCOVERY);
      expect([500, 503]).toContain(response.status);
      expect(apiRoot(response.body).name).toBe("error");
    }
    t.sim.setFaults({ errorRate: 0 });
    expect((await t.api(DISCOVERY)).status).toBe(200);
  });

  it("resets the connection and logs the request as unanswered", async () => {
    t.sim.setFaults({ reset: true });
    const code = await requestErrorCode(`${t.sim.baseUrl}${DISCOVERY}`, {
      ca: t.sim.caCertPem,
      auth: ["iseapi", "iseapi-secret"],
    });
    expect(code).toBe("ECONNRESET");
    await expect.poll(() => t.sim.requestLog().at(-1)).toMatchObject({ path: DISCOVERY, status: 0, user: "iseapi" });
  });

  it("hangs: accepts the request and never answers until the switch is off", async () => {
    t.sim.setFaults({ hang: true });
    const code = await requestErrorCode(`${t.sim.baseUrl}${DISCOVERY}`, {
      ca: t.sim.caCertPem,
      auth: ["iseapi", "iseapi-secret"],
      timeoutMs: 300,
    });
    expect(code).toBe("CLIENT_TIMEOUT");
    t.sim.setFaults({ hang: false });
    expect((await t.api(DISCOVERY)).status).toBe(200);
  });

  it("delays answers by latencyMs", async () => {
    t.sim.setFaults({ latencyMs: 250 });
    const started = performance.now();
    const response = await t.api(DISCOVERY);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(t.sim.requestLog().at(-1)?.latencyMs).toBeGreaterThanOrEqual(240);
  });

  it("serves a certificate from another CA: TLS fails when only the real CA is trusted", async () => {
    t.sim.setFaults({ certificate: "untrusted" });
    const url = `${t.sim.baseUrl}${DISCOVERY}`;
    const auth: [string, string] = ["iseapi", "iseapi-secret"];
    expect(await requestErrorCode(url, { ca: t.sim.caCertPem, auth })).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(await requestErrorCode(url, { ca: t.sim.rogueCaCertPem, auth })).toBe("ok");
    t.sim.setFaults({ certificate: "valid" });
    expect(await requestErrorCode(url, { ca: t.sim.caCertPem, auth })).toBe("ok");
  });

  it("serves an expired certificate signed by the real CA", async () => {
    t.sim.setFaults({ certificate: "expired" });
    const code = await requestErrorCode(`${t.sim.baseUrl}${DISCOVERY}`, {
      ca: t.sim.caCertPem,
      auth: ["iseapi", "iseapi-secret"],
    });
    expect(code).toBe("CERT_HAS_EXPIRED");
  });

  it("makes a keep-alive client reconnect, and see the new certificate, after a swap", async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await t.api(DISCOVERY, { agent })).status).toBe(200);
      t.sim.setFaults({ certificate: "expired" });
      // The server closes idle connections on a swap; wait until the client has seen it.
      await expect.poll(() => Object.keys(agent.freeSockets).length).toBe(0);
      expect(await requestErrorCode(`${t.sim.baseUrl}${DISCOVERY}`, { ca: t.sim.caCertPem, agent })).toBe("CERT_HAS_EXPIRED");
    } finally {
      agent.destroy();
    }
  });

  it("speaks the Intune dialect: default namespace, capitalised elements, sparse attributes, no macaddress", async () => {
    t.sim.setFaults({ dialect: "intune" });
    const discovery = parseXmlExact((await t.api(DISCOVERY)).body).ise_api as XmlObject;
    expect(String(discovery["@xmlns"])).toMatch(/^http/);

    const response = await t.api(QUERY(3));
    const root = parseXmlExact(response.body).ise_api as XmlObject;
    expect(root["@xmlns"]).toBe(discovery["@xmlns"]);
    const [device] = devicesOf(response.body);
    expect(device).toBeDefined();
    expect(device).not.toHaveProperty("macaddress");
    expect(device).not.toHaveProperty("attributes");
    expect(device?.guid).toBe("6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f");
    const attributes = device?.Attributes as XmlObject;
    expect(attributes.register_status).toBe("true");
    expect((attributes.Compliance as XmlObject).status).toBe("true");
    for (const absent of ["imei", "serial_number", "phone_number", "manufacturer", "compliance", "macaddresses"]) {
      expect(attributes).not.toHaveProperty(absent);
    }
  });

  it("adds server_busy_wait_seconds to v3 answers only", async () => {
    t.sim.setFaults({ serverBusyWaitSeconds: 7 });
    expect(apiRoot((await t.api(QUERY(3))).body).server_busy_wait_seconds).toBe("7");
    expect(apiRoot((await t.api(QUERY(2))).body)).not.toHaveProperty("server_busy_wait_seconds");
    t.sim.setFaults({ serverBusyWaitSeconds: 0 });
    expect(apiRoot((await t.api(QUERY(3))).body)).not.toHaveProperty("server_busy_wait_seconds");
  });

  it("rejects invalid fault settings and keeps the previous ones", () => {
    t.sim.setFaults({ latencyMs: 5 });
    expect(() => t.sim.setFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => t.sim.setFaults({ certificate: "stolen" } as never)).toThrow(/certificate/);
    expect(t.sim.faults()).toEqual({ ...DEFAULT_FAULTS, latencyMs: 5 });
  });
});

describe("closing under faults", () => {
  it("closes promptly while a request hangs", async () => {
    const hanging = await startTestSimulator({ dataDir });
    hanging.sim.setFaults({ hang: true });
    const pending = requestErrorCode(`${hanging.sim.baseUrl}${DISCOVERY}`, {
      ca: hanging.sim.caCertPem,
      auth: ["iseapi", "iseapi-secret"],
    });
    await expect
      .poll(async () => ((await hanging.control("GET", "/health")).body as { pendingRequests: number }).pendingRequests)
      .toBe(1);
    await hanging.close();
    expect(await pending).toBe("ECONNRESET");
    expect(hanging.sim.requestLog()).toEqual([expect.objectContaining({ path: DISCOVERY, status: 0 })]);
  });
});

describe("fault sampling", () => {
  it("adds jitter in [0, jitterMs] on top of the fixed latency", () => {
    const faults = { ...DEFAULT_FAULTS, latencyMs: 100, jitterMs: 50 };
    expect(sampleDelayMs(faults, () => 0)).toBe(100);
    expect(sampleDelayMs(faults, () => 0.999)).toBe(150);
    expect(sampleDelayMs({ ...DEFAULT_FAULTS }, () => 0.5)).toBe(0);
  });

  it("injects errors at the configured rate only", () => {
    expect(sampleInjectedError({ ...DEFAULT_FAULTS, errorRate: 0 }, () => 0)).toBeNull();
    expect(sampleInjectedError({ ...DEFAULT_FAULTS, errorRate: 0.3 }, () => 0.5)).toBeNull();
    const rolls = [0.1, 0.2];
    expect(sampleInjectedError({ ...DEFAULT_FAULTS, errorRate: 0.3 }, () => rolls.shift() ?? 0)).toBe(500);
    expect(sampleInjectedError({ ...DEFAULT_FAULTS, errorRate: 1 }, () => 0.9)).toBe(503);
  });

  it("applies partial patches and rejects unknown switches", () => {
    expect(applyFaultsPatch({ ...DEFAULT_FAULTS }, { dialect: "intune" })).toEqual({ ...DEFAULT_FAULTS, dialect: "intune" });
    expect(() => applyFaultsPatch({ ...DEFAULT_FAULTS }, { explode: true })).toThrow(/explode/);
  });
});
