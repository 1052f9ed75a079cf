/**
 * zod schemas for everything the simulator reads from outside: the inventory file, control API
 * bodies (device patches, fault switches). One schema per input, used at every boundary.
 */
import { z } from "zod";
import { normalizeMac } from "./identifiers";
import type { SimDevice, SimFaults } from "./types";

const macAddress = z.string().transform((value, ctx) => {
  const mac = normalizeMac(value);
  if (mac === null) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a MAC address (12 hex digits)` });
    return z.NEVER;
  }
  return mac;
});

// No whitespace or ":" because `guidhn` values are `<guid>:<hostname>`.
const guid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\s:]+$/, "a GUID contains no whitespace or ':'");

const optionalText = z.string().max(512).optional();

const deviceFields = {
  macaddress: macAddress,
  macaddresses: z.array(macAddress).max(5, "at most 5 MAC addresses (API v3)").optional(),
  guid,
  udid: optionalText,
  imei: optionalText,
  meid: optionalText,
  serial_number: optionalText,
  phone_number: optionalText,
  username: optionalText,
  manufacturer: optionalText,
  model: optionalText,
  os_version: optionalText,
  platform: z.enum(["iOS", "Android", "Windows", "macOS"]),
  registered: z.boolean(),
  compliant: z.boolean(),
  failure_reason: optionalText,
  remediation: optionalText,
  disk_encryption_on: z.boolean(),
  pin_lock_on: z.boolean(),
  jail_broken: z.boolean(),
  lastCheckinTimeStamp: z.number().int().nonnegative(),
  messages: z.array(z.string()).optional(),
  actions: z.array(z.strictObject({ type: z.string(), at: z.number().int().nonnegative() })).optional(),
};

export const simDeviceSchema = z.strictObject(deviceFields);

/**
 * The inventory file: `{ "devices": SimDevice[] }`. Optional `referenceTime` (ms since epoch): when
 * present, every lastCheckinTimeStamp is shifted by (load time − referenceTime), so a bundled
 * inventory keeps realistic "days since last check-in" however old the file is.
 */
export const inventoryFileSchema = z.strictObject({
  referenceTime: z.number().int().nonnegative().optional(),
  devices: z.array(simDeviceSchema),
});

/** PATCH /devices/:key and updateDevice(): any subset of the device fields. */
export const devicePatchSchema = z.strictObject(deviceFields).partial();

export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000),
  jitterMs: z.number().int().min(0).max(600_000),
  errorRate: z.number().min(0).max(1),
  hang: z.boolean(),
  reset: z.boolean(),
  certificate: z.enum(["valid", "untrusted", "expired"]),
  dialect: z.enum(["cisco", "intune"]),
  serverBusyWaitSeconds: z.number().int().min(0).max(86_400),
});

/** PUT /faults and setFaults(): a partial update. */
export const faultsPatchSchema = faultsSchema.partial();

// Compile-time guarantees that the schemas and the contract's interfaces describe the same shapes.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const deviceShapeMatches: Exact<z.output<typeof simDeviceSchema>, SimDevice> = true;
const faultShapeMatches: Exact<z.output<typeof faultsSchema>, SimFaults> = true;
void deviceShapeMatches;
void faultShapeMatches;

/** One readable line per problem, e.g. `compliant: Invalid input: expected boolean, received string`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
