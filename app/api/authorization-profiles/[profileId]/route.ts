import { withRoute } from "@/lib/api/route";
import {
  deleteAuthorizationProfile,
  getAuthorizationProfileOrThrow,
  updateAuthorizationProfile,
} from "@/lib/db/authorization-profiles";
import { getDb } from "@/lib/db/client";
import { authorizationProfileSchema } from "@/lib/validation/authorization-profile";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => getAuthorizationProfileOrThrow(getDb(), { id: params.profileId! }));

/** Built-ins are refused (403); a rename of a profile the active policy uses is refused (409, `fields.name`). */
export const PUT = withRoute({ body: authorizationProfileSchema }, async ({ body, admin, params }) =>
  updateAuthorizationProfile(getDb(), { id: params.profileId!, input: body, actor: admin.username }),
);

export const DELETE = withRoute({}, async ({ admin, params }) => {
  await deleteAuthorizationProfile(getDb(), { id: params.profileId!, actor: admin.username });
  return { ok: true };
});
