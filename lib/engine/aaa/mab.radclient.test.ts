// End to end with real clients: FreeRADIUS's radclient sends MAB Access-Requests and accounting to the
// engine on loopback; the engine asks the real MDM simulator over TLS. Nothing here is mocked.
import { execFileSync, spawn } from "node:child_process";
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuthEvents } from "../../db/auth-events";
import { bumpConfigVersion } from "../../db/config-state";
import { getEndpointByMac } from "../../db/endpoints";
import { listRadiusSessions } from "../../db/radius-sessions";
import type { TestDb } from "../../db/testing";
import type { RunningSimulator } from "../../mdm-simulator/server";
import type { RunningEngine } from "../engine";
import { startTestEngine, TEST_TOKEN, type TestEngineWithSimulator } from "../test-support";

function findRadclient(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v radclient"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const radclient = findRadclient();
const SECRET = "testing123-mab";
const DEADLINE_MS = 600;

let t: TestDb;
let sim: RunningSimulator;
let engine: RunningEngine;
let harness: TestEngineWithSimulator | undefined;

type RadclientResult = { code: number | null; output: string; ms: number };

function run(port: number, command: "auth" | "acct", pairs: string[], options: { secret?: string; timeout?: number } = {}) {
  return new Promise<RadclientResult>((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      radclient ?? "radclient",
      ["-x", "-r", "1", "-t", String(options.timeout ?? 3), `127.0.0.1:${port}`, command, options.secret ?? SECRET],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, ms: Date.now() - started }));
    child.stdin.end(`${pairs.join("\n")}\n`);
  });
}

function mab(mac: string, { messageAuthenticator = true }: { messageAuthenticator?: boolean } = {}): string[] {
  const dashed = mac.match(/../g)!.join("-");
  return [
    `User-Name = "${mac.toLowerCase()}"`,
    `User-Password = "${mac.toLowerCase()}"`,
    `Calling-Station-Id = "${dashed}"`,
    `Service-Type = Call-Check`,
    `NAS-IP-Address = 127.0.0.1`,
    `NAS-Port-Type = Ethernet`,
    ...(messageAuthenticator ? ["Message-Authenticator = 0x00"] : []),
  ];
}

const authPort = () => engine.radius!.authPort;
const acctPort = () => engine.radius!.acctPort;

beforeAll(async () => {
  if (!radclient)
    throw new Error("radclient is missing: install Debian's freeradius-utils (sudo apt-get install -y freeradius-utils)");
  harness = await startTestEngine({
    mdm: { apiVersion: 2, redirect: true },
    nads: [{ secret: SECRET }],
    radius: true,
    engine: { configPollMs: 100, mdmDeadlineMs: DEADLINE_MS, eventFlushMs: 50 },
  });
  ({ t, sim, engine } = harness);
}, 30_000);

afterAll(async () => {
  await harness?.stop();
});

