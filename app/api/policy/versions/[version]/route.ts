import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { getPolicyVersion } from "@/lib/db/policy";
import { versionParam } from "./version-param";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => getPolicyVersion(getDb(), versionParam(params.version)));
