// Compliance polling end to end, nothing mocked: the real engine (RADIUS and control API on loopback), the
// real MDM simulator over TLS, a real SQLite database, and a verifying test NAD receiving the CoAs. A
// "minute" of Polling Interval lasts POLL_MS here, so the poller cycles continuously during the tests —
// which is itself the check that unchanged devices never get a CoA, however many cycles run.
import crypto from "node:crypto";
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCoaEvents } from "../../db/coa-events";
import { getEndpointByMac } from "../../db/endpoints";
import type { TestDb } from "../../db/testing";
import type { RunningSimulator } from "../../mdm-simulator/server";
import { startTestNad, type TestNad } from "../coa/testing";
import type { EngineClient } from "../control/client";
import type { ComplianceResult } from "./compliance";
import { CompliancePoller } from "./poller";
import type { RunningEngine } from "../engine";
import type { MdmDevice } from "../mdm/types";
import { startTestEngine, type TestEngineWithSimulator } from "../test-support";
import { decodePacket, encodeRequest, RadiusCode, type AttributeInput, type RadiusPacket, type RequestCode } from "../radius";

const SECRET = "testing123-coa";
const POLL_MS = 150;

// From the simulator's bundled inventory.
const FLIPPED = "0026B424FEB4"; // compliant, active session: flipped back and forth
const STEADY = "BC926BAE9E30"; // compliant, active session, never changes
const NO_SESSION = "3C286D3E4FDF"; // compliant, no session: flipped, must get no CoA
const UNENROLLED = "0026B424FEB5"; // non-compliant, active session: later unenrolled
const WIRELESS = "F4F15A1A7CE0"; // compliant, active session on the Aruba controller

let t: TestDb;
let sim: RunningSimulator;
let nad: TestNad;
/** An Aruba wireless controller at 127.0.0.2: its CoAs are Disconnect-Requests. */
let aruba: TestNad;
let engine: RunningEngine;
let client: EngineClient;
let mdmServerId: string;
let harness: TestEngineWithSimulator | undefined;