describe("MAB with MDM compliance, radclient ↔ engine ↔ simulator", () => {
  it("accepts a compliant device with the corporate VLAN (tagged tunnel attributes)", async () => {
    const result = await run(authPort(), "auth", mab("0026B424FEB4"));
    expect(result.output).toContain("Received Access-Accept");
    expect(result.output).toMatch(/Tunnel-Type:1 = VLAN/);
    expect(result.output).toMatch(/Tunnel-Medium-Type:1 = IEEE-802/);
    expect(result.output).toMatch(/Tunnel-Private-Group-Id:1 = "10"/);
    expect(result.code).toBe(0);
  });

  it("quarantines a non-compliant device", async () => {
    const result = await run(authPort(), "auth", mab("0026B424FEB5"));
    expect(result.output).toContain("Received Access-Accept");
    expect(result.output).toMatch(/Tunnel-Private-Group-Id:1 = "99"/);
    expect(result.output).toContain('Filter-Id = "QUARANTINE"');
    expect(result.output).toContain('Cisco-AVPair = "ACS:CiscoSecure-Defined-ACL=QUARANTINE"');
    expect(result.output).toContain("Session-Timeout = 600");
  });

  it("redirects an unregistered device to the MDM's enrolment URL", async () => {
    const result = await run(authPort(), "auth", mab("0026B424FEB7"));
    expect(result.output).toContain("Received Access-Accept");
    expect(result.output).toContain(`Cisco-AVPair = "url-redirect=${sim.baseUrl}/enroll?mac=0026B424FEB7"`);
    expect(result.output).toContain('Cisco-AVPair = "url-redirect-acl=ACL-MDM-REDIRECT"');
  });

  it("stores the MDM answer on the endpoint and logs every decision", async () => {
    await engine.flushEvents();
    const endpoint = await getEndpointByMac(t.db, { mac: "0026B424FEB5" });
    expect(endpoint).toMatchObject({ registered: true, compliant: false, mdmServerName: "Simulator", lastMdmOutcome: "ok" });
    expect(endpoint?.mdmAttributes).toMatchObject({ DeviceCompliantStatus: "NonCompliant", MDMServerReachable: "Reachable" });
    const page = await listAuthEvents(t.db, { filter: { mac: "0026B424FEB4" } });
    expect(page.items[0]).toMatchObject({
      decision: "accept",
      method: "mab",
      ruleName: "MDM Compliant",
      profiles: ["Corporate Access"],
      nadName: "Loopback switch",
      mdmServerName: "Simulator",
    });
    expect(page.items[0]?.mdmLatencyMs).toBeGreaterThan(0);
    expect(page.items[0]?.mdmAttributes).toMatchObject({ DeviceCompliantStatus: "Compliant" });
  });

  it("answers from the compliance cache the second time (no MDM query)", async () => {
    const before = sim.requestLog().length;
    const result = await run(authPort(), "auth", mab("0026B424FEB4"));
    expect(result.output).toContain("Received Access-Accept");
    expect(sim.requestLog().length).toBe(before);
  });

  it("applies the unreachable rule within the deadline when the MDM hangs", async () => {
    sim.setFaults({ hang: true });
    try {
      const started = Date.now();
      const result = await run(authPort(), "auth", mab("0026B424FEB6"));
      const elapsed = Date.now() - started;
      expect(result.output).toContain("Received Access-Accept");
      expect(result.output).toMatch(/Tunnel-Private-Group-Id:1 = "30"/);
      expect(result.output).toContain('Filter-Id = "LIMITED-ACCESS"');
      // Deadline + radclient start-up margin; the NAD's own timeout is seconds.
      expect(elapsed).toBeLessThan(DEADLINE_MS + 1500);
    } finally {
      sim.setFaults({ hang: false });
    }
    await engine.flushEvents();
    const page = await listAuthEvents(t.db, { filter: { mac: "0026B424FEB6" } });
    expect(page.items[0]).toMatchObject({ ruleName: "MDM Unreachable", mdmAttributes: { MDMServerReachable: "UnReachable" } });
    expect(page.items[0]?.failureReason).toContain("TIMEOUT");
  });

  it("drops an Access-Request without Message-Authenticator (BlastRADIUS)", async () => {
    const result = await run(authPort(), "auth", mab("0026B424FEB4", { messageAuthenticator: false }), { timeout: 1 });
    expect(result.output).not.toContain("Received");
    expect(result.code).not.toBe(0);
    expect(engine.metrics.drops.get({ reason: "missing-message-authenticator" })).toBe(1);
  });

  it("drops a request signed with the wrong secret", async () => {
    const result = await run(authPort(), "auth", mab("0026B424FEB4"), { secret: "not-the-secret", timeout: 1 });
    expect(result.output).not.toContain("Received");
    expect(engine.metrics.drops.get({ reason: "bad-message-authenticator" })).toBe(1);
  });

  it("answers a retransmission with the identical cached reply, without evaluating again", async () => {
    // A relay between radclient and the engine sends radclient's datagram twice and compares the replies.
    const relay = dgram.createSocket("udp4");
    const replies: Buffer[] = [];
    let client: { port: number; address: string } | undefined;
    relay.on("message", (message, remote) => {
      if (remote.port === authPort()) {
        replies.push(Buffer.from(message));
        if (replies.length === 1 && client) relay.send(message, client.port, client.address);
        return;
      }
      client = { port: remote.port, address: remote.address };
      relay.send(message, authPort(), "127.0.0.1");
      setTimeout(() => relay.send(message, authPort(), "127.0.0.1"), 50);
    });
    await new Promise<void>((resolve) => relay.bind(0, "127.0.0.1", resolve));
    const duplicatesBefore = engine.metrics.duplicates.get({ action: "replayed" });
    const mdmQueriesBefore = sim.requestLog().length;
    try {
      const result = await run((relay.address() as AddressInfo).port, "auth", mab("0026B424FEB8"));
      expect(result.output).toContain("Received Access-Accept");
      await expect.poll(() => replies.length).toBe(2);
      expect(replies[1]!.equals(replies[0]!)).toBe(true);
      expect(engine.metrics.duplicates.get({ action: "replayed" })).toBe(duplicatesBefore + 1);
      expect(sim.requestLog().length).toBe(mdmQueriesBefore + 1);
    } finally {
      relay.close();
    }
  });

  it("shares one MDM query between concurrent requests for the same endpoint", async () => {
    sim.updateDevice("0026B424FEB4", { compliant: true });
    engine.compliance.invalidate("0026B424FEB4");
    sim.setFaults({ latencyMs: 150 });
    const before = sim.requestLog().length;
    try {
      const results = await Promise.all([1, 2, 3].map(() => run(authPort(), "auth", mab("0026B424FEB4"))));
      for (const result of results) expect(result.output).toContain("Received Access-Accept");
      expect(sim.requestLog().length).toBe(before + 1);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
  });

  it("opens a live session on Accounting Start and closes it on Stop", async () => {
    const session = [
      `Acct-Session-Id = "sess-0001"`,
      `Calling-Station-Id = "00-26-B4-24-FE-B4"`,
      `User-Name = "0026b424feb4"`,
      `Framed-IP-Address = 10.10.0.23`,
      `NAS-IP-Address = 127.0.0.1`,
      `NAS-Port-Id = "Gi1/0/7"`,
    ];
    const start = await run(acctPort(), "acct", ["Acct-Status-Type = Start", ...session]);
    expect(start.output).toContain("Received Accounting-Response");
    await engine.flushEvents();
    let active = await listRadiusSessions(t.db, { filter: { isActive: true } });
    expect(active.items).toHaveLength(1);
    expect(active.items[0]).toMatchObject({
      acctSessionId: "sess-0001",
      mac: "0026B424FEB4",
      framedIp: "10.10.0.23",
      nadAddress: "127.0.0.1",
      nasPort: "Gi1/0/7",
    });
    const stop = await run(acctPort(), "acct", ["Acct-Status-Type = Stop", "Acct-Terminate-Cause = User-Request", ...session]);
    expect(stop.output).toContain("Received Accounting-Response");
    await engine.flushEvents();
    active = await listRadiusSessions(t.db, { filter: { isActive: true } });
    expect(active.items).toHaveLength(0);
    const all = await listRadiusSessions(t.db);
    expect(all.items[0]).toMatchObject({ isActive: false, terminateCause: "User-Request" });
  });

  it("closes the NAD's open sessions when it sends Accounting-On after a reboot", async () => {
    const session = (id: string) => [
      `Acct-Session-Id = "${id}"`,
      `Calling-Station-Id = "00-26-B4-24-FE-B5"`,
      `NAS-IP-Address = 127.0.0.1`,
    ];
    for (const id of ["reboot-1", "reboot-2"]) {
      expect((await run(acctPort(), "acct", ["Acct-Status-Type = Start", ...session(id)])).output).toContain(
        "Received Accounting-Response",
      );
    }
    await engine.flushEvents();
    expect((await listRadiusSessions(t.db, { filter: { isActive: true } })).items).toHaveLength(2);
    const on = await run(acctPort(), "acct", ["Acct-Status-Type = Accounting-On", `NAS-IP-Address = 127.0.0.1`]);
    expect(on.output).toContain("Received Accounting-Response");
    await engine.flushEvents();
    expect((await listRadiusSessions(t.db, { filter: { isActive: true } })).items).toHaveLength(0);
    const ended = await listRadiusSessions(t.db, { filter: { isActive: false } });
    expect(ended.items.filter((s) => s.acctSessionId.startsWith("reboot-")).map((s) => s.terminateCause)).toEqual([
      "NAS-Reboot",
      "NAS-Reboot",
    ]);
  });

  it("drops requests from unknown sources and reloads network devices on a configuration change", async () => {
    await t.db.networkDevice.updateMany({ data: { address: "192.0.2.1" } });
    await bumpConfigVersion(t.db);
    await engine.syncConfig();
    const result = await run(authPort(), "auth", mab("0026B424FEB4"), { timeout: 1 });
    expect(result.output).not.toContain("Received");
    expect(engine.metrics.drops.get({ reason: "unknown-nad" })).toBe(1);
    await t.db.networkDevice.updateMany({ data: { address: "127.0.0.1" } });
    await bumpConfigVersion(t.db);
    await engine.syncConfig();
  });

  it("serves Prometheus metrics on the control port", async () => {
    const response = await fetch(`http://127.0.0.1:${engine.controlPort}/metrics`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();
    expect(text).toMatch(/gatehouse_radius_requests_total\{listener="auth"\} \d+/);
    expect(text).toMatch(/gatehouse_radius_access_accepts_total \d+/);
    expect(text).toContain('gatehouse_radius_drops_total{reason="missing-message-authenticator"} 1');
    expect(text).toMatch(/gatehouse_mdm_lookups_total\{outcome="ok"\} \d+/);
    expect(text).toMatch(/gatehouse_mdm_lookups_total\{outcome="unreachable"\} 1/);
    expect(text).toContain('gatehouse_radius_access_latency_seconds_bucket{mdm="live",le="+Inf"}');
  });
});
