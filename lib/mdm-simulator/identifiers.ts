/**
 * Normalisation of the device keys the ISE MDM API queries by (ISE MDM reference §1.2), so that a
 * lookup matches however the caller spelled the value.
 */

const MAC_SEPARATORS = /[\s:.-]/g;
const TWELVE_HEX = /^[0-9A-F]{12}$/;

/**
 * Accepts `0026B424FEB4`, `00:26:b4:24:fe:b4`, `00-26-B4-24-FE-B4`, `0026.b424.feb4`; returns the
 * API form (12 upper-case hex digits, ISE MDM reference §1.2) or null when it is not a MAC address.
 */
export function normalizeMac(value: string): string | null {
  const compact = value.replace(MAC_SEPARATORS, "").toUpperCase();
  return TWELVE_HEX.test(compact) ? compact : null;
}

/** GUIDs compare case-insensitively (ISE MDM reference §2: lower-case for comparison). */
export function normalizeGuid(value: string): string {
  return value.trim().toLowerCase();
}

/** `guidhn` carries `<guid>` or `<guid>:<hostname>`; only the GUID part identifies the device. */
export function guidFromGuidHn(value: string): string {
  const colon = value.indexOf(":");
  return normalizeGuid(colon === -1 ? value : value.slice(0, colon));
}

/** IMEI is 15 digits, often written with spaces or dashes. */
export function normalizeImei(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** MEID is 14 hex digits, case-insensitive. */
export function normalizeMeid(value: string): string {
  return value.replace(/[\s-]/g, "").toUpperCase();
}

/** UDIDs are hex (40 digits, or 8-16 with a dash on newer iPhones); compare case-insensitively. */
export function normalizeUdid(value: string): string {
  return value.trim().toUpperCase();
}

/** Directory user names compare case-insensitively. */
export function normalizeUsername(value: string): string {
  return value.trim().toLowerCase();
}
