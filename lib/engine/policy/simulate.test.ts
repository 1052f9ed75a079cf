// The policy simulator end to end: a real engine in-process, its control API through the typed client,
// the real MDM simulator over TLS for live lookups. Nothing is mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActivePolicy } from "../../db/policy";
import type { TestDb } from "../../db/testing";
import type { RunningSimulator } from "../../mdm-simulator/server";
import type { PolicyDocument } from "../../validation/policy";
import type { PolicySimulationRequest } from "../../validation/policy-simulation";
import type { EngineClient } from "../control/client";
import type { RunningEngine } from "../engine";
import { startTestEngine, type TestEngineWithSimulator } from "../test-support";
import { defaultPolicyDocument } from "./default-policy";

let t: TestDb;
let sim: RunningSimulator;
let engine: RunningEngine;
let client: EngineClient;
let harness: TestEngineWithSimulator | undefined;

beforeAll(async () => {
  harness = await startTestEngine({
    mdm: { apiVersion: 2, redirect: true },
    engine: { configPollMs: 100, mdmDeadlineMs: 2000 },
  });
  ({ t, sim, engine, client } = harness);
}, 30_000);

afterAll(async () => {
  await harness?.stop();
});

const live = (mac: string, extra: Partial<PolicySimulationRequest> = {}): PolicySimulationRequest => ({
  ...extra,
  endpoint: { mac, mdm: { mode: "live" } },
});
const lookups = () => sim.requestLog().length;
const metricLookups = () =>
  ["ok", "not-registered", "unreachable", "no-server"].reduce(
    (sum, outcome) => sum + engine.metrics.mdmLookups.get({ outcome }),
    0,
  );

