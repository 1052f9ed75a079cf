import { withRoute } from "@/lib/api/route";
import { createAuthorizationProfile, listAuthorizationProfiles } from "@/lib/db/authorization-profiles";
import { getDb } from "@/lib/db/client";
import { authorizationProfileSchema } from "@/lib/validation/authorization-profile";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => listAuthorizationProfiles(getDb()));

export const POST = withRoute({ body: authorizationProfileSchema }, async ({ body, admin }) =>
  createAuthorizationProfile(getDb(), { input: body, actor: admin.username }),
);
