import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { listEndpointPage } from "@/lib/db/endpoints";
import { encodeEndpointCursor, endpointListQuerySchema } from "@/lib/validation/endpoints";
import { searchParamsOf } from "../live-logs/search-params";
import { endpointFilterOf } from "./filter";

export const dynamic = "force-dynamic";

/**
 * One page of endpoints: `?q=&compliance=&registered=&session=&mdmServer=&decision=&sort=&cursor=&take=`. Keyset paging
 * (lib/db/endpoints.ts), so page 1 and page 2 000 cost the same; `GET /api/endpoints/count` counts the same filters.
 */
export const GET = withRoute({}, async ({ request }) => {
  const query = endpointListQuerySchema.parse(searchParamsOf(request));
  const page = await listEndpointPage(getDb(), {
    filter: endpointFilterOf(query),
    sort: query.sort,
    cursor: query.cursor,
    take: query.take,
  });
  return { endpoints: page.items, nextCursor: encodeEndpointCursor(page.nextCursor) };
});
