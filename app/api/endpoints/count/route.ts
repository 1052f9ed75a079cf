import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { countEndpoints } from "@/lib/db/endpoints";
import { endpointListQuerySchema } from "@/lib/validation/endpoints";
import { searchParamsOf } from "../../live-logs/search-params";
import { endpointFilterOf } from "../filter";

export const dynamic = "force-dynamic";

/** How many endpoints match the list's filters, up to 10 000 (`capped`: more than that). Apart from the list so paging never recounts. */
export const GET = withRoute({}, async ({ request }) => {
  const query = endpointListQuerySchema.parse(searchParamsOf(request));
  return countEndpoints(getDb(), { filter: endpointFilterOf(query) });
});
