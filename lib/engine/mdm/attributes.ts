import type { MdmDevice } from "./types";

/**
 * MDM dictionary values (ise-mdm-reference §4) derived from one lookup. Policy conditions compare against
 * exactly these strings, so the value sets are closed unions.
 *
 * Rules:
 * - Unreachable server (error, timeout, 5xx): only `MDMServerReachable = UnReachable` and the server name;
 *   no device attribute is known (§5).
 * - No device in the answer, or a device with `register_status` false: `DeviceRegisterStatus =
 *   UnRegistered` and nothing about compliance (the MDM does not manage it).
 * - Otherwise every attribute the MDM gave; attributes it left out stay absent rather than guessed.
 */
export interface MdmAttributeValues {
  MDMServerReachable: "Reachable" | "UnReachable";
  MDMServerName?: string;
  DeviceRegisterStatus?: "Registered" | "UnRegistered";
  DeviceCompliantStatus?: "Compliant" | "NonCompliant";
  DiskEncryptionStatus?: "On" | "Off";
  PinLockStatus?: "On" | "Off";
  JailBrokenStatus?: "Broken" | "Unbroken";
  MDMFailureReason?: string;
  DaysSinceLastCheckin?: number;
  IMEI?: string;
  MEID?: string;
  UDID?: string;
  SerialNumber?: string;
  PhoneNumber?: string;
  Manufacturer?: string;
  Model?: string;
  OsVersion?: string;
}

export type MdmAttributeName = keyof MdmAttributeValues;

export type MdmLookupOutcome = { reachable: true; device: MdmDevice | undefined } | { reachable: false };

export interface MdmAttributeOptions {
  /** Name of the MDM integration that answered (or failed to): `MDMServerName`. */
  serverName?: string;
  /** Reference time for DaysSinceLastCheckin; default now. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DAYS_SINCE_LAST_CHECKIN_MIN = 1;
export const DAYS_SINCE_LAST_CHECKIN_MAX = 365;

/**
 * Whole days since the device last checked in, clamped to the dictionary's range 1–365 (§4).
 * A check-in less than a day ago (0 whole days) — and a timestamp in the future from clock skew — gives 1:
 * the range has no 0, and "within the last day" is the truthful reading of its lowest value. Anything
 * older than a year gives 365.
 */
export function daysSinceLastCheckin(lastCheckin: Date, now: Date = new Date()): number {
  const days = Math.floor((now.getTime() - lastCheckin.getTime()) / DAY_MS);
  return Math.min(DAYS_SINCE_LAST_CHECKIN_MAX, Math.max(DAYS_SINCE_LAST_CHECKIN_MIN, days));
}

const onOff = (value: boolean): "On" | "Off" => (value ? "On" : "Off");

export function mdmAttributeValues(outcome: MdmLookupOutcome, options: MdmAttributeOptions = {}): MdmAttributeValues {
  const values: MdmAttributeValues = { MDMServerReachable: outcome.reachable ? "Reachable" : "UnReachable" };
  if (options.serverName !== undefined) values.MDMServerName = options.serverName;
  if (!outcome.reachable) return values;

  const device = outcome.device;
  if (!device || !device.registered) {
    values.DeviceRegisterStatus = "UnRegistered";
    return values;
  }
  values.DeviceRegisterStatus = "Registered";
  if (device.compliance.status !== undefined) {
    values.DeviceCompliantStatus = device.compliance.status ? "Compliant" : "NonCompliant";
  }
  if (device.compliance.failureReason !== undefined) values.MDMFailureReason = device.compliance.failureReason;
  if (device.diskEncryptionOn !== undefined) values.DiskEncryptionStatus = onOff(device.diskEncryptionOn);
  if (device.pinLockOn !== undefined) values.PinLockStatus = onOff(device.pinLockOn);
  if (device.jailBroken !== undefined) values.JailBrokenStatus = device.jailBroken ? "Broken" : "Unbroken";
  if (device.lastCheckin !== undefined) values.DaysSinceLastCheckin = daysSinceLastCheckin(device.lastCheckin, options.now);
  if (device.imei !== undefined) values.IMEI = device.imei;
  if (device.meid !== undefined) values.MEID = device.meid;
  if (device.udid !== undefined) values.UDID = device.udid;
  if (device.serialNumber !== undefined) values.SerialNumber = device.serialNumber;
  if (device.phoneNumber !== undefined) values.PhoneNumber = device.phoneNumber;
  if (device.manufacturer !== undefined) values.Manufacturer = device.manufacturer;
  if (device.model !== undefined) values.Model = device.model;
  if (device.osVersion !== undefined) values.OsVersion = device.osVersion;
  return values;
}
