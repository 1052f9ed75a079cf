/**
 * Where the simulator's devices come from: the bundled inventory (./inventory.json), an inventory file,
 * a programmatic list, or a deterministic synthetic population for scale tests.
 */
import { readFileSync } from "node:fs";
import bundledInventory from "./inventory.json";
import { describeZodError, inventoryFileSchema } from "./schemas";
import type { SimDevice, SimPlatform } from "./types";

export class InventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InventoryError";
  }
}

/** Validates and normalises an inventory document (see inventoryFileSchema), shifting check-in times. */
export function parseInventory(document: unknown, source: string, now = Date.now()): SimDevice[] {
  const parsed = inventoryFileSchema.safeParse(document);
  if (!parsed.success) throw new InventoryError(`Invalid inventory (${source}): ${describeZodError(parsed.error)}`);
  const { referenceTime, devices } = parsed.data;
  if (referenceTime === undefined) return devices;
  const shift = now - referenceTime;
  return devices.map((device) => ({ ...device, lastCheckinTimeStamp: Math.max(0, device.lastCheckinTimeStamp + shift) }));
}

/** The bundled ~50-device inventory, including the fixed devices of the simulator/client contract. */
export function loadBundledInventory(now = Date.now()): SimDevice[] {
  return parseInventory(bundledInventory, "bundled inventory.json", now);
}

/** Reads a JSON inventory file (`{ "devices": SimDevice[] }`). */
export function loadInventoryFile(path: string, now = Date.now()): SimDevice[] {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InventoryError(`Cannot read inventory ${path}: ${(error as Error).message}`);
  }
  return parseInventory(document, path, now);
}

// ---------------------------------------------------------------------------------------------------
// Synthetic devices: a pure function of the index, so that any run (and any test) can predict them.

/** Synthetic MACs put the index in the low 24 bits, so indexes must stay below 2^24. */
export const MAX_SYNTHETIC_DEVICES = 0xffffff;

const PLATFORMS: readonly SimPlatform[] = ["iOS", "Android", "Windows", "macOS"];

// Real vendor OUIs per platform, so synthetic MACs look like the devices they claim to be.
const OUI: Record<SimPlatform, string> = { iOS: "F0D1A9", Android: "8425DB", Windows: "A4C3F0", macOS: "3C2EFF" };

const MODELS: Record<SimPlatform, readonly [manufacturer: string, model: string, osVersion: string][]> = {
  iOS: [
    ["Apple Inc.", "iPhone 15", "iOS 17.5.1"],
    ["Apple Inc.", "iPhone 14", "iOS 17.4.1"],
    ["Apple Inc.", "iPad Air (5th generation)", "iPadOS 17.2"],
  ],
  Android: [
    ["samsung", "SM-A546B (Galaxy A54 5G)", "Android 14"],
    ["Google", "Pixel 8", "Android 14"],
    ["motorola", "moto g84 5G", "Android 13"],
  ],
  Windows: [
    ["Dell Inc.", "Latitude 5440", "Windows 11 23H2 (10.0.22631)"],
    ["LENOVO", "ThinkPad T14 Gen 4", "Windows 11 23H2 (10.0.22631)"],
    ["HP", "EliteBook 840 G10", "Windows 11 22H2 (10.0.22621)"],
  ],
  macOS: [
    ["Apple Inc.", "MacBook Air (M2, 2022)", "macOS 14.4.1"],
    ["Apple Inc.", "MacBook Pro (14-inch, 2023)", "macOS 14.5"],
  ],
};

const FAILURES: readonly [reason: string, remediation: string][] = [
  ["OS version out of date", "Install the latest operating system update"],
  ["Disk encryption is off", "Turn on device encryption"],
  ["Passcode not set", "Set a device passcode of at least 6 digits"],
  ["Device has not checked in for 30 days", "Open the Company Portal app to check in"],
];

/** A 32-bit integer hash (lowbias32), so every field is a pure function of the device index. */
function hash32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

