import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { daysSinceLastCheckin, mdmAttributeValues } from "./attributes";
import { parseDeviceList } from "./parser";

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const page = (name: string) => parseDeviceList(fs.readFileSync(path.join(fixturesDir, name), "utf8"));
const now = new Date("2024-06-10T12:00:00.000Z");

describe("mdmAttributeValues", () => {
  it("maps a registered, compliant v3 device onto the dictionary's values", () => {
    const device = page("devices-v3-page.xml").devices[0];
    expect(mdmAttributeValues({ reachable: true, device }, { serverName: "Simulator", now })).toEqual({
      MDMServerReachable: "Reachable",
      MDMServerName: "Simulator",
      DeviceRegisterStatus: "Registered",
      DeviceCompliantStatus: "Compliant",
      DiskEncryptionStatus: "On",
      PinLockStatus: "On",
      JailBrokenStatus: "Unbroken",
      DaysSinceLastCheckin: 9,
      UDID: "00008110-000A1B2C3D4E5F60",
      SerialNumber: "F2LZK1ABCD12",
      Manufacturer: "Apple Inc.",
      Model: "iPhone 14",
      OsVersion: "iOS 17.4",
    });
  });

  it("maps a non-compliant device with its failure reason", () => {
    const device = page("devices-v2-single.xml").devices[0];
    const values = mdmAttributeValues({ reachable: true, device });
    expect(values.DeviceCompliantStatus).toBe("NonCompliant");
    expect(values.MDMFailureReason).toBe("OS version out of date");
    expect(values.PinLockStatus).toBe("Off");
    expect(values.IMEI).toBe("356938035643809");
    expect(values.PhoneNumber).toBe("+15555550102");
    expect(values.DaysSinceLastCheckin).toBeUndefined();
  });

  it("maps a jailbroken device to Broken", () => {
    const device = page("devices-v3-page.xml").devices[1];
    expect(mdmAttributeValues({ reachable: true, device }).JailBrokenStatus).toBe("Broken");
  });

  it("gives UnRegistered, and nothing about compliance, for an empty deviceList", () => {
    const device = page("devices-empty.xml").devices[0];
    expect(mdmAttributeValues({ reachable: true, device }, { serverName: "A" })).toEqual({
      MDMServerReachable: "Reachable",
      MDMServerName: "A",
      DeviceRegisterStatus: "UnRegistered",
    });
  });

  it("gives UnRegistered for a device listed with register_status false", () => {
    const device = parseDeviceList(
      "<ise_api><deviceList><device><attributes><register_status>false</register_status><compliance><status>true</status></compliance></attributes></device></deviceList></ise_api>",
    ).devices[0];
    expect(mdmAttributeValues({ reachable: true, device })).toEqual({
      MDMServerReachable: "Reachable",
      DeviceRegisterStatus: "UnRegistered",
    });
  });

  it("gives only UnReachable when the server could not be asked", () => {
    expect(mdmAttributeValues({ reachable: false }, { serverName: "A" })).toEqual({
      MDMServerReachable: "UnReachable",
      MDMServerName: "A",
    });
  });

  it("leaves out what a sparse (Intune) answer does not say", () => {
    const device = page("devices-intune.xml").devices[0];
    const values = mdmAttributeValues({ reachable: true, device }, { now });
    expect(values).toEqual({
      MDMServerReachable: "Reachable",
      DeviceRegisterStatus: "Registered",
      DeviceCompliantStatus: "NonCompliant",
      MDMFailureReason: "Device is not encrypted",
      DiskEncryptionStatus: "Off",
      DaysSinceLastCheckin: 9,
    });
  });
});

describe("daysSinceLastCheckin", () => {
  const at = (iso: string) => new Date(iso);
  it("counts whole days", () => {
    expect(daysSinceLastCheckin(at("2024-06-08T12:00:00Z"), now)).toBe(2);
    expect(daysSinceLastCheckin(at("2024-06-08T12:00:01Z"), now)).toBe(1);
  });
  it("gives 1 for a check-in less than a day ago and for a future timestamp", () => {
    expect(daysSinceLastCheckin(at("2024-06-10T11:59:00Z"), now)).toBe(1);
    expect(daysSinceLastCheckin(at("2024-06-11T00:00:00Z"), now)).toBe(1);
  });
  it("caps at 365", () => {
    expect(daysSinceLastCheckin(at("2023-06-10T12:00:00Z"), now)).toBe(365);
    expect(daysSinceLastCheckin(at("2020-01-01T00:00:00Z"), now)).toBe(365);
    expect(daysSinceLastCheckin(at("2023-06-12T12:00:00Z"), now)).toBe(364);
  });
});
