import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FAULTS } from "./faults";
import { request, startTestSimulator, type TestSimulator } from "./test-support";
import type { SimDevice } from "./types";

let t: TestSimulator;

beforeAll(async () => {
  t = await startTestSimulator();
});

afterAll(async () => {
  await t.close();
});

describe("control API", () => {
  it("reports health with the inventory size and the CA path", async () => {
    const { status, body } = await t.control("GET", "/health");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      baseUrl: t.sim.baseUrl,
      devices: t.sim.devices().length,
      caCertPath: t.sim.caCertPath,
      faults: DEFAULT_FAULTS,
    });
  });

  it("searches devices and pages the result", async () => {
    const search = await t.control("GET", "/devices?query=alice.martin");
    const result = search.body as { total: number; devices: SimDevice[] };
    expect(search.status).toBe(200);
    expect(result.total).toBeGreaterThanOrEqual(1);
    expect(result.devices.every((device) => device.username === "alice.martin")).toBe(true);

    const byMacFragment = (await t.control("GET", "/devices?query=00:26:b4:24:fe")).body as { total: number };
    expect(byMacFragment.total).toBe(5);

    const page = (await t.control("GET", "/devices?offset=10&limit=5")).body as { total: number; devices: SimDevice[] };
    expect(page.total).toBe(t.sim.devices().length);
    expect(page.devices.map((device) => device.macaddress)).toEqual(
      t.sim
        .devices()
        .slice(10, 15)
        .map((device) => device.macaddress),
    );

    expect((await t.control("GET", "/devices?limit=0")).status).toBe(400);
  });

  it("gets one device by MAC in any format or by GUID, 404 otherwise", async () => {
    const byMac = await t.control("GET", "/devices/00-26-B4-24-FE-B5");
    expect(byMac.status).toBe(200);
    expect((byMac.body as SimDevice).guid).toBe("7a2d3e8f-9cab-4d4e-8f30-2b3c4d5e6f70");
    const byGuid = await t.control("GET", "/devices/7A2D3E8F-9CAB-4D4E-8F30-2B3C4D5E6F70");
    expect((byGuid.body as SimDevice).macaddress).toBe("0026B424FEB5");
    const missing = await t.control("GET", "/devices/AABBCCDDEEFF");
    expect(missing.status).toBe(404);
    expect((missing.body as { error: string }).error).toContain("AABBCCDDEEFF");
  });

  it("patches a device and validates the patch", async () => {
    const ok = await t.control("PATCH", "/devices/0026B424FEB8", { jail_broken: false, compliant: true, os_version: "iOS 17.5" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ jail_broken: false, compliant: true, os_version: "iOS 17.5" });
    expect(ok.body).not.toHaveProperty("failure_reason");
    expect(t.sim.getDevice("0026B424FEB8")).toMatchObject({ compliant: true, os_version: "iOS 17.5" });

    const wrongType = await t.control("PATCH", "/devices/0026B424FEB8", { compliant: "yes" });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { error: string }).error).toMatch(/compliant/);

    const unknownField = await t.control("PATCH", "/devices/0026B424FEB8", { colour: "red" });
    expect(unknownField.status).toBe(400);
    expect((unknownField.body as { error: string }).error).toMatch(/colour/);

    const badJson = await t.control("PATCH", "/devices/0026B424FEB8", "{not json");
    expect(badJson.status).toBe(400);
    expect((badJson.body as { error: string }).error).toMatch(/JSON/);

    expect((await t.control("PATCH", "/devices/AABBCCDDEEFF", { compliant: true })).status).toBe(404);
  });

  it("re-indexes a device whose MAC changes and refuses another device's MAC", async () => {
    const moved = await t.control("PATCH", "/devices/0026B424FEB6", { macaddress: "02:00:00:00:00:01" });
    expect(moved.status).toBe(200);
    expect((moved.body as SimDevice).macaddress).toBe("020000000001");
    expect(t.sim.getDevice("020000000001")?.guid).toBe("8b3e4f90-adbc-4e5f-9041-3c4d5e6f7081");

    const conflict = await t.control("PATCH", "/devices/020000000001", { macaddress: "0026B424FEB4" });
    expect(conflict.status).toBe(409);
    expect(t.sim.getDevice("020000000001")).toBeDefined();
    await t.control("PATCH", "/devices/020000000001", { macaddress: "0026B424FEB6" });
  });

  it("reads, changes and resets the fault switches", async () => {
    const put = await t.control("PUT", "/faults", { latencyMs: 20, dialect: "intune" });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...DEFAULT_FAULTS, latencyMs: 20, dialect: "intune" });
    expect(t.sim.faults()).toEqual(put.body);

    const invalid = await t.control("PUT", "/faults", { errorRate: 1.5 });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error: string }).error).toMatch(/errorRate/);
    const unknown = await t.control("PUT", "/faults", { meltdown: true });
    expect(unknown.status).toBe(400);

    const reset = await t.control("DELETE", "/faults");
    expect(reset.body).toEqual(DEFAULT_FAULTS);
    expect((await t.control("GET", "/faults")).body).toEqual(DEFAULT_FAULTS);
  });

  it("answers 404 for unknown paths and 405 for wrong methods", async () => {
    expect((await t.control("GET", "/nothing")).status).toBe(404);
    const wrongMethod = await t.control("POST", "/health");
    expect(wrongMethod.status).toBe(405);
  });

  it("answers JSON, also for errors", async () => {
    for (const path of ["/health", "/nothing"]) {
      const response = await request(`http://127.0.0.1:${t.sim.controlPort}${path}`);
      expect(response.headers["content-type"]).toContain("application/json");
      expect(() => JSON.parse(response.body) as unknown).not.toThrow();
    }
  });
});