// Number#toString(16) is slow in V8; a byte table keeps 100 000 GUIDs well under a second.
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const hexByte = (value: number): string => HEX_BYTE[value & 0xff] as string;
const hex8 = (value: number): string => hexByte(value >>> 24) + hexByte(value >>> 16) + hexByte(value >>> 8) + hexByte(value);

/** Appends the Luhn check digit (IMEIs are 14 digits + Luhn, 3GPP TS 23.003 §6.2.1). */
function withLuhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

export function syntheticPlatform(index: number): SimPlatform {
  return PLATFORMS[index % PLATFORMS.length] as SimPlatform;
}

/** The MAC address of synthetic device `index`: platform OUI + index as the low 24 bits. */
export function syntheticDeviceMac(index: number): string {
  return OUI[syntheticPlatform(index)] + (hexByte(index >>> 16) + hexByte(index >>> 8) + hexByte(index)).toUpperCase();
}

/** A stable, version-4-shaped GUID (RFC 9562 §5.4 layout) for synthetic device `index`. */
export function syntheticDeviceGuid(index: number): string {
  const a = hex8(hash32(index * 4 + 1));
  const b = hex8(hash32(index * 4 + 2));
  const c = hash32(index * 4 + 3);
  const d = hex8(hash32(index * 4 + 4));
  // Version nibble 4, variant bits 10xx.
  const clockSeq = hexByte(((c >>> 24) & 0x3f) | 0x80) + hexByte(c >>> 16);
  const tail = hex8(c).slice(4);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${clockSeq}-${tail}${d}`;
}

/**
 * Synthetic device `index`: about 10 % registered-but-non-compliant, 2 % unregistered, and one in
 * ten of the non-compliant ones jailbroken (or rooted). Check-ins spread over the two days before `now`.
 */
export function syntheticDevice(index: number, now: number): SimDevice {
  const platform = syntheticPlatform(index);
  const roll = hash32(index) % 1000;
  const registered = roll >= 20;
  const compliant = !registered || roll >= 120;
  const models = MODELS[platform];
  const [manufacturer, model, osVersion] = models[hash32(index + 7) % models.length] as [string, string, string];
  const device: SimDevice = {
    macaddress: syntheticDeviceMac(index),
    guid: syntheticDeviceGuid(index),
    serial_number: `SIM${String(index).padStart(9, "0")}`,
    manufacturer,
    model,
    os_version: osVersion,
    platform,
    registered,
    compliant: registered && compliant,
    disk_encryption_on: true,
    pin_lock_on: true,
    jail_broken: false,
    lastCheckinTimeStamp: now - (hash32(index + 13) % (2 * 86_400_000)),
  };
  if (registered) device.username = `user${String(index).padStart(6, "0")}`;
  if (platform === "iOS" || platform === "Android") device.imei = withLuhn(`35${String(index).padStart(12, "0")}`);
  if (platform === "iOS" || platform === "macOS") device.udid = hex8(hash32(index + 17)) + hex8(hash32(index + 19));
  if (registered && !compliant) {
    const jailbroken = (platform === "iOS" || platform === "Android") && roll % 10 === 0;
    if (jailbroken) {
      device.jail_broken = true;
      device.failure_reason = platform === "iOS" ? "Device is jailbroken" : "Device is rooted";
      device.remediation = "Restore the device to factory firmware, then re-enrol";
    } else {
      const [reason, remediation] = FAILURES[roll % FAILURES.length] as [string, string];
      device.failure_reason = reason;
      device.remediation = remediation;
      if (reason === "Disk encryption is off") device.disk_encryption_on = false;
      if (reason === "Passcode not set") device.pin_lock_on = false;
    }
  }
  return device;
}

export function syntheticInventory(count: number, now = Date.now()): SimDevice[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SYNTHETIC_DEVICES) {
    throw new InventoryError(`syntheticDevices must be an integer from 0 to ${MAX_SYNTHETIC_DEVICES}`);
  }
  const devices = new Array<SimDevice>(count);
  for (let index = 0; index < count; index++) devices[index] = syntheticDevice(index, now);
  return devices;
}
