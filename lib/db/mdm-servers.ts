import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import type { MdmServerForm } from "../validation/mdm-server";
import type { TestConnectionResult } from "../validation/mdm-connection";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";
import { ensureMdmDictionary } from "./dictionary";

/** What any API may return about an MDM server: everything but the password. */
export type MdmServerView = Omit<
  Awaited<ReturnType<Db["mdmServer"]["findFirstOrThrow"]>>,
  "passwordEncrypted" | "deviceIdentifiers"
> & {
  deviceIdentifiers: string[];
};

function view(row: Awaited<ReturnType<Db["mdmServer"]["findFirstOrThrow"]>>): MdmServerView {
  const { passwordEncrypted: _secret, deviceIdentifiers, ...rest } = row;
  return { ...rest, deviceIdentifiers: JSON.parse(deviceIdentifiers) as string[] };
}

export async function listMdmServers(db: Db): Promise<MdmServerView[]> {
  const rows = await db.mdmServer.findMany({ orderBy: [{ lookupOrder: "asc" }, { name: "asc" }] });
  return rows.map(view);
}

export async function countMdmServers(db: Db): Promise<number> {
  return db.mdmServer.count();
}

export async function getMdmServerOrThrow(db: Db, { id }: { id: string }): Promise<MdmServerView> {
  const row = await db.mdmServer.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This MDM server does not exist");
  return view(row);
}

export async function createMdmServer(
  db: Db,
  box: SecretBox,
  input: MdmServerForm & { password: string },
  actor: string,
): Promise<MdmServerView> {
  if (await db.mdmServer.findUnique({ where: { name: input.name } })) {
    throw new AppError("CONFLICT", `An MDM server named "${input.name}" already exists`, { name: "This name is taken" });
  }
  const last = await db.mdmServer.aggregate({ _max: { lookupOrder: true } });
  const { password, deviceIdentifiers, ...fields } = input;
  const row = await db.mdmServer.create({
    data: {
      ...fields,
      instance: fields.instance ?? null,
      passwordEncrypted: box.seal(password),
      deviceIdentifiers: JSON.stringify(deviceIdentifiers),
      lookupOrder: (last._max.lookupOrder ?? -1) + 1,
    },
  });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "mdm-server",
    entityId: row.id,
    summary: `Created MDM server ${row.name} (${row.host}:${row.port})`,
    details: { ...fields },
  });
  return view(row);
}

/** The connection settings of a stored server, password decrypted: for the engine and Test Connection only. */
export async function getMdmServerConnection(db: Db, box: SecretBox, { id }: { id: string }) {
  const row = await db.mdmServer.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This MDM server does not exist");
  return {
    host: row.host,
    port: row.port,
    instance: row.instance ?? undefined,
    username: row.username,
    password: box.open(row.passwordEncrypted),
  };
}

/** Stores a Test Connection result; a success also stores what discovery returned. */
export async function recordMdmTestResult(
  db: Db,
  { id, result, actor }: { id: string; result: TestConnectionResult; actor: string },
) {
  const anchor = result.steps.find((step) => step.name === "tls")?.data?.anchor?.fingerprint256;
  const at = new Date(result.testedAt);
  const row = await db.mdmServer.update({
    where: { id },
    data: {
      lastTestAt: at,
      lastTestOutcome: result.outcome,
      lastTestMessage: result.message,
      ...(result.ok && result.discovery
        ? {
            lastContactAt: at,
            apiVersion: result.discovery.apiVersion,
            apiPath: result.discovery.apiPath,
            redirectUrl: result.discovery.redirectUrl ?? null,
            queryMaxSize: result.discovery.queryMaxSize ?? null,
            messagingSupport: result.discovery.messagingSupport,
            vendor: result.discovery.vendor ?? null,
            productName: result.discovery.productName ?? null,
            productVersion: result.discovery.productVersion ?? null,
            trustAnchorSha256: anchor ?? null,
          }
        : {}),
    },
  });
  if (result.ok) await ensureMdmDictionary(db);
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "test",
    entityType: "mdm-server",
    entityId: id,
    summary: `Test Connection of ${row.name}: ${result.message}`,
    details: { outcome: result.outcome, errorCode: result.errorCode },
  });
  return view(row);
}

