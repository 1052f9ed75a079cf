import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { getMdmSettings, updateMdmSettings } from "@/lib/db/mdm-settings";
import { mdmSettingsSchema } from "@/lib/validation/mdm-server";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ settings: await getMdmSettings(getDb()) }));

export const PUT = withRoute({ body: mdmSettingsSchema }, async ({ body, admin }) => ({
  settings: await updateMdmSettings(getDb(), { input: body, actor: admin.username }),
}));
