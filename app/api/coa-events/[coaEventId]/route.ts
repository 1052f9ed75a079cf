import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { getCoaEventOrThrow } from "@/lib/db/coa-events";

export const dynamic = "force-dynamic";

/** One CoA log entry (the detail drawer opened from a link, when the row is not on the page shown). */
export const GET = withRoute({}, async ({ params }) => ({
  event: await getCoaEventOrThrow(getDb(), { id: params.coaEventId! }),
}));
