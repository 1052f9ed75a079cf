// "Refresh from MDM now" and MDM actions through the engine's control API, against the real MDM simulator over TLS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpConfigVersion } from "../db/config-state";
import { getEndpointByMac } from "../db/endpoints";
import { startTestEngine, type TestEngineWithSimulator } from "./test-support";

const COMPLIANT_IPHONE = "0026B424FEB4";
const NON_COMPLIANT_ANDROID = "0026B424FEB5";
const UNREGISTERED = "0026B424FEB7";

let h: TestEngineWithSimulator;

beforeAll(async () => {
  h = await startTestEngine({ mdm: { apiVersion: 3 } });
});
afterAll(async () => {
  await h?.stop();
});

/** The ISE API requests the simulator received since `from` (an index into its request log). */
const requestsSince = (from: number) => h.sim.requestLog().slice(from);

describe("POST /endpoints/refresh", () => {
  it("drops the cached answer, asks the MDM again and stores what it says", async () => {
    // A first answer is cached: the device is compliant.
    expect((await h.engine.compliance.lookup(COMPLIANT_IPHONE)).compliant).toBe(true);
    h.sim.updateDevice(COMPLIANT_IPHONE, { compliant: false, failure_reason: "Passcode disabled" });
    // Authentications would still get the cached answer until it expires…
    expect(h.engine.compliance.cached(COMPLIANT_IPHONE)?.compliant).toBe(true);

    // …"Refresh from MDM now" (any MAC spelling) asks the MDM.
    const result = await h.client.refreshEndpoint({ mac: "00:26:b4:24:fe:b4" });
    expect(result).toMatchObject({
      mac: COMPLIANT_IPHONE,
      outcome: "ok",
      mdmServerName: "Simulator",
      registered: true,
      compliant: false,
      changed: true,
      errorCode: null,
      values: { DeviceCompliantStatus: "NonCompliant", MDMFailureReason: "Passcode disabled", MDMServerReachable: "Reachable" },
    });
    // Stored on the endpoint before the answer came back, and the cache now holds the new answer.
    expect(await getEndpointByMac(h.t.db, { mac: COMPLIANT_IPHONE })).toMatchObject({
      compliant: false,
      registered: true,
      lastMdmOutcome: "ok",
      mdmServerId: h.mdmServerId,
      mdmAttributes: { DeviceCompliantStatus: "NonCompliant", MDMFailureReason: "Passcode disabled" },
    });
    expect(h.engine.compliance.cached(COMPLIANT_IPHONE)?.compliant).toBe(false);

    // Asked again without a change: nothing changed.
    expect(await h.client.refreshEndpoint({ mac: COMPLIANT_IPHONE })).toMatchObject({ compliant: false, changed: false });
  });

  it("reports an unregistered device as such", async () => {
    expect(await h.client.refreshEndpoint({ mac: UNREGISTERED })).toMatchObject({
      outcome: "not-registered",
      registered: false,
      compliant: null,
      values: { DeviceRegisterStatus: "UnRegistered" },
    });
    expect(await getEndpointByMac(h.t.db, { mac: UNREGISTERED })).toMatchObject({
      registered: false,
      lastMdmOutcome: "not-registered",
    });
  });

  it("says why when the MDM cannot answer, and keeps the last known state", async () => {
    await h.client.refreshEndpoint({ mac: NON_COMPLIANT_ANDROID });
    h.sim.setFaults({ errorRate: 1 });
    try {
      const result = await h.client.refreshEndpoint({ mac: NON_COMPLIANT_ANDROID });
      expect(result).toMatchObject({ outcome: "unreachable", errorCode: "HTTP_5XX", registered: true, compliant: false });
      expect(result.values).toEqual({ MDMServerReachable: "UnReachable", MDMServerName: "Simulator" });
      expect(await getEndpointByMac(h.t.db, { mac: NON_COMPLIANT_ANDROID })).toMatchObject({
        lastMdmOutcome: "unreachable",
        registered: true,
        compliant: false,
      });
    } finally {
      h.sim.setFaults({ errorRate: 0 });
    }
  });

  it("refuses a value that is not a MAC address", async () => {
    await expect(h.client.refreshEndpoint({ mac: "00:26:b4" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("POST /mdm/action", () => {
  it("sends a PIN lock to the MDM server that answered for the endpoint and returns its answer", async () => {
    await h.client.refreshEndpoint({ mac: COMPLIANT_IPHONE });
    const from = h.sim.requestLog().length;
    const result = await h.client.mdmAction({ mac: "00-26-B4-24-FE-B4", action: "pin_lock" });
    expect(result).toMatchObject({
      mac: COMPLIANT_IPHONE,
      action: "pin_lock",
      mdmServerId: h.mdmServerId,
      mdmServerName: "Simulator",
      identifier: { kind: "macaddress", value: COMPLIANT_IPHONE },
      actionStatus: true,
      failureReason: null,
      errorCode: null,
    });
    expect(requestsSince(from)).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/ciscoise/mdmapi/v3/action/actionType=pin_lock",
        status: 200,
        user: "iseapi",
      }),
    ]);
    expect(h.sim.getDevice(COMPLIANT_IPHONE)?.actions?.map((action) => action.type)).toEqual(["pin_lock"]);
  });

  it("names the device by its certificate GUID when the endpoint has one (API v3)", async () => {
    await h.client.refreshEndpoint({ mac: NON_COMPLIANT_ANDROID });
    const guid = h.sim.getDevice(NON_COMPLIANT_ANDROID)!.guid;
    await h.t.db.endpoint.update({ where: { mac: NON_COMPLIANT_ANDROID }, data: { guid } });
    const result = await h.client.mdmAction({ mac: NON_COMPLIANT_ANDROID, action: "corporate_wipe" });
    expect(result).toMatchObject({ actionStatus: true, identifier: { kind: "guid", value: guid } });
    expect(h.sim.getDevice(NON_COMPLIANT_ANDROID)?.actions?.map((action) => action.type)).toEqual(["corporate_wipe"]);
  });

  it("passes on the MDM's refusal with its reason", async () => {
    await h.client.refreshEndpoint({ mac: UNREGISTERED });
    expect(await h.client.mdmAction({ mac: UNREGISTERED, action: "full_wipe" })).toMatchObject({
      actionStatus: false,
      failureReason: "Device is not registered with the MDM",
      errorCode: null,
      mdmServerName: "Simulator",
    });
    expect(h.sim.getDevice(UNREGISTERED)?.actions ?? []).toEqual([]);
  });

  it("says the MDM could not be reached when it fails", async () => {
    h.sim.setFaults({ errorRate: 1 });
    try {
      expect(await h.client.mdmAction({ mac: COMPLIANT_IPHONE, action: "pin_lock" })).toMatchObject({
        actionStatus: false,
        errorCode: "HTTP_5XX",
        failureReason: expect.stringContaining("did not carry out the action"),
      });
    } finally {
      h.sim.setFaults({ errorRate: 0 });
    }
  });

  it("sends nothing for an endpoint no MDM server has answered for", async () => {
    const from = h.sim.requestLog().length;
    expect(await h.client.mdmAction({ mac: "02E2DEADBEEF", action: "pin_lock" })).toMatchObject({
      actionStatus: false,
      errorCode: "NO_MDM_SERVER",
      mdmServerId: null,
      identifier: null,
    });
    expect(requestsSince(from)).toEqual([]);
  });

  it("sends nothing once the endpoint's MDM server is disabled", async () => {
    await h.t.db.mdmServer.update({ where: { id: h.mdmServerId }, data: { isEnabled: false } });
    await bumpConfigVersion(h.t.db);
    await h.engine.syncConfig();
    const from = h.sim.requestLog().length;
    expect(await h.client.mdmAction({ mac: COMPLIANT_IPHONE, action: "pin_lock" })).toMatchObject({
      actionStatus: false,
      errorCode: "MDM_SERVER_DISABLED",
      failureReason: expect.stringContaining('"Simulator"'),
    });
    expect(requestsSince(from)).toEqual([]);
  });
});
