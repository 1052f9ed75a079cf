/**
 * The engine's end-to-end test set-up, nothing mocked: a real engine in-process on a fresh test database,
 * optionally the real MDM simulator over TLS (its CA trusted, stored as the MDM server) and loopback
 * network devices; plus the MAB Access-Request the socket tests send. Tests only.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createNetworkDevice } from "../db/network-devices";
import { createTestDb, type TestDb } from "../db/testing";
import { startMdmSimulator, type RunningSimulator } from "../mdm-simulator/server";
import { SecretBox } from "../secret-box";
import type { CreateNetworkDeviceInput } from "../validation/network-device";
import { EngineClient } from "./control/client";
import { startEngine, type EngineOptions, type RunningEngine } from "./engine";
import { addSimulatorMdmServer, type SimulatorMdmServerOptions } from "./mdm/testing";
import { encodeRequest, RadiusCode } from "./radius";

export const TEST_TOKEN = "test-token-0123456789abcdef";

/** A network device on loopback; unset fields: "Loopback switch", 127.0.0.1, cisco, CoA port 3799, Message-Authenticator required. */
export type TestNetworkDevice = Partial<CreateNetworkDeviceInput> & { secret: string };

export interface TestEngineOptions {
  /** Start the MDM simulator and store it as the (trusted) MDM server "Simulator". */
  mdm?: Pick<SimulatorMdmServerOptions, "apiVersion" | "pollingIntervalMinutes"> & { redirect?: boolean };
  nads?: TestNetworkDevice[];
  /** RADIUS listeners on loopback, ports chosen by the system. */
  radius?: boolean;
  /** Engine options beyond the database, secret box, control API (loopback, TEST_TOKEN) and a silent log. */
  engine?: Partial<Omit<EngineOptions, "db" | "dbTarget" | "secretBox" | "control" | "radius">>;
}

export interface TestEngine {
  t: TestDb;
  box: SecretBox;
  engine: RunningEngine;
  /** The control API's typed client (TEST_TOKEN). */
  client: EngineClient;
  sim: RunningSimulator | undefined;
  mdmServerId: string | undefined;
  /** Stops the engine and the simulator, removes the database and the simulator's data. */
  stop(): Promise<void>;
}

export type TestEngineWithSimulator = TestEngine & { sim: RunningSimulator; mdmServerId: string };

export function startTestEngine(
  options: TestEngineOptions & { mdm: NonNullable<TestEngineOptions["mdm"]> },
): Promise<TestEngineWithSimulator>;
export function startTestEngine(options?: TestEngineOptions): Promise<TestEngine>;
export async function startTestEngine({ mdm, nads = [], radius = false, engine: engineOptions }: TestEngineOptions = {}) {
  const box = SecretBox.fromKey(crypto.randomBytes(32));
  const started: { t?: TestDb; sim?: RunningSimulator; simDir?: string; engine?: RunningEngine } = {};
  const stop = async () => {
    await started.engine?.stop();
    await started.sim?.close();
    await started.t?.cleanup();
    if (started.simDir) fs.rmSync(started.simDir, { recursive: true, force: true });
  };
  try {
    const t = (started.t = await createTestDb());
    let mdmServerId: string | undefined;
    if (mdm) {
      started.simDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sim-"));
      const sim = (started.sim = await startMdmSimulator({ dataDir: started.simDir, port: 0, controlPort: 0 }));
      const server = await addSimulatorMdmServer(t.db, box, {
        caPem: sim.caCertPem,
        port: sim.port,
        apiVersion: mdm.apiVersion,
        pollingIntervalMinutes: mdm.pollingIntervalMinutes,
        redirectUrl: mdm.redirect ? `${sim.baseUrl}/enroll` : undefined,
      });
      mdmServerId = server.id;
    }
    for (const nad of nads) {
      await createNetworkDevice(
        t.db,
        box,
        {
          name: "Loopback switch",
          address: "127.0.0.1",
          vendorProfile: "cisco",
          coaPort: 3799,
          requireMessageAuthenticator: true,
          ...nad,
        },
        "test",
      );
    }
    const engine = (started.engine = await startEngine({
      db: t.db,
      dbTarget: t.target,
      control: { host: "127.0.0.1", port: 0, token: TEST_TOKEN },
      secretBox: box,
      ...(radius ? { radius: { host: "127.0.0.1", authPort: 0, acctPort: 0 } } : {}),
      log: () => {},
      ...engineOptions,
    }));
    const client = new EngineClient({ baseUrl: `http://127.0.0.1:${engine.controlPort}`, token: TEST_TOKEN });
    return { t, box, engine, client, sim: started.sim, mdmServerId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A signed MAB Access-Request for 00-26-B4-24-FE-B4 (a compliant device of the simulator's inventory). */
export function mabRequest(identifier: number, secret: string, { messageAuthenticator = true } = {}): Buffer {
  const encoded = encodeRequest(
    {
      code: RadiusCode.AccessRequest,
      identifier,
      attributes: [
        { name: "User-Name", value: "0026b424feb4" },
        { name: "Calling-Station-Id", value: "00-26-B4-24-FE-B4" },
        { name: "Service-Type", value: "Call-Check" },
      ],
    },
    secret,
    { messageAuthenticator },
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.bytes;
}
