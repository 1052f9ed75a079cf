// Save = validate the connection the way Test Connection does; on failure the server is saved with
// Enable off and the answer says why (seed 001). Shared by create (POST) and update (PUT).
import { getEngineClient } from "@/lib/api/engine";
import { getDb } from "@/lib/db/client";
import {
  assertStoredPasswordUsable,
  createMdmServer,
  recordMdmTestResult,
  updateMdmServer,
  type MdmServerView,
} from "@/lib/db/mdm-servers";
import { AppError, isAppError } from "@/lib/errors";
import { SecretBox } from "@/lib/secret-box";
import { getEnv } from "@/lib/env";
import type { TestConnectionResult } from "@/lib/validation/mdm-connection";
import type { MdmServerForm } from "@/lib/validation/mdm-server";

export type SaveMdmServerResult = {
  server: MdmServerView;
  /** The connection check Save ran (null when the engine could not run it). */
  test: TestConnectionResult | null;
  /** Set when Enable was requested but the server was saved disabled, with the reason. */
  savedDisabledBecause: string | null;
};

export async function saveMdmServer({
  id,
  input,
  actor,
}: {
  id?: string;
  input: MdmServerForm;
  actor: string;
}): Promise<SaveMdmServerResult> {
  const db = getDb();
  // Cheap checks first: a taken name should not wait for a network test.
  const clash = await db.mdmServer.findFirst({ where: { name: input.name, ...(id ? { id: { not: id } } : {}) } });
  if (clash) throw new AppError("CONFLICT", `An MDM server named "${input.name}" already exists`, { name: "This name is taken" });
  if (id) {
    const exists = await db.mdmServer.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new AppError("NOT_FOUND", "This MDM server does not exist (it may have been deleted)");
    if (!input.password) await assertStoredPasswordUsable(db, { id, host: input.host, port: input.port });
  }

  let test: TestConnectionResult | null = null;
  let failure: string | null = null;
  try {
    test = await getEngineClient().testConnection({
      host: input.host,
      port: input.port,
      instance: input.instance,
      username: input.username,
      password: input.password || undefined,
      mdmServerId: id,
      timeoutMs: 10_000,
    });
    if (!test.ok) failure = test.message;
  } catch (error) {
    if (!isAppError(error) || error.code !== "ENGINE_UNAVAILABLE") throw error;
    failure = `The connection could not be validated: ${error.message}`;
  }
  const enable = input.isEnabled && failure === null;
  const values = { ...input, isEnabled: enable };
  const box = SecretBox.fromEnv(getEnv());
  let server = id
    ? await updateMdmServer(db, box, { id, input: values, actor })
    : await createMdmServer(db, box, { ...values, password: input.password ?? "" }, actor);
  if (test) server = await recordMdmTestResult(db, { id: server.id, result: test, actor });
  return { server, test, savedDisabledBecause: input.isEnabled && failure ? failure : null };
}
