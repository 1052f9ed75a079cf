import { withRoute } from "@/lib/api/route";
import { getAuthEventOrThrow } from "@/lib/db/auth-events";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** One event with its request and reply attributes and the policy trace. */
export const GET = withRoute({}, async ({ params }) => ({ event: await getAuthEventOrThrow(getDb(), { id: params.eventId! }) }));
