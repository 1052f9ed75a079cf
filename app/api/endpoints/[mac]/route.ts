import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { getEndpointDetailOrThrow } from "@/lib/db/endpoints";
import { macParam } from "../engine-action";

export const dynamic = "force-dynamic";

/** One endpoint: its last MDM answer, sessions, last 20 authentications and CoA history. */
export const GET = withRoute({}, async ({ params }) => getEndpointDetailOrThrow(getDb(), { mac: macParam(params.mac) }));
