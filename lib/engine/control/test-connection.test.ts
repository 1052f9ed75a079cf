// The control API's Test Connection end to end: web-side client → engine → real simulator over TLS, with
// the engine's trust store read from the database.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMdmSimulator, type RunningSimulator } from "../../mdm-simulator/server";
import { createMdmServer } from "../../db/mdm-servers";
import { createTestDb, type TestDb } from "../../db/testing";
import { addTrustedCertificate } from "../../db/trusted-certificates";
import { SecretBox } from "../../secret-box";
import { startEngine, type RunningEngine } from "../engine";
import { EngineClient } from "./client";

let t: TestDb;
let sim: RunningSimulator;
let engine: RunningEngine;
let client: EngineClient;
let simDir: string;
const box = SecretBox.fromKey(crypto.randomBytes(32));

beforeAll(async () => {
  t = await createTestDb();
  simDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sim-"));
  sim = await startMdmSimulator({ dataDir: simDir, port: 0, controlPort: 0 });
  const token = crypto.randomBytes(16).toString("hex");
  engine = await startEngine({
    db: t.db,
    dbTarget: t.target,
    control: { host: "127.0.0.1", port: 0, token },
    secretBox: box,
    log: () => {},
  });
  client = new EngineClient({ baseUrl: `http://127.0.0.1:${engine.controlPort}`, token });
});
afterAll(async () => {
  await engine?.stop();
  await sim?.close();
  await t?.cleanup();
  fs.rmSync(simDir, { recursive: true, force: true });
});

describe("POST /mdm/test-connection", () => {
  const settings = () => ({ host: "127.0.0.1", port: sim.port, username: "iseapi", password: "iseapi-secret" });

  it("fails on the certificate while the simulator's CA is not in the trust store", async () => {
    const result = await client.testConnection(settings());
    expect(result.outcome).toBe("CERTIFICATE");
    expect(result.message).toBe("Connection Failed: There is a problem with the server Certificates or ISE trust store.");
  });

  it("succeeds once the CA is trusted, and reports discovery and the anchoring certificate", async () => {
    await addTrustedCertificate(
      t.db,
      { pem: sim.caCertPem, friendlyName: "Simulator CA", trustForMdm: true, trustForClientAuth: false },
      "test",
    );
    const result = await client.testConnection(settings());
    expect(result.message).toBe("The MDM Server details are valid and the connectivity was successful.");
    expect(result.discovery).toMatchObject({ apiVersion: 3, apiPath: "/ciscoise/mdmapi/v3" });
    const tls = result.steps.find((step) => step.name === "tls");
    expect(tls?.data?.anchor?.subject).toContain("Gatehouse MDM Simulator CA");
  });

  it("uses the stored password when the form leaves it blank (edit form)", async () => {
    const server = await createMdmServer(
      t.db,
      box,
      {
        name: "Stored",
        serverType: "mdm",
        authType: "basic",
        host: "127.0.0.1",
        port: sim.port,
        instance: undefined,
        username: "iseapi",
        password: "iseapi-secret",
        pollingIntervalMinutes: 0,
        cacheExpirationMinutes: 60,
        deviceIdentifiers: ["mac"],
        isEnabled: true,
      },
      "test",
    );
    const result = await client.testConnection({ ...settings(), password: undefined, mdmServerId: server.id });
    expect(result.outcome).toBe("SUCCESS");
    const wrong = await client.testConnection({ ...settings(), password: "not-it", mdmServerId: server.id });
    expect(wrong.message).toBe("Connection Failed 401 : Unauthorized");
  });

  it("rejects a request without any password as invalid input", async () => {
    await expect(client.testConnection({ ...settings(), password: undefined })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