/** One RADIUS exchange with the engine over UDP; resolves with the verified-by-decoding reply. */
async function radius(port: number, code: RequestCode, attributes: AttributeInput[], from = "127.0.0.1"): Promise<RadiusPacket> {
  const encoded = encodeRequest({ code, identifier: crypto.randomInt(256), attributes }, SECRET);
  if (!encoded.ok) throw new Error(encoded.error.message);
  const socket = dgram.createSocket("udp4");
  // The engine knows the NAD by the source address.
  await new Promise<void>((resolve) => socket.bind(0, from, () => resolve()));
  try {
    return await new Promise<RadiusPacket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no RADIUS answer")), 3000);
      socket.on("message", (datagram) => {
        clearTimeout(timer);
        const decoded = decodePacket(datagram);
        if (decoded.ok) resolve(decoded.packet);
        else reject(new Error("undecodable answer"));
      });
      socket.send(encoded.bytes, port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

const dashed = (mac: string) => mac.match(/../g)!.join("-");

function authenticate(mac: string, from = "127.0.0.1") {
  return radius(
    engine.radius!.authPort,
    RadiusCode.AccessRequest,
    [
      { name: "User-Name", value: mac.toLowerCase() },
      { name: "User-Password", value: mac.toLowerCase() },
      { name: "Calling-Station-Id", value: dashed(mac) },
      { name: "Service-Type", value: "Call-Check" },
      { name: "NAS-IP-Address", value: from },
    ],
    from,
  );
}

function accountingStart(mac: string, from = "127.0.0.1") {
  return radius(
    engine.radius!.acctPort,
    RadiusCode.AccountingRequest,
    [
      { name: "Acct-Status-Type", value: "Start" },
      { name: "Acct-Session-Id", value: `session-${mac}` },
      { name: "User-Name", value: mac.toLowerCase() },
      { name: "Calling-Station-Id", value: dashed(mac) },
      { name: "NAS-IP-Address", value: from },
      { name: "Framed-IP-Address", value: "10.1.2.3" },
    ],
    from,
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Lets a few more poll cycles run (each must send nothing new). */
const cycles = (count: number) => new Promise((resolve) => setTimeout(resolve, count * POLL_MS + 100));

async function coaEvents(mac: string) {
  return (await listCoaEvents(t.db, { filter: { mac } })).items;
}

beforeAll(async () => {
  nad = await startTestNad({ secret: SECRET });
  aruba = await startTestNad({ secret: SECRET, host: "127.0.0.2" });
  harness = await startTestEngine({
    mdm: { apiVersion: 3, pollingIntervalMinutes: 1 },
    nads: [
      { secret: SECRET, coaPort: nad.port },
      { name: "Loopback wireless controller", address: "127.0.0.2", secret: SECRET, vendorProfile: "aruba", coaPort: aruba.port },
    ],
    radius: true,
    engine: {
      configPollMs: 100,
      eventFlushMs: 50,
      pollMinuteMs: POLL_MS,
      // Short retransmission timers so the timeout path takes 50 + 100 + 200 ms instead of a minute.
      coa: { initialTimeoutMs: 50, maxAttempts: 3 },
    },
  });
  ({ t, sim, engine, client, mdmServerId } = harness);

  for (const mac of [FLIPPED, STEADY, NO_SESSION, UNENROLLED]) {
    expect((await authenticate(mac)).code).toBe(RadiusCode.AccessAccept);
  }
  for (const mac of [FLIPPED, STEADY, UNENROLLED]) {
    expect((await accountingStart(mac)).code).toBe(RadiusCode.AccountingResponse);
  }
  expect((await authenticate(WIRELESS, "127.0.0.2")).code).toBe(RadiusCode.AccessAccept);
  expect((await accountingStart(WIRELESS, "127.0.0.2")).code).toBe(RadiusCode.AccountingResponse);
  await engine.flushEvents();
}, 30_000);

afterAll(async () => {
  await harness?.stop();
  await nad?.close();
  await aruba?.close();
});

describe("compliance polling with CoA (engine ↔ simulator ↔ test NAD)", () => {
  it("sends nothing while no device changes", async () => {
    await cycles(3);
    expect(engine.metrics.pollCycles.get({ server: "Simulator", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    expect(nad.received).toHaveLength(0);
    expect(aruba.received).toHaveLength(0);
  });

  it("sends exactly one CoA to the session of a device that became non-compliant, none for a device without a session", async () => {
    sim.updateDevice(FLIPPED, { compliant: false, failure_reason: "Passcode not set" });
    sim.updateDevice(NO_SESSION, { compliant: false });
    const [event] = await waitFor("the CoA log entry", async () => {
      const events = await coaEvents(FLIPPED);
      return events.length ? events : undefined;
    });
    await cycles(3);
    expect(nad.received).toHaveLength(1);
    const request = nad.received[0]!;
    expect(request.code).toBe(RadiusCode.CoaRequest);
    expect(request.attributes).toMatchObject({
      "Acct-Session-Id": `session-${FLIPPED}`,
      "Calling-Station-Id": dashed(FLIPPED),
      "User-Name": FLIPPED.toLowerCase(),
    });
    expect(request.attributes["Message-Authenticator"]).toBeDefined();
    expect(request.avPairs).toEqual(["subscriber:command=reauthenticate"]);
    expect(event).toMatchObject({
      mac: FLIPPED,
      nadName: "Loopback switch",
      nadAddress: "127.0.0.1",
      coaPort: nad.port,
      acctSessionId: `session-${FLIPPED}`,
      kind: "reauthenticate",
      reason: "compliance changed: Compliant → NonCompliant",
      trigger: "poll",
      mdmServerName: "Simulator",
      result: "ack",
      errorCause: null,
      attempts: 1,
    });
    expect(await coaEvents(NO_SESSION)).toHaveLength(0);
    expect(await coaEvents(STEADY)).toHaveLength(0);
    expect(await getEndpointByMac(t.db, { mac: FLIPPED })).toMatchObject({ compliant: false, registered: true });
    expect(await getEndpointByMac(t.db, { mac: NO_SESSION })).toMatchObject({ compliant: false });
    expect(engine.metrics.coaRequests.get({ kind: "reauthenticate", trigger: "poll", result: "ack" })).toBe(1);
  });

  it("quarantines the re-authentication the CoA triggers, without waiting for the cache to expire", async () => {
    const liveBefore = engine.compliance.stats.lookups.ok;
    const hitsBefore = engine.compliance.stats.lookups["cache-hit"];
    const reply = await authenticate(FLIPPED);
    expect(reply.code).toBe(RadiusCode.AccessAccept);
    expect(reply.get("Filter-Id")).toBe("QUARANTINE");
    // Answered from the poll's answer in the cache (TTL 60 min), not by asking the MDM again.
    expect(engine.compliance.stats.lookups.ok).toBe(liveBefore);
    expect(engine.compliance.stats.lookups["cache-hit"]).toBe(hitsBefore + 1);
  });

  it("records a NAK with its Error-Cause when the device is flipped back", async () => {
    nad.answer = () => ({ kind: "nak", errorCause: 503 });
    sim.updateDevice(FLIPPED, { compliant: true });
    const events = await waitFor("the second CoA", async () => {
      const found = await coaEvents(FLIPPED);
      return found.length >= 2 ? found : undefined;
    });
    expect(events[0]).toMatchObject({
      reason: "compliance changed: NonCompliant → Compliant",
      result: "nak",
      errorCause: "Session-Context-Not-Found",
      attempts: 1,
    });
    expect(await getEndpointByMac(t.db, { mac: FLIPPED })).toMatchObject({ compliant: true });
    expect((await authenticate(FLIPPED)).get("Filter-Id")).toBeUndefined();
  });

  it("records a timeout after the retransmissions run out", async () => {
    nad.answer = () => ({ kind: "silence" });
    const before = nad.received.length;
    sim.updateDevice(FLIPPED, { compliant: false });
    const events = await waitFor("the timed-out CoA", async () => {
      const found = await coaEvents(FLIPPED);
      return found.length >= 3 ? found : undefined;
    });
    expect(events[0]).toMatchObject({ result: "timeout", attempts: 3, errorCause: null });
    // Retransmissions are the same datagram (RFC 5080 §2.2.1).
    const copies = nad.received.slice(before);
    expect(copies).toHaveLength(3);
    expect(new Set(copies.map((copy) => copy.bytes.toString("hex"))).size).toBe(1);
    nad.answer = () => ({ kind: "ack" });
  });

  it("sends a CoA when a non-compliant device is unenrolled (asked again before calling it a change)", async () => {
    sim.updateDevice(UNENROLLED, { registered: false });
    const [event] = await waitFor("the unenrolment CoA", async () => {
      const found = await coaEvents(UNENROLLED);
      return found.length ? found : undefined;
    });
    expect(event).toMatchObject({ reason: "compliance changed: NonCompliant → UnRegistered", result: "ack" });
    expect(await getEndpointByMac(t.db, { mac: UNENROLLED })).toMatchObject({ registered: false, compliant: null });
    await cycles(2);
    expect(await coaEvents(UNENROLLED)).toHaveLength(1);
  });

  it("disconnects the session at a non-Cisco NAD instead of asking it to re-authenticate", async () => {
    sim.updateDevice(WIRELESS, { compliant: false });
    const [event] = await waitFor("the Disconnect-Request", async () => {
      const found = await coaEvents(WIRELESS);
      return found.length ? found : undefined;
    });
    expect(event).toMatchObject({
      kind: "disconnect",
      nadName: "Loopback wireless controller",
      nadAddress: "127.0.0.2",
      coaPort: aruba.port,
      result: "ack",
    });
    expect(aruba.received).toHaveLength(1);
    expect(aruba.received[0]).toMatchObject({
      code: RadiusCode.DisconnectRequest,
      avPairs: [],
      attributes: { "Acct-Session-Id": `session-${WIRELESS}`, "Framed-IP-Address": "10.1.2.3" },
    });
  });

  it("polls now and sends a CoA now through the control API", async () => {
    const polled = await client.pollMdmServer({ mdmServerId });
    expect(polled).toMatchObject({ polled: true, summary: { mdmServerName: "Simulator", outcome: "ok", changed: 0 } });
    expect(await client.pollMdmServer({ mdmServerId: "no-such-server" })).toMatchObject({ polled: false });

    const sent = await client.sendCoa({ mac: dashed(STEADY) });
    expect(sent).toMatchObject({ mac: STEADY, sent: true, events: [{ trigger: "manual", result: "ack" }] });
    expect(await client.sendCoa({ mac: NO_SESSION })).toMatchObject({ sent: false, events: [] });
    expect((await coaEvents(STEADY)).map((event) => event.trigger)).toEqual(["manual"]);
  });
});

describe("the poll diff (in-process MDM and CoA doubles)", () => {
  const device = (mac: string, compliant: boolean): MdmDevice => ({
    macaddress: mac,
    macaddresses: [],
    registered: true,
    compliance: { status: compliant },
  });
  function setup(peeked: ComplianceResult | undefined) {
    const sent: string[] = [];
    const poller = new CompliancePoller({
      listStoredCompliance: () => Promise.resolve([{ mac: "AABBCCDDEEFF", registered: true, compliant: true }]),
      saveAnswers: () => Promise.resolve(),
      listActiveSessions: (macs) =>
        Promise.resolve(
          macs.map((mac) => ({
            id: "s",
            nadId: "n",
            nadAddress: "127.0.0.1",
            acctSessionId: `session-${mac}`,
            callingStationId: null,
            mac,
            userName: null,
            framedIp: null,
            lastUpdateAt: new Date(),
          })),
        ),
      insertCoaEvents: () => Promise.resolve(),
      compliance: { seed: () => {}, invalidate: () => {}, peek: () => peeked },
      coa: {
        send: (kind, _target, session) => {
          sent.push(`${kind} ${session.acctSessionId}`);
          return Promise.resolve({ result: "ack", attempts: 1, latencyMs: 1 });
        },
      },
      findNad: () => ({ id: "n", name: "NAD", secret: Buffer.from("x"), vendorProfile: "cisco", coaPort: 3799 }),
    });
    poller.configure([
      {
        id: "srv",
        name: "MDM",
        pollingIntervalMinutes: 0,
        client: {
          async *nonCompliantPages() {
            yield { devices: [device("AABBCCDDEEFF", false)] };
          },
          batchLookup: () => Promise.resolve([]),
          lookupByMac: () => Promise.resolve(undefined),
        },
      },
    ]);
    return { poller, sent };
  }

  it("sends a CoA for a change", async () => {
    const { poller, sent } = setup(undefined);
    expect(await poller.pollNow("srv")).toMatchObject({ changed: 1, coa: { ack: 1 } });
    expect(sent).toEqual(["reauthenticate session-AABBCCDDEEFF"]);
  });

  it("sends none when the endpoint authenticated during the cycle with a live answer already in the new state", async () => {
    const live: ComplianceResult = {
      mac: "AABBCCDDEEFF",
      values: { MDMServerReachable: "Reachable" },
      outcome: "ok",
      source: "live",
      serverId: "srv",
      serverName: "MDM",
      at: Date.now() + 1000,
      latencyMs: 5,
      errorCode: undefined,
      registered: true,
      compliant: false,
    };
    const { poller, sent } = setup(live);
    expect(await poller.pollNow("srv")).toMatchObject({ changed: 0 });
    expect(sent).toEqual([]);
  });
});
