// Network devices (NADs): the switches and controllers allowed to send RADIUS. The shared secret is sealed
// at rest and never returned (write-only); every write is audited and bumps the configuration version.
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { parseIpRange, rangesOverlap } from "../validation/ip-range";
import type { CreateNetworkDeviceInput, UpdateNetworkDeviceInput } from "../validation/network-device";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

type Row = Awaited<ReturnType<Db["networkDevice"]["findFirstOrThrow"]>>;

/** What any API may return about a network device: everything but the secret. */
export type NetworkDeviceView = Omit<Row, "secretEncrypted">;

function view(row: Row): NetworkDeviceView {
  const { secretEncrypted: _secret, ...rest } = row;
  return rest;
}

export async function listNetworkDevices(db: Db): Promise<NetworkDeviceView[]> {
  const rows = await db.networkDevice.findMany({ orderBy: { name: "asc" } });
  return rows.map(view);
}

export async function countNetworkDevices(db: Db): Promise<number> {
  return db.networkDevice.count();
}

export async function getNetworkDeviceOrThrow(db: Db, { id }: { id: string }): Promise<NetworkDeviceView> {
  const row = await db.networkDevice.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This network device does not exist");
  return view(row);
}

/**
 * Refuses a range that overlaps another device's: a source address must identify exactly one NAD (and one
 * shared secret). The message names the device in the way.
 */
async function assertNoConflict(db: Db, input: { name: string; address: string }, exceptId?: string) {
  const parsed = parseIpRange(input.address);
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, { address: parsed.message });
  const others = await db.networkDevice.findMany({
    where: exceptId ? { id: { not: exceptId } } : {},
    select: { id: true, name: true, address: true },
  });
  for (const other of others) {
    if (other.name.toLowerCase() === input.name.toLowerCase()) {
      throw new AppError("CONFLICT", `A network device named "${other.name}" already exists`, { name: "This name is taken" });
    }
    const range = parseIpRange(other.address);
    if (range.ok && rangesOverlap(parsed.range, range.range)) {
      const message =
        range.range.text === parsed.range.text
          ? `${parsed.range.text} is already the address of "${other.name}"`
          : `${parsed.range.text} overlaps ${range.range.text} of "${other.name}"`;
      throw new AppError("CONFLICT", `${message}. A source address must match only one network device.`, {
        address: message,
      });
    }
  }
  return parsed.range.text;
}

export async function createNetworkDevice(
  db: Db,
  box: SecretBox,
  input: CreateNetworkDeviceInput,
  actor: string,
): Promise<NetworkDeviceView> {
  const address = await assertNoConflict(db, input);
  const { secret, ...fields } = input;
  const row = await db.networkDevice.create({
    data: { ...fields, address, description: fields.description || null, secretEncrypted: box.seal(secret) },
  });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "network-device",
    entityId: row.id,
    summary: `Created network device ${row.name} (${row.address})`,
    details: { ...fields, address },
  });
  return view(row);
}

const AUDITED_FIELDS = ["name", "address", "vendorProfile", "coaPort", "requireMessageAuthenticator", "description"] as const;

export async function updateNetworkDevice(
  db: Db,
  box: SecretBox,
  { id, input, actor }: { id: string; input: UpdateNetworkDeviceInput; actor: string },
): Promise<NetworkDeviceView> {
  const before = await getNetworkDeviceOrThrow(db, { id });
  const address = await assertNoConflict(db, input, id);
  const { secret, ...fields } = input;
  const secretChanged = Boolean(secret);
  const row = await db.networkDevice.update({
    where: { id },
    data: {
      ...fields,
      address,
      description: fields.description || null,
      ...(secret ? { secretEncrypted: box.seal(secret) } : {}),
    },
  });
  const changes: Record<string, { from: unknown; to: unknown } | "changed"> = {};
  for (const field of AUDITED_FIELDS) {
    if ((before[field] ?? null) !== (row[field] ?? null)) changes[field] = { from: before[field], to: row[field] };
  }
  if (secretChanged) changes.secret = "changed";
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "network-device",
    entityId: id,
    summary: `Updated network device ${row.name}: ${Object.keys(changes).join(", ") || "no changes"}`,
    details: changes,
  });
  return view(row);
}

export async function deleteNetworkDevice(db: Db, { id, actor }: { id: string; actor: string }): Promise<void> {
  const before = await getNetworkDeviceOrThrow(db, { id });
  await db.networkDevice.delete({ where: { id } });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "delete",
    entityType: "network-device",
    entityId: id,
    summary: `Deleted network device ${before.name} (${before.address})`,
  });
}

/** Every device with its secret opened: for the engine's configuration snapshot only. */
export async function listNetworkDevicesWithSecrets(db: Db, box: SecretBox) {
  const rows = await db.networkDevice.findMany({ orderBy: { name: "asc" } });
  return rows.map((row) => ({ ...view(row), secret: box.open(row.secretEncrypted) }));
}
