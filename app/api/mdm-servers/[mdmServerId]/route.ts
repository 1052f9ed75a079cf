import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { deleteMdmServer, getMdmServerOrThrow } from "@/lib/db/mdm-servers";
import { updateMdmServerSchema } from "@/lib/validation/mdm-server";
import { saveMdmServer } from "../save";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => ({
  server: await getMdmServerOrThrow(getDb(), { id: params.mdmServerId! }),
}));

/** Save of the edit form: a blank password keeps the stored one; the connection is validated. */
export const PUT = withRoute({ body: updateMdmServerSchema }, async ({ body, admin, params }) =>
  saveMdmServer({ id: params.mdmServerId!, input: body, actor: admin.username }),
);

export const DELETE = withRoute({}, async ({ admin, params }) =>
  deleteMdmServer(getDb(), { id: params.mdmServerId!, actor: admin.username }),
);
