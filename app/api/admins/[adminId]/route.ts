import { withRoute } from "@/lib/api/route";
import { getAdminOrThrow, updateAdmin } from "@/lib/db/admins";
import { getDb } from "@/lib/db/client";
import { updateAdminSchema } from "@/lib/validation/admin";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => ({ admin: await getAdminOrThrow(getDb(), { id: params.adminId! }) }));

export const PATCH = withRoute({ role: "super-admin", body: updateAdminSchema }, async ({ body, admin, params }) => ({
  admin: await updateAdmin(getDb(), { id: params.adminId!, input: body, actor: admin.username, actorId: admin.id }),
}));
