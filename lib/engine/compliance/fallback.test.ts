// Several MDM servers end to end, nothing mocked: the real engine answers MAB over UDP and asks two real MDM
// simulators over TLS, in the General MDM Settings lookup order, falling back to the next server only when
// the matching switch is on (reference §3.3), and remembering which server answered.
import crypto from "node:crypto";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuthEvents } from "../../db/auth-events";
import { getEndpointByMac } from "../../db/endpoints";
import { updateMdmSettings } from "../../db/mdm-settings";
import { startMdmSimulator, type RunningSimulator, type SimDevice } from "../../mdm-simulator/server";
import { addSimulatorMdmServer } from "../mdm/testing";
import { decodePacket, encodeRequest, RadiusCode, type RadiusPacket } from "../radius";
import { startTestEngine, type TestEngineWithSimulator } from "../test-support";

const SECRET = "testing123-fallback";

/** Devices only the second MDM knows (the first, the bundled inventory, has never heard of them). */
const ONLY_IN_B = ["02B0000000A1", "02B0000000A2", "02B0000000A3", "02B0000000A4", "02B0000000A5"];

function device(mac: string, index: number): SimDevice {
  return {
    macaddress: mac,
    guid: `b0000000-0000-4000-8000-00000000000${index}`,
    platform: "Android",
    registered: true,
    compliant: true,
    disk_encryption_on: true,
    pin_lock_on: true,
    jail_broken: false,
    lastCheckinTimeStamp: Date.now(),
  };
}

let harness: TestEngineWithSimulator;
let simB: RunningSimulator;
let simBDir: string;
let serverA: string;
let serverB: string;

async function authenticate(mac: string): Promise<RadiusPacket> {
  const encoded = encodeRequest(
    {
      code: RadiusCode.AccessRequest,
      identifier: crypto.randomInt(256),
      attributes: [
        { name: "User-Name", value: mac.toLowerCase() },
        { name: "Calling-Station-Id", value: mac.match(/../g)!.join("-") },
        { name: "Service-Type", value: "Call-Check" },
      ],
    },
    SECRET,
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<RadiusPacket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no RADIUS answer")), 4000);
      socket.on("message", (datagram) => {
        clearTimeout(timer);
        const decoded = decodePacket(datagram);
        if (decoded.ok) resolve(decoded.packet);
        else reject(new Error("undecodable answer"));
      });
      socket.send(encoded.bytes, harness.engine.radius!.authPort, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

/** The rule the engine's live log names for the endpoint's newest authentication (events are written in batches). */
async function ruleOf(mac: string): Promise<{ ruleName: string | null; mdmServerName: string | null }> {
  const until = Date.now() + 5000;
  for (;;) {
    const [event] = (await listAuthEvents(harness.t.db, { filter: { mac }, take: 1 })).items;
    if (event) return { ruleName: event.ruleName, mdmServerName: event.mdmServerName };
    if (Date.now() > until) throw new Error(`no live-log event for ${mac}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const asked = (sim: RunningSimulator, mac: string) =>
  sim.requestLog().filter((entry) => entry.path.toUpperCase().includes(mac)).length;

async function settings(switches: { fallbackOnNotRegistered: boolean; fallbackOnError: boolean }) {
  await updateMdmSettings(harness.t.db, { input: { ...switches, lookupOrder: [serverA, serverB] }, actor: "test" });
  await harness.client.reload();
}

beforeAll(async () => {
  harness = await startTestEngine({ mdm: { apiVersion: 3 }, radius: true, nads: [{ secret: SECRET }] });
  serverA = harness.mdmServerId;
  simBDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sim-b-"));
  simB = await startMdmSimulator({ dataDir: simBDir, port: 0, controlPort: 0, devices: ONLY_IN_B.map(device) });
  serverB = (
    await addSimulatorMdmServer(harness.t.db, harness.box, {
      name: "Second MDM",
      caPem: simB.caCertPem,
      port: simB.port,
      apiVersion: 3,
      lookupOrder: 1,
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await simB?.close();
  if (simBDir) fs.rmSync(simBDir, { recursive: true, force: true });
});

describe("several MDM servers: lookup order and fallback", () => {
  it("with both switches off, the first server's 'not registered' is the answer and the second is never asked", async () => {
    await settings({ fallbackOnNotRegistered: false, fallbackOnError: false });
    const mac = ONLY_IN_B[0]!;
    const reply = await authenticate(mac);
    expect(reply.code).toBe(RadiusCode.AccessAccept);
    expect(await ruleOf(mac)).toEqual({ ruleName: "MDM Unregistered", mdmServerName: "Simulator" });
    expect(asked(harness.sim, mac)).toBe(1);
    expect(asked(simB, mac)).toBe(0);
    expect(await getEndpointByMac(harness.t.db, { mac })).toMatchObject({ registered: false, mdmServerName: "Simulator" });
  });

  it("'not registered → next server' finds the device on the second server, and the endpoint remembers it", async () => {
    await settings({ fallbackOnNotRegistered: true, fallbackOnError: false });
    const mac = ONLY_IN_B[1]!;
    const reply = await authenticate(mac);
    expect(reply.code).toBe(RadiusCode.AccessAccept);
    // The seeded "Corporate Access" profile: VLAN 10.
    expect(reply.get("Tunnel-Private-Group-Id")).toBe("10");
    expect(await ruleOf(mac)).toEqual({ ruleName: "MDM Compliant", mdmServerName: "Second MDM" });
    expect([asked(harness.sim, mac), asked(simB, mac)]).toEqual([1, 1]);
    await expect
      .poll(() => getEndpointByMac(harness.t.db, { mac }), { timeout: 5000 })
      .toMatchObject({ registered: true, compliant: true, mdmServerId: serverB, mdmServerName: "Second MDM" });
  });

  it("an MDM error stops the lookup unless 'error → next server' is on", async () => {
    harness.sim.setFaults({ errorRate: 1 });
    try {
      await settings({ fallbackOnNotRegistered: false, fallbackOnError: false });
      const stopped = ONLY_IN_B[2]!;
      expect((await authenticate(stopped)).code).toBe(RadiusCode.AccessAccept);
      expect(await ruleOf(stopped)).toEqual({ ruleName: "MDM Unreachable", mdmServerName: "Simulator" });
      expect(asked(simB, stopped)).toBe(0);

      await settings({ fallbackOnNotRegistered: false, fallbackOnError: true });
      const fallen = ONLY_IN_B[3]!;
      expect((await authenticate(fallen)).code).toBe(RadiusCode.AccessAccept);
      expect(await ruleOf(fallen)).toEqual({ ruleName: "MDM Compliant", mdmServerName: "Second MDM" });
      expect(asked(simB, fallen)).toBe(1);
    } finally {
      harness.sim.setFaults({ errorRate: 0 });
    }
  });

  it("a disabled server is skipped whatever the order", async () => {
    await harness.t.db.mdmServer.update({ where: { id: serverA }, data: { isEnabled: false } });
    await settings({ fallbackOnNotRegistered: false, fallbackOnError: false });
    try {
      const mac = ONLY_IN_B[4]!;
      expect((await authenticate(mac)).code).toBe(RadiusCode.AccessAccept);
      expect(await ruleOf(mac)).toEqual({ ruleName: "MDM Compliant", mdmServerName: "Second MDM" });
      expect(asked(harness.sim, mac)).toBe(0);
    } finally {
      await harness.t.db.mdmServer.update({ where: { id: serverA }, data: { isEnabled: true } });
    }
  });
});