const CONNECTION_FIELDS = ["host", "port", "instance", "username"] as const;
const AUDITED_FIELDS = [
  "name",
  "serverType",
  "authType",
  "host",
  "port",
  "instance",
  "username",
  "description",
  "pollingIntervalMinutes",
  "cacheExpirationMinutes",
  "deviceIdentifiers",
  "isEnabled",
] as const;

function fieldValue(value: unknown): unknown {
  return value === undefined || value === "" ? null : value;
}

/** Field → { from, to } for the audit log; the password appears only as "changed", never its value. */
function diff(before: MdmServerView, after: MdmServerForm, passwordChanged: boolean) {
  const changes: Record<string, { from: unknown; to: unknown } | "changed"> = {};
  for (const field of AUDITED_FIELDS) {
    const from = fieldValue(before[field]);
    const to = fieldValue(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  if (passwordChanged) changes.password = "changed";
  return changes;
}

function describeChanges(changes: ReturnType<typeof diff>): string {
  const parts = Object.entries(changes).map(([field, change]) =>
    change === "changed" || field === "description"
      ? `${field} changed`
      : `${field} ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`,
  );
  return parts.length ? parts.join(", ") : "no changes";
}

/** Updates every field of the form; a blank password keeps the stored one. */
export async function updateMdmServer(
  db: Db,
  box: SecretBox,
  { id, input, actor }: { id: string; input: MdmServerForm; actor: string },
): Promise<MdmServerView> {
  const before = await getMdmServerOrThrow(db, { id });
  const clash = await db.mdmServer.findFirst({ where: { name: input.name, id: { not: id } } });
  if (clash) throw new AppError("CONFLICT", `An MDM server named "${input.name}" already exists`, { name: "This name is taken" });
  const { password, deviceIdentifiers, ...fields } = input;
  const changes = diff(before, input, Boolean(password));
  const connectionChanged = CONNECTION_FIELDS.some((field) => field in changes) || Boolean(password);
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.mdmServer.update({
      where: { id },
      data: {
        ...fields,
        instance: fields.instance ?? null,
        description: fields.description || null,
        deviceIdentifiers: JSON.stringify(deviceIdentifiers),
        ...(password ? { passwordEncrypted: box.seal(password) } : {}),
        // A changed connection makes the old test result and trust anchor stale.
        ...(connectionChanged ? { lastTestOutcome: null, lastTestMessage: null, lastTestAt: null, trustAnchorSha256: null } : {}),
      },
    });
    await bumpConfigVersion(tx);
    return updated;
  });
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "mdm-server",
    entityId: id,
    summary: `Updated MDM server ${row.name}: ${describeChanges(changes)}`,
    details: { changes },
  });
  return view(row);
}

/** Turns Enable off (Save with a failing connection, seed 001). */
export async function disableMdmServer(db: Db, { id, actor, reason }: { id: string; actor: string; reason: string }) {
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.mdmServer.update({ where: { id }, data: { isEnabled: false } });
    await bumpConfigVersion(tx);
    return updated;
  });
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "mdm-server",
    entityId: id,
    summary: `Saved MDM server ${row.name} with Enable off: ${reason}`,
    details: { changes: { isEnabled: { from: true, to: false } }, reason },
  });
  return view(row);
}

export async function deleteMdmServer(db: Db, { id, actor }: { id: string; actor: string }) {
  const row = await getMdmServerOrThrow(db, { id });
  await db.$transaction(async (tx) => {
    await tx.mdmServer.delete({ where: { id } });
    await bumpConfigVersion(tx);
  });
  await recordAudit(db, {
    actor,
    action: "delete",
    entityType: "mdm-server",
    entityId: id,
    summary: `Deleted MDM server ${row.name} (${row.host}:${row.port})`,
  });
  return { deleted: id };
}

