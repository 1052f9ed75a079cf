import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { listSystemCertificates } from "@/lib/db/system-certificates";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ certificates: await listSystemCertificates(getDb()) }));
