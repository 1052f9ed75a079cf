import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { restorePolicyVersion } from "@/lib/db/policy";
import { versionParam } from "../version-param";

export const dynamic = "force-dynamic";

/** A new version whose document equals the chosen one. */
export const POST = withRoute({ role: "policy-admin" }, async ({ params, admin }) =>
  restorePolicyVersion(getDb(), { version: versionParam(params.version), author: admin.username }),
);
