import { getEngineClient } from "@/lib/api/engine";
import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import {
  assertStoredPasswordUsable,
  getMdmServerOrThrow,
  isStoredConnection,
  recordMdmTestResult,
  recordUnsavedMdmTest,
} from "@/lib/db/mdm-servers";
import { mdmTestConnectionSchema } from "@/lib/validation/mdm-server";

export const dynamic = "force-dynamic";

/**
 * Test Connection with the form's current values (saved or not), run by the engine. A test of a saved
 * server's stored values is recorded on it (status, discovery); other tests are audited only.
 */
export const POST = withRoute({ body: mdmTestConnectionSchema }, async ({ body, admin }) => {
  const db = getDb();
  if (body.mdmServerId) await getMdmServerOrThrow(db, { id: body.mdmServerId });
  if (body.mdmServerId && !body.password) await assertStoredPasswordUsable(db, { id: body.mdmServerId, ...body });
  const result = await getEngineClient().testConnection({
    host: body.host,
    port: body.port,
    instance: body.instance,
    username: body.username,
    password: body.password || undefined,
    mdmServerId: body.mdmServerId,
    timeoutMs: 10_000,
  });
  const stored =
    body.mdmServerId !== undefined &&
    (await isStoredConnection(db, { id: body.mdmServerId, ...body, hasNewPassword: Boolean(body.password) }));
  if (stored) {
    await recordMdmTestResult(db, { id: body.mdmServerId!, result, actor: admin.username });
  } else {
    const target = `${body.host}:${body.port}${body.instance ? `/${body.instance}` : ""} as ${body.username}`;
    await recordUnsavedMdmTest(db, { result, actor: admin.username, target, mdmServerId: body.mdmServerId });
  }
  return { result, recorded: stored };
});
