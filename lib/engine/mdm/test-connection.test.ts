import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMdmSimulator, type RunningSimulator } from "../../mdm-simulator/server";
import {
  TEST_CONNECTION_MESSAGES,
  mdmConnectionSettingsSchema,
  testConnectionResultSchema,
  type MdmConnectionSettingsInput,
  type TestConnectionResult,
  type TestConnectionStep,
} from "../../validation/mdm-connection";
import { MDM_ERROR_CODES } from "./errors";
import { testConnection, testConnectionOutcome, type TestConnectionOptions } from "./test-connection";

// Every Test Connection outcome of ise-mdm-reference §3.2 against the real simulator over real TLS.

const EXTRA_NAME = "mdm.gatehouse.test";
let dataDir: string;
let sim: RunningSimulator;

/** Resolves the test names to loopback so nothing ever leaves the machine. */
const loopbackResolver: TestConnectionOptions["resolve"] = async (host) => {
  if (host.endsWith(".test")) return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

async function run(
  overrides: Partial<MdmConnectionSettingsInput> = {},
  options: TestConnectionOptions = {},
): Promise<TestConnectionResult> {
  const settings = mdmConnectionSettingsSchema.parse({
    host: "127.0.0.1",
    port: sim.port,
    username: "iseapi",
    password: "iseapi-secret",
    trustedCertificatesPem: [sim.caCertPem],
    ...overrides,
  });
  const result = await testConnection(settings, { resolve: loopbackResolver, ...options });
  // The result is what the control API sends to the web app: it must satisfy the shared schema.
  expect(testConnectionResultSchema.parse(result)).toEqual(result);
  return result;
}

function stepNamed<N extends TestConnectionStep["name"]>(
  result: TestConnectionResult,
  name: N,
): Extract<TestConnectionStep, { name: N }> {
  const step = result.steps.find((s): s is Extract<TestConnectionStep, { name: N }> => s.name === name);
  if (!step) throw new Error(`no ${name} step in ${JSON.stringify(result.steps)}`);
  return step;
}

const trace = (result: TestConnectionResult): string[] => result.steps.map((s) => `${s.name}:${s.ok ? "ok" : "failed"}`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-connection-"));
  sim = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, extraHostnames: [EXTRA_NAME] });
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
});

