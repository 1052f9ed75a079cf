import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DeviceConflictError, DeviceStore } from "./device-store";
import { normalizeMac } from "./identifiers";
import {
  InventoryError,
  loadBundledInventory,
  loadInventoryFile,
  parseInventory,
  syntheticDevice,
  syntheticDeviceMac,
  syntheticInventory,
} from "./inventory";
import { makeTempDir } from "./test-support";
import type { SimDevice } from "./types";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const minimalDevice = (overrides: Partial<SimDevice> = {}): SimDevice => ({
  macaddress: "AA:BB:CC:00:11:22",
  guid: "11111111-2222-4333-8444-555555555555",
  platform: "Android",
  registered: true,
  compliant: true,
  disk_encryption_on: true,
  pin_lock_on: true,
  jail_broken: false,
  lastCheckinTimeStamp: 1_700_000_000_000,
  ...overrides,
});

describe("MAC normalisation", () => {
  it("accepts the common spellings and rejects non-MACs", () => {
    for (const mac of ["0026B424FEB4", "00:26:b4:24:fe:b4", "00-26-B4-24-FE-B4", "0026.b424.feb4", " 00 26 b4 24 fe b4 "]) {
      expect(normalizeMac(mac)).toBe("0026B424FEB4");
    }
    for (const bad of ["", "0026B424FEB", "0026B424FEB4FF", "GG26B424FEB4"]) expect(normalizeMac(bad)).toBeNull();
  });
});

describe("bundled inventory", () => {
  const devices = loadBundledInventory();
  const byMac = new Map(devices.map((device) => [device.macaddress, device]));

  it("has about 50 devices on all four platforms with unique MACs and GUIDs", () => {
    expect(devices.length).toBeGreaterThanOrEqual(45);
    expect(devices.length).toBeLessThanOrEqual(60);
    expect(new Set(devices.map((device) => device.platform))).toEqual(new Set(["iOS", "Android", "Windows", "macOS"]));
    expect(() => new DeviceStore(devices)).not.toThrow();
    expect(devices.some((device) => !device.registered)).toBe(true);
    expect(devices.filter((device) => device.registered && !device.compliant).every((device) => device.failure_reason)).toBe(
      true,
    );
    expect(devices.filter((device) => device.jail_broken).length).toBeGreaterThanOrEqual(2);
  });

  it("contains the fixed devices of the simulator/client contract", () => {
    expect(byMac.get("0026B424FEB4")).toMatchObject({
      guid: "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f",
      platform: "iOS",
      registered: true,
      compliant: true,
      disk_encryption_on: true,
      pin_lock_on: true,
      jail_broken: false,
    });
    expect(byMac.get("0026B424FEB4")?.model).toMatch(/iPhone/);
    expect(byMac.get("0026B424FEB5")).toMatchObject({
      guid: "7a2d3e8f-9cab-4d4e-8f30-2b3c4d5e6f70",
      platform: "Android",
      registered: true,
      compliant: false,
      failure_reason: "OS version out of date",
    });
    expect(byMac.get("0026B424FEB6")).toMatchObject({
      guid: "8b3e4f90-adbc-4e5f-9041-3c4d5e6f7081",
      platform: "Windows",
      registered: true,
      compliant: true,
    });
    expect(byMac.get("0026B424FEB7")).toMatchObject({ registered: false });
    expect(byMac.get("0026B424FEB8")).toMatchObject({
      guid: "9c4f50a1-becd-4f60-a152-4d5e6f708192",
      platform: "iOS",
      registered: true,
      compliant: false,
      jail_broken: true,
      failure_reason: "Device is jailbroken",
    });
  });

  it("keeps check-in ages relative to the load time", () => {
    const now = Date.UTC(2030, 0, 1);
    const later = loadBundledInventory(now);
    const newest = Math.max(...later.map((device) => device.lastCheckinTimeStamp));
    expect(newest).toBeLessThanOrEqual(now);
    expect(newest).toBeGreaterThan(now - 86_400_000);
  });
});

