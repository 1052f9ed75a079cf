import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { duplicateMdmServer } from "@/lib/db/mdm-servers";

export const dynamic = "force-dynamic";

export const POST = withRoute({}, async ({ admin, params }) => ({
  server: await duplicateMdmServer(getDb(), { id: params.mdmServerId!, actor: admin.username }),
}));
