import { describe, expect, it } from "vitest";
import { MdmError } from "../mdm/errors";
import type { MdmDevice } from "../mdm/types";
import { ComplianceService, type ComplianceServer, type MdmLookupClient } from "./compliance";

const device = (compliant: boolean): MdmDevice => ({
  macaddress: "0026B424FEB4",
  macaddresses: [],
  registered: true,
  compliance: { status: compliant },
});

class FakeClient implements MdmLookupClient {
  calls: string[] = [];
  constructor(private readonly answer: (mac: string, signal?: AbortSignal) => Promise<MdmDevice | undefined>) {}
  lookupByMac(mac: string, call: { signal?: AbortSignal }) {
    this.calls.push(mac);
    return this.answer(mac, call.signal);
  }
}

const server = (id: string, client: MdmLookupClient, cacheTtlMs = 60_000): ComplianceServer => ({
  id,
  name: `Server ${id}`,
  client,
  cacheTtlMs,
  redirectUrl: undefined,
});

const config = (
  servers: ComplianceServer[],
  extra: Partial<{ fallbackOnNotRegistered: boolean; fallbackOnError: boolean }> = {},
) => ({
  servers,
  fallbackOnNotRegistered: false,
  fallbackOnError: false,
  deadlineMs: 200,
  ...extra,
});

describe("compliance cache and lookups", () => {
  it("caches an answer for the server's expiration time", async () => {
    let now = 1000;
    const client = new FakeClient(async () => device(true));
    const service = new ComplianceService({ config: config([server("a", client, 10_000)]), now: () => now });
    expect(service.cached("0026B424FEB4")).toBeUndefined();
    const live = await service.lookup("0026B424FEB4");
    expect(live).toMatchObject({ outcome: "ok", source: "live", serverName: "Server a", compliant: true });
    expect(live.values).toMatchObject({ DeviceCompliantStatus: "Compliant", MDMServerName: "Server a" });
    expect(service.cached("0026B424FEB4")).toMatchObject({ source: "cache", outcome: "ok" });
    now += 10_001;
    expect(service.cached("0026B424FEB4")).toBeUndefined();
  });

  it("shares one in-flight query between concurrent lookups of one endpoint", async () => {
    let release: (value: MdmDevice) => void = () => {};
    const client = new FakeClient(() => new Promise((resolve) => (release = resolve)));
    const service = new ComplianceService({ config: config([server("a", client)]) });
    const all = Promise.all([service.lookup("M1"), service.lookup("M1"), service.lookup("M1")]);
    release(device(false));
    const results = await all;
    expect(client.calls).toEqual(["M1"]);
    expect(new Set(results).size).toBe(1);
    expect(service.stats.lookups.coalesced).toBe(2);
    expect(service.inFlightCount).toBe(0);
  });

  it("answers UnReachable at the hard deadline, whatever the client does", async () => {
    const client = new FakeClient(() => new Promise(() => {}));
    const service = new ComplianceService({ config: config([server("a", client)]) });
    const started = Date.now();
    const result = await service.lookup("M1");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ outcome: "unreachable", errorCode: "TIMEOUT", serverName: "Server a" });
    expect(result.values).toEqual({ MDMServerReachable: "UnReachable", MDMServerName: "Server a" });
    // Failures are not cached: the next request tries again.
    expect(service.cached("M1")).toBeUndefined();
  });

  it("follows the lookup order and the fallback switches (reference §3.3)", async () => {
    const failing = new FakeClient(async () => {
      throw new MdmError("CONNECT_FAILED", "refused");
    });
    const unknown = new FakeClient(async () => undefined);
    const known = new FakeClient(async () => device(true));

    const noFallback = new ComplianceService({ config: config([server("a", failing), server("b", known)]) });
    expect(await noFallback.lookup("M1")).toMatchObject({ outcome: "unreachable", errorCode: "CONNECT_FAILED" });

    const onError = new ComplianceService({
      config: config([server("a", failing), server("b", known)], { fallbackOnError: true }),
    });
    expect(await onError.lookup("M1")).toMatchObject({ outcome: "ok", serverId: "b" });

    const notRegistered = new ComplianceService({ config: config([server("a", unknown), server("b", known)]) });
    expect(await notRegistered.lookup("M1")).toMatchObject({ outcome: "not-registered", serverId: "a" });

    const onNotRegistered = new ComplianceService({
      config: config([server("a", unknown), server("b", known)], { fallbackOnNotRegistered: true }),
    });
    expect(await onNotRegistered.lookup("M1")).toMatchObject({ outcome: "ok", serverId: "b" });
  });

  it("asks the server already associated with the endpoint first", async () => {
    const a = new FakeClient(async () => undefined);
    const b = new FakeClient(async () => device(true));
    let now = 0;
    const service = new ComplianceService({
      config: config([server("a", a, 1000), server("b", b, 1000)], { fallbackOnNotRegistered: true }),
      now: () => now,
    });
    await service.lookup("M1");
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    now = 5000; // expired: a new lookup starts with b
    await service.lookup("M1");
    expect(b.calls).toHaveLength(2);
    expect(a.calls).toHaveLength(1);
    // Invalidated ("Refresh from MDM now"): no longer served from the cache, still asked of b first.
    service.invalidate("M1");
    expect(service.cached("M1")).toBeUndefined();
    await service.lookup("M1");
    expect([a.calls.length, b.calls.length]).toEqual([1, 3]);
  });

  it("with no MDM server configured, the endpoint is UnReachable", async () => {
    const service = new ComplianceService({ config: config([]) });
    expect(await service.lookup("M1")).toMatchObject({ outcome: "no-server", values: { MDMServerReachable: "UnReachable" } });
  });

  it("reports every live answer once and bounds the cache", async () => {
    const seen: string[] = [];
    const service = new ComplianceService({
      config: config([server("a", new FakeClient(async () => device(true)))]),
      onLiveResult: (result) => seen.push(result.mac),
      maxEntries: 2,
    });
    await service.lookup("M1");
    await service.lookup("M2");
    await service.lookup("M3");
    expect(seen).toEqual(["M1", "M2", "M3"]);
    expect(service.size).toBe(2);
    expect(service.cached("M1")).toBeUndefined();
  });
});

