import { withRoute } from "@/lib/api/route";
import { createAdmin, listAdmins } from "@/lib/db/admins";
import { getDb } from "@/lib/db/client";
import { createAdminSchema } from "@/lib/validation/admin";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ admins: await listAdmins(getDb()) }));

export const POST = withRoute({ role: "super-admin", body: createAdminSchema }, async ({ body, admin }) => ({
  admin: await createAdmin(getDb(), body, admin.username),
}));