describe("inventory files", () => {
  it("loads a file and normalises MAC addresses", () => {
    const dir = makeTempDir("gatehouse-mdm-inv-");
    dirs.push(dir);
    const file = path.join(dir, "devices.json");
    writeFileSync(file, JSON.stringify({ devices: [minimalDevice({ macaddresses: ["aa-bb-cc-00-11-22", "aabbcc001123"] })] }));
    const [device] = loadInventoryFile(file);
    expect(device?.macaddress).toBe("AABBCC001122");
    expect(device?.macaddresses).toEqual(["AABBCC001122", "AABBCC001123"]);
  });

  it("explains what is wrong with an invalid inventory, naming the source", () => {
    expect(() => parseInventory({ devices: [minimalDevice({ macaddress: "nope" })] }, "bad.json")).toThrow(
      /bad\.json.*devices\.0\.macaddress/,
    );
    expect(() => parseInventory({ devices: [{ ...minimalDevice(), colour: "red" }] }, "x.json")).toThrow(/colour/);
    expect(() => parseInventory({ devices: [minimalDevice({ macaddresses: Array(6).fill("AABBCC001122") })] }, "x")).toThrow(
      /at most 5/,
    );
    expect(() => loadInventoryFile("/nonexistent/devices.json")).toThrow(InventoryError);
  });
});

describe("synthetic inventory", () => {
  it("is deterministic and has unique keys", () => {
    const first = syntheticInventory(2000, 0);
    expect(syntheticInventory(2000, 0)).toEqual(first);
    expect(new Set(first.map((device) => device.macaddress)).size).toBe(2000);
    expect(new Set(first.map((device) => device.guid)).size).toBe(2000);
    expect(first[1234]?.macaddress).toBe(syntheticDeviceMac(1234));
    expect(syntheticDevice(1234, 0)).toEqual(first[1234]);
    for (const device of first.slice(0, 50))
      expect(device.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("makes about 10 % of the devices non-compliant with a reason, and a few unregistered", () => {
    const devices = syntheticInventory(10_000, 0);
    const nonCompliant = devices.filter((device) => device.registered && !device.compliant);
    const unregistered = devices.filter((device) => !device.registered);
    expect(nonCompliant.length / devices.length).toBeGreaterThan(0.08);
    expect(nonCompliant.length / devices.length).toBeLessThan(0.12);
    expect(nonCompliant.every((device) => device.failure_reason)).toBe(true);
    expect(unregistered.length).toBeGreaterThan(0);
    expect(nonCompliant.some((device) => device.jail_broken)).toBe(true);
  });

  it("rejects impossible counts", () => {
    expect(() => syntheticInventory(-1)).toThrow(InventoryError);
    expect(() => syntheticInventory(0x1000000)).toThrow(InventoryError);
  });
});

describe("device store", () => {
  it("refuses duplicate MACs (including secondary ones) and GUIDs", () => {
    const a = minimalDevice({ macaddress: "AABBCC001122" });
    expect(() => new DeviceStore([a, minimalDevice({ macaddress: "AABBCC001122", guid: "other" })])).toThrow(DeviceConflictError);
    expect(() => new DeviceStore([a, minimalDevice({ macaddress: "AABBCC009999" })])).toThrow(/GUID/);
    expect(
      () => new DeviceStore([a, minimalDevice({ macaddress: "AABBCC009999", macaddresses: ["AABBCC001122"], guid: "other" })]),
    ).toThrow(/AABBCC001122/);
  });

  it("keeps every index in step with updates", () => {
    const store = new DeviceStore([
      minimalDevice({ macaddress: "AABBCC001122", username: "Ann", imei: "35 000000 000001 7" }),
      minimalDevice({ macaddress: "AABBCC003344", guid: "g2", username: "ann", compliant: false, failure_reason: "x" }),
    ]);
    expect(
      store
        .find("username", "ANN")
        .map((device) => device.macaddress)
        .sort(),
    ).toEqual(["AABBCC001122", "AABBCC003344"]);
    expect(store.find("imei", "350000000000017")).toHaveLength(1);
    expect(store.byCompliance(false).map((device) => device.macaddress)).toEqual(["AABBCC003344"]);

    store.update("g2", { username: "bob", compliant: true, macaddress: "AABBCC005566" });
    expect(store.find("username", "ann").map((device) => device.macaddress)).toEqual(["AABBCC001122"]);
    expect(store.find("username", "bob").map((device) => device.macaddress)).toEqual(["AABBCC005566"]);
    expect(store.find("macaddress", "AABBCC003344")).toEqual([]);
    expect(store.byCompliance(false)).toEqual([]);
    expect(store.byCompliance(true)).toHaveLength(2);

    store.update("AABBCC001122", { registered: false });
    expect(store.byCompliance(true).map((device) => device.macaddress)).toEqual(["AABBCC005566"]);
    expect(store.update("AABBCC999999", { registered: true })).toBeUndefined();
  });

  it("does not let callers' objects change the stored devices", () => {
    const original = minimalDevice({ macaddress: "AABBCC001122" });
    const store = new DeviceStore([original]);
    original.compliant = false;
    expect(store.get("AABBCC001122")?.compliant).toBe(true);
  });
});