describe("overload", () => {
  it("answers UnReachable at once (OVERLOADED) beyond the in-flight cap instead of queueing", async () => {
    const client = new FakeClient(() => new Promise(() => {}));
    const service = new ComplianceService({ config: config([server("a", client)]), maxInFlight: 2 });
    void service.lookup("M1");
    void service.lookup("M2");
    const started = Date.now();
    const shed = await service.lookup("M3");
    expect(Date.now() - started).toBeLessThan(50);
    expect(shed).toMatchObject({ outcome: "unreachable", errorCode: "OVERLOADED" });
    expect(client.calls).toEqual(["M1", "M2"]);
  });
});

describe("compliance by certificate GUID (EAP-TLS)", () => {
  class GuidClient implements MdmLookupClient {
    calls: string[] = [];
    constructor(private readonly apiVersion: 2 | 3 = 3) {}
    lookupByMac(mac: string) {
      this.calls.push(`mac:${mac}`);
      return Promise.resolve(device(false));
    }
    lookupByGuid(guid: string) {
      this.calls.push(`guid:${guid}`);
      if (this.apiVersion < 3) return Promise.reject(new MdmError("UNSUPPORTED", "v2"));
      return Promise.resolve(device(true));
    }
  }
  const keys = (sanUriGuid?: string, cnGuid?: string, mac: string | undefined = "020000000001") => ({
    mac,
    certificate: { sanUriGuid, cnGuid },
  });

  it("asks each server by the first identifier of its own order that the certificate has", async () => {
    const sanFirst = new GuidClient();
    const macOnly = new GuidClient();
    const service = new ComplianceService({
      config: config(
        [
          { ...server("a", sanFirst), deviceIdentifiers: ["cn-guid", "mac"] },
          { ...server("b", macOnly), deviceIdentifiers: ["mac"] },
        ],
        { fallbackOnNotRegistered: true },
      ),
    });
    const result = await service.lookupDevice(keys("SAN-GUID", "CN-GUID"));
    expect(sanFirst.calls).toEqual(["guid:CN-GUID"]);
    expect(result).toMatchObject({ outcome: "ok", compliant: true, guid: "SAN-GUID", mac: "020000000001" });
    // Cached under the GUID: the same certificate from another MAC is a cache hit.
    expect(service.cachedDevice(keys("SAN-GUID", "cn-guid", "020000000002"))).toMatchObject({ compliant: true });
  });

  it("falls back to the MAC on a server below API v3 when its order lists the MAC", async () => {
    const v2 = new GuidClient(2);
    const service = new ComplianceService({ config: config([server("a", v2)]) });
    const result = await service.lookupDevice(keys("SAN-GUID"));
    expect(v2.calls).toEqual(["guid:SAN-GUID", "mac:020000000001"]);
    expect(result).toMatchObject({ outcome: "ok", compliant: false });
  });

  it("skips a server none of whose identifiers the request has", async () => {
    const guidOnly = new GuidClient();
    const service = new ComplianceService({
      config: config([{ ...server("a", guidOnly), deviceIdentifiers: ["san-uri-guid"] }]),
    });
    const result = await service.lookupDevice(keys(undefined, "CN-GUID"));
    expect(guidOnly.calls).toEqual([]);
    expect(result.outcome).toBe("no-server");
  });

  it("retires the GUID answer when the MAC's answer changes (a poll, a CoA)", async () => {
    const client = new GuidClient();
    const service = new ComplianceService({ config: config([server("a", client)]) });
    await service.lookupDevice(keys("G1"));
    expect(service.cachedDevice(keys("G1"))).toBeDefined();
    service.invalidate("020000000001");
    expect(service.cachedDevice(keys("G1"))).toBeUndefined();
  });
});
