import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { listPolicyVersions } from "@/lib/db/policy";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ versions: await listPolicyVersions(getDb()) }));