afterAll(async () => {
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("success", () => {
  it("reports success with the exact message, the discovery and a full trace", async () => {
    const result = await run();
    expect(result.outcome).toBe("SUCCESS");
    expect(result.ok).toBe(true);
    expect(result.message).toBe("The MDM Server details are valid and the connectivity was successful.");
    expect(trace(result)).toEqual(["dns:ok", "tcp:ok", "tls:ok", "http:ok", "mdminfo:ok"]);
    expect(result.discovery).toMatchObject({
      apiVersion: 3,
      apiPath: "/ciscoise/mdmapi/v3",
      queryMaxSize: 500,
      messagingSupport: true,
    });
    expect(result.discovery?.vendor).toBe("Gatehouse");

    const tls = stepNamed(result, "tls");
    const ca = new X509Certificate(sim.caCertPem);
    expect(tls.data?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls.data?.cipher).toBeTruthy();
    expect(tls.data?.peerChain[0]?.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(tls.data?.peerChain.at(-1)?.fingerprint256).toBe(ca.fingerprint256);
    expect(tls.data?.anchor).toMatchObject({ fingerprint256: ca.fingerprint256, trustIndex: 0 });

    const http = stepNamed(result, "http");
    expect(http.data).toMatchObject({ status: 200, path: "/ciscoise/mdminfo/?ise_api_version=3" });
    expect(stepNamed(result, "mdminfo").data?.apiPath).toBe("/ciscoise/mdmapi/v3");
  });

  it("resolves a host name, verifies it against the certificate and names the anchor among several", async () => {
    const result = await run({ host: EXTRA_NAME, trustedCertificatesPem: [sim.rogueCaCertPem, sim.caCertPem] });
    expect(result.outcome).toBe("SUCCESS");
    expect(stepNamed(result, "dns").data?.addresses).toEqual([{ address: "127.0.0.1", family: 4 }]);
    expect(stepNamed(result, "tls").data?.anchor?.trustIndex).toBe(1);
  });

  it("uses the instance for discovery and reports the instance api_path", async () => {
    const tenant = await startMdmSimulator({ dataDir, port: 0, controlPort: 0, instance: "acme" });
    try {
      const result = await run({ port: tenant.port, trustedCertificatesPem: [tenant.caCertPem], instance: "acme" });
      expect(result.outcome).toBe("SUCCESS");
      expect(result.discovery?.apiPath).toBe("/acme/ciscoise/mdmapi/v3");
      // An instance where none is needed, or none where one is: 404, as seed 001 explains.
      const missing = await run({ port: tenant.port, trustedCertificatesPem: [tenant.caCertPem] });
      expect(missing.message).toBe("Connection Failed 404 : Not Found");
    } finally {
      await tenant.close();
    }
  });
});

describe("HTTP failures", () => {
  it("wrong password → 401 message", async () => {
    const result = await run({ password: "not-the-password" });
    expect(result.outcome).toBe("HTTP_401");
    expect(result.message).toBe("Connection Failed 401 : Unauthorized");
    expect(trace(result)).toEqual(["dns:ok", "tcp:ok", "tls:ok", "http:failed"]);
    expect(stepNamed(result, "http").data?.status).toBe(401);
  });

  it("user without the API role → 403 message", async () => {
    const result = await run({ username: "noapi", password: "noapi-secret" });
    expect(result.outcome).toBe("HTTP_403");
    expect(result.message).toBe("Connection Failed 403 : Forbidden");
  });

  it("wrong instance → 404 message, with the instance named in the trace", async () => {
    const result = await run({ instance: "globex" });
    expect(result.outcome).toBe("HTTP_404");
    expect(result.message).toBe("Connection Failed 404 : Not Found");
    expect(stepNamed(result, "http").data?.path).toBe("/globex/ciscoise/mdminfo/?ise_api_version=3");
    expect(stepNamed(result, "http").detail).toContain('instance "globex"');
  });

  it("5xx → connection failed, with the real cause in the trace", async () => {
    sim.setFaults({ errorRate: 1 });
    const result = await run();
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.message).toBe("Connection Failed: Please check the connection parameters.");
    expect(result.errorCode).toBe("HTTP_5XX");
    expect(stepNamed(result, "http").data?.status).toBeGreaterThanOrEqual(500);
    expect(stepNamed(result, "http").detail).toContain("failed internally");
  });
});

describe("certificate and trust store failures", () => {
  const CERTIFICATE_MESSAGE = "Connection Failed: There is a problem with the server Certificates or ISE trust store.";

  it("CA not in the trust store → certificate message; the chain is still shown and no credentials are sent", async () => {
    const logBefore = sim.requestLog().length;
    const result = await run({ trustedCertificatesPem: [] });
    expect(result.outcome).toBe("CERTIFICATE");
    expect(result.message).toBe(CERTIFICATE_MESSAGE);
    expect(result.errorCode).toBe("TLS_UNTRUSTED");
    expect(trace(result)).toEqual(["dns:ok", "tcp:ok", "tls:failed"]);
    const tls = stepNamed(result, "tls");
    expect(tls.data?.verifyErrorCode).toBeTruthy();
    expect(tls.data?.peerChain[0]?.issuer).toContain("Gatehouse MDM Simulator CA");
    expect(tls.detail).toContain("No trusted certificates are configured");
    expect(sim.requestLog().length).toBe(logBefore);
  });

  it("only another CA trusted → certificate message naming the missing issuer", async () => {
    const result = await run({ trustedCertificatesPem: [sim.rogueCaCertPem] });
    expect(result.outcome).toBe("CERTIFICATE");
    expect(stepNamed(result, "tls").detail).toContain("Gatehouse MDM Simulator CA");
  });

  it("server presents a certificate from an unknown CA → certificate message", async () => {
    sim.setFaults({ certificate: "untrusted" });
    const result = await run();
    expect(result.outcome).toBe("CERTIFICATE");
    expect(result.errorCode).toBe("TLS_UNTRUSTED");
  });

  it("expired server certificate → certificate message, saying which certificate expired when", async () => {
    sim.setFaults({ certificate: "expired" });
    const result = await run();
    expect(result.outcome).toBe("CERTIFICATE");
    expect(result.message).toBe(CERTIFICATE_MESSAGE);
    expect(result.errorCode).toBe("TLS_EXPIRED");
    expect(stepNamed(result, "tls").data?.verifyErrorCode).toBe("CERT_HAS_EXPIRED");
    expect(stepNamed(result, "tls").detail).toMatch(/expired on \d{4}-\d{2}-\d{2}T/);
  });

  it("host name not in the certificate → certificate message", async () => {
    const result = await run({ host: "other-name.gatehouse.test" });
    expect(result.outcome).toBe("CERTIFICATE");
    expect(result.errorCode).toBe("TLS_HOSTNAME");
    expect(stepNamed(result, "tls").detail).toContain('does not name "other-name.gatehouse.test"');
  });
});

describe("connection failures", () => {
  it("simulator closed → connection failed at the TCP step", async () => {
    const closed = await startMdmSimulator({ dataDir, port: 0, controlPort: 0 });
    const port = closed.port;
    await closed.close();
    const result = await run({ port });
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.message).toBe("Connection Failed: Please check the connection parameters.");
    expect(result.errorCode).toBe("CONNECT_FAILED");
    expect(trace(result)).toEqual(["dns:ok", "tcp:failed"]);
    expect(stepNamed(result, "tcp").detail).toContain("connection refused");
  });

  it("name that does not resolve → connection failed at the DNS step", async () => {
    const result = await run({ host: "mdm.example.invalid" });
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.errorCode).toBe("DNS_FAILED");
    expect(trace(result)).toEqual(["dns:failed"]);
  });

  it("a port that does not speak TLS → connection failed at the TLS step", async () => {
    const result = await run({ port: sim.controlPort });
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.errorCode).toBe("TLS_HANDSHAKE");
    expect(trace(result)).toEqual(["dns:ok", "tcp:ok", "tls:failed"]);
    expect(stepNamed(result, "tls").detail).toContain("is this port serving HTTPS?");
  });

  it("hanging server → the deadline holds and the result is connection failed", async () => {
    sim.setFaults({ hang: true });
    const timeoutMs = 1_000;
    const started = Date.now();
    const result = await run({ timeoutMs });
    const elapsed = Date.now() - started;
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.errorCode).toBe("TIMEOUT");
    expect(trace(result)).toEqual(["dns:ok", "tcp:ok", "tls:ok", "http:failed"]);
    expect(stepNamed(result, "http").detail).toBe(
      `Still waiting for an HTTP answer to GET /ciscoise/mdminfo/?ise_api_version=3 when the ${timeoutMs} ms deadline passed.`,
    );
    // It returned because of the deadline, not because the server let go.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 2_000);
  });

  it("the caller can cancel a test", async () => {
    sim.setFaults({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await run({}, { signal: controller.signal });
    expect(result.outcome).toBe("CONNECTION_FAILED");
    expect(result.errorCode).toBe("ABORTED");
    expect(result.steps.at(-1)?.detail).toBe(
      "Cancelled while waiting for an HTTP answer to GET /ciscoise/mdminfo/?ise_api_version=3.",
    );
  });

  it("classes every client error code into one of the table's outcomes", () => {
    const outcomes = Object.fromEntries(MDM_ERROR_CODES.map((code) => [code, testConnectionOutcome(code)]));
    expect(outcomes).toMatchObject({
      BAD_RESPONSE: "CONNECTION_FAILED",
      HTTP_5XX: "CONNECTION_FAILED",
      TIMEOUT: "CONNECTION_FAILED",
      DNS_FAILED: "CONNECTION_FAILED",
      TLS_HANDSHAKE: "CONNECTION_FAILED",
      TLS_UNTRUSTED: "CERTIFICATE",
      TLS_EXPIRED: "CERTIFICATE",
      TLS_HOSTNAME: "CERTIFICATE",
      HTTP_401: "HTTP_401",
      HTTP_403: "HTTP_403",
      HTTP_404: "HTTP_404",
    });
  });
});

it("has one message per outcome, exactly as the reference table", () => {
  expect(Object.fromEntries(Object.entries(TEST_CONNECTION_MESSAGES).map(([k, v]) => [k, v.message]))).toEqual({
    SUCCESS: "The MDM Server details are valid and the connectivity was successful.",
    CONNECTION_FAILED: "Connection Failed: Please check the connection parameters.",
    HTTP_404: "Connection Failed 404 : Not Found",
    HTTP_403: "Connection Failed 403 : Forbidden",
    HTTP_401: "Connection Failed 401 : Unauthorized",
    CERTIFICATE: "Connection Failed: There is a problem with the server Certificates or ISE trust store.",
  });
});
