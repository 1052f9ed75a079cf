import { describe, expect, it } from "vitest";
import { syntheticDevice, syntheticDeviceGuid, syntheticDeviceMac } from "./inventory";
import { apiRoot, devicesOf, startTestSimulator } from "./test-support";

describe("synthetic inventory of 100 000 devices", () => {
  it("starts, answers MAC and GUID lookups, and pages the non-compliant devices", async () => {
    const t = await startTestSimulator({ syntheticDevices: 100_000 });
    try {
      expect(((await t.control("GET", "/health")).body as { devices: number }).devices).toBe(100_000);

      // A registered device far into the inventory.
      let index = 98_765;
      while (!syntheticDevice(index, 0).registered) index++;
      const mac = syntheticDeviceMac(index);
      const byMac = devicesOf(
        (await t.api(`/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=macaddress&value=${mac}&filter=all`)).body,
      );
      expect(byMac.map((device) => device.macaddress)).toEqual([mac]);
      expect(byMac[0]?.guid).toBe(syntheticDeviceGuid(index));

      const byGuid = devicesOf(
        (await t.api(`/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=guid&value=${syntheticDeviceGuid(index)}&filter=all`))
          .body,
      );
      expect(byGuid.map((device) => device.macaddress)).toEqual([mac]);

      const firstPage = await t.api("/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=compliance&value=false&filter=all");
      expect(devicesOf(firstPage.body)).toHaveLength(500);
      const token = String(apiRoot(firstPage.body).paging_info);
      expect(token).not.toBe("0");
      const secondPage = await t.api(
        `/ciscoise/mdmapi/v3/devices/?paging=${encodeURIComponent(token)}&querycriteria=compliance&value=false&filter=all`,
      );
      const firstMacs = new Set(devicesOf(firstPage.body).map((device) => device.macaddress));
      const secondMacs = devicesOf(secondPage.body).map((device) => device.macaddress);
      expect(secondMacs).toHaveLength(500);
      expect(secondMacs.some((m) => firstMacs.has(m))).toBe(false);
    } finally {
      await t.close();
    }
  });
});
