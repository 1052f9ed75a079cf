import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { listMdmServers } from "@/lib/db/mdm-servers";
import { createMdmServerSchema } from "@/lib/validation/mdm-server";
import { saveMdmServer } from "./save";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ servers: await listMdmServers(getDb()) }));

/** Create = Save: validates the connection; a failing one is saved with Enable off. */
export const POST = withRoute({ body: createMdmServerSchema }, async ({ body, admin }) =>
  saveMdmServer({ input: body, actor: admin.username }),
);