describe("POST /policy/simulate with the active (default) policy and live MDM answers", () => {
  it("a compliant device gets the corporate VLAN, with the trace of every rule evaluated", async () => {
    const result = await client.simulatePolicy(live("00:26:b4:24:fe:b4"));
    expect(result).toMatchObject({
      policyVersion: 1,
      policySet: "Default",
      rule: "MDM Compliant",
      profiles: ["Corporate Access"],
    });
    expect(result.reply).toEqual({
      code: "Access-Accept",
      attributes: [
        { name: "Tunnel-Type", value: "VLAN", tag: 1 },
        { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
        { name: "Tunnel-Private-Group-Id", value: "10", tag: 1 },
      ],
    });
    expect(result.mdm).toMatchObject({
      source: "live",
      serverName: "Simulator",
      values: { MDMServerReachable: "Reachable", DeviceRegisterStatus: "Registered", DeviceCompliantStatus: "Compliant" },
    });
    expect(result.mdm?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.trace.map((rule) => [rule.rule, rule.matched])).toEqual([
      ["MDM Unreachable", false],
      ["MDM Unregistered", false],
      ["MDM NonCompliant", false],
      ["MDM Compliant", true],
    ]);
    expect(result.trace[3]!.condition).toEqual({
      label: "AND",
      result: true,
      children: [
        { label: "MDM:DeviceRegisterStatus EQUALS Registered", result: true, actual: "Registered" },
        { label: "MDM:DeviceCompliantStatus EQUALS Compliant", result: true, actual: "Compliant" },
      ],
    });
  });

  it("a non-compliant device is quarantined (VLAN 99, Filter-Id, dACL, re-authentication)", async () => {
    const result = await client.simulatePolicy(live("0026B424FEB5"));
    expect(result.rule).toBe("MDM NonCompliant");
    expect(result.reply.code).toBe("Access-Accept");
    expect(result.reply.attributes).toEqual(
      expect.arrayContaining([
        { name: "Tunnel-Private-Group-Id", value: "99", tag: 1 },
        { name: "Filter-Id", value: "QUARANTINE" },
        { name: "Cisco-AVPair", value: "ACS:CiscoSecure-Defined-ACL=QUARANTINE" },
        { name: "Session-Timeout", value: "600" },
        { name: "Termination-Action", value: "RADIUS-Request" },
      ]),
    );
  });

  it("an unregistered device is redirected to the MDM's enrolment URL with its MAC", async () => {
    const result = await client.simulatePolicy(live("0026.b424.feb7"));
    expect(result.rule).toBe("MDM Unregistered");
    expect(result.mdm?.values.DeviceRegisterStatus).toBe("UnRegistered");
    expect(result.reply.attributes).toEqual([
      { name: "Session-Timeout", value: "600" },
      { name: "Termination-Action", value: "RADIUS-Request" },
      { name: "Cisco-AVPair", value: `url-redirect=${sim.baseUrl}/enroll?mac=0026B424FEB7` },
      { name: "Cisco-AVPair", value: "url-redirect-acl=ACL-MDM-REDIRECT" },
    ]);
  });
});

describe("POST /policy/simulate with an unsaved document", () => {
  const wiredFirst: PolicyDocument = {
    libraryConditions: [
      { name: "Wired", condition: { type: "leaf", attribute: "Radius:NAS-Port-Type", operator: "equals", value: "Ethernet" } },
    ],
    policySets: [
      {
        ...defaultPolicyDocument.policySets[0]!,
        rules: [
          {
            name: "Wired printers",
            rank: 0,
            state: "enabled",
            condition: { type: "ref", name: "Wired" },
            profiles: ["Limited Access"],
          },
          ...defaultPolicyDocument.policySets[0]!.rules.map((rule) => ({ ...rule, rank: rule.rank + 1 })),
        ],
      },
    ],
  };

  it("evaluates it without saving it, and does not query the MDM when no reached condition needs it", async () => {
    const before = { log: lookups(), metric: metricLookups() };
    const result = await client.simulatePolicy({
      document: wiredFirst,
      endpoint: { mac: "0026B424FEB8", radius: { "Radius:NAS-Port-Type": "Ethernet" }, mdm: { mode: "live" } },
    });
    expect(result).toMatchObject({ policyVersion: null, rule: "Wired printers", profiles: ["Limited Access"] });
    expect(result.trace[0]!.condition).toEqual({
      label: "Library: Wired",
      result: true,
      children: [{ label: "Radius:NAS-Port-Type EQUALS Ethernet", result: true, actual: "Ethernet" }],
    });
    expect(result.reply.attributes).toContainEqual({ name: "Filter-Id", value: "LIMITED-ACCESS" });
    expect(result.mdm).toBeUndefined();
    expect(lookups()).toBe(before.log);
    expect(metricLookups()).toBe(before.metric);
    expect((await getActivePolicy(t.db))?.version).toBe(1);
  });

  it("queries the MDM once the MDM rules are reached", async () => {
    const before = lookups();
    const result = await client.simulatePolicy({
      document: wiredFirst,
      endpoint: { mac: "0026B424FEB8", radius: { "Radius:NAS-Port-Type": "Wireless-802.11" }, mdm: { mode: "live" } },
    });
    expect(result.trace[0]).toMatchObject({ rule: "Wired printers", matched: false });
    expect(result.mdm?.source).toBe("live");
    expect(lookups()).toBe(before + 1);
  });

  it("uses given MDM values without any query; a profile the unsaved rule names but nobody created rejects", async () => {
    const before = lookups();
    const document: PolicyDocument = {
      libraryConditions: [],
      policySets: [
        {
          name: "Wireless",
          rank: 0,
          state: "enabled",
          condition: null,
          rules: [
            {
              name: "Old check-in",
              rank: 0,
              state: "enabled",
              condition: { type: "leaf", attribute: "MDM:DaysSinceLastCheckin", operator: "greaterThan", value: "30" },
              profiles: ["Not Created Yet"],
            },
            { name: "Default", rank: 1, state: "enabled", condition: null, profiles: ["PermitAccess"] },
          ],
        },
      ],
    };
    const stale = await client.simulatePolicy({
      document,
      endpoint: { mdm: { mode: "given", values: { DaysSinceLastCheckin: "45" } } },
    });
    expect(stale).toMatchObject({ rule: "Old check-in", reply: { code: "Access-Reject", attributes: [] } });
    expect(stale.mdm).toEqual({ source: "given", values: { DaysSinceLastCheckin: "45" } });
    const fresh = await client.simulatePolicy({
      document,
      endpoint: { mdm: { mode: "given", values: { DaysSinceLastCheckin: "3" } } },
    });
    expect(fresh).toMatchObject({ rule: "Default", reply: { code: "Access-Accept", attributes: [] } });
    expect(lookups()).toBe(before);
  });

  it("refuses a live simulation without a MAC, and a malformed MAC, with the reason", async () => {
    await expect(client.simulatePolicy({ endpoint: { mdm: { mode: "live" } } })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("enter the MAC"),
    });
    await expect(client.simulatePolicy(live("00:26:b4"))).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("Enter a MAC address"),
    });
  });
});
