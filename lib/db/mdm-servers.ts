import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import type { MdmServerForm } from "../validation/mdm-server";
import type { TestConnectionResult } from "../validation/mdm-connection";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

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