/** A disabled copy named "Copy of …" (password included, still encrypted; no test results). */
export async function duplicateMdmServer(db: Db, { id, actor }: { id: string; actor: string }): Promise<MdmServerView> {
  const source = await db.mdmServer.findUnique({ where: { id } });
  if (!source) throw new AppError("NOT_FOUND", "This MDM server does not exist");
  const names = new Set((await db.mdmServer.findMany({ select: { name: true } })).map((r) => r.name));
  let name = `Copy of ${source.name}`.slice(0, 64);
  for (let n = 2; names.has(name); n++) name = `Copy ${n} of ${source.name}`.slice(0, 64);
  const last = await db.mdmServer.aggregate({ _max: { lookupOrder: true } });
  const row = await db.$transaction(async (tx) => {
    const created = await tx.mdmServer.create({
      data: {
        name,
        serverType: source.serverType,
        authType: source.authType,
        host: source.host,
        port: source.port,
        instance: source.instance,
        username: source.username,
        passwordEncrypted: source.passwordEncrypted,
        description: source.description,
        pollingIntervalMinutes: source.pollingIntervalMinutes,
        cacheExpirationMinutes: source.cacheExpirationMinutes,
        deviceIdentifiers: source.deviceIdentifiers,
        isEnabled: false,
        lookupOrder: (last._max.lookupOrder ?? -1) + 1,
      },
    });
    await bumpConfigVersion(tx);
    return created;
  });
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "mdm-server",
    entityId: row.id,
    summary: `Duplicated MDM server ${source.name} as ${row.name} (disabled)`,
  });
  return view(row);
}

/** Whether the given connection values are the stored ones (a test of them describes the saved server). */
export async function isStoredConnection(
  db: Db,
  {
    id,
    host,
    port,
    instance,
    username,
    hasNewPassword,
  }: {
    id: string;
    host: string;
    port: number;
    instance?: string;
    username: string;
    hasNewPassword: boolean;
  },
): Promise<boolean> {
  if (hasNewPassword) return false;
  const row = await db.mdmServer.findUnique({ where: { id } });
  return Boolean(
    row && row.host === host && row.port === port && (row.instance ?? undefined) === instance && row.username === username,
  );
}

/**
 * Audits a Test Connection of values that are not (or not yet) a saved server's; a success still makes
 * the MDM dictionary available (the MDM answered).
 */
export async function recordUnsavedMdmTest(
  db: Db,
  { result, actor, target, mdmServerId }: { result: TestConnectionResult; actor: string; target: string; mdmServerId?: string },
) {
  if (result.ok) await ensureMdmDictionary(db);
  await recordAudit(db, {
    actor,
    action: "test",
    entityType: "mdm-server",
    entityId: mdmServerId ?? null,
    summary: `Test Connection of ${target} (unsaved values): ${result.message}`,
    details: { outcome: result.outcome, errorCode: result.errorCode },
  });
}

/**
 * The stored password is only ever sent to the host and port it was saved for: a blank password with a
 * changed host or port must be entered again (otherwise an edit could send it to any server).
 */
export async function assertStoredPasswordUsable(db: Db, { id, host, port }: { id: string; host: string; port: number }) {
  const row = await db.mdmServer.findUnique({ where: { id }, select: { host: true, port: true } });
  if (!row) throw new AppError("NOT_FOUND", "This MDM server does not exist (it may have been deleted)");
  if (row.host.toLowerCase() !== host.toLowerCase() || row.port !== port) {
    const message =
      "Enter the password again: the host or port changed, and the stored password is only sent to the saved server";
    throw new AppError("VALIDATION", message, { password: message });
  }
}
