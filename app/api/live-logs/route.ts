import { withRoute } from "@/lib/api/route";
import { listAuthEvents } from "@/lib/db/auth-events";
import { getDb } from "@/lib/db/client";
import { encodeCursor, liveLogQuerySchema, searchParamsOf } from "./search-params";

export const dynamic = "force-dynamic";

/**
 * One page of the live log, newest first: `?mac=&nad=&decision=&from=&to=&cursor=&take=`. Keyset paging on
 * (at, id), so page 1 and page 20 000 cost the same index range scan. Rows carry the summary columns; the
 * request and reply attributes and the policy trace come with `GET /api/live-logs/<id>`.
 */
export const GET = withRoute({}, async ({ request }) => {
  const query = liveLogQuerySchema.parse(searchParamsOf(request));
  const page = await listAuthEvents(getDb(), {
    filter: { mac: query.mac, nadAddress: query.nad, decision: query.decision, from: query.from, to: query.to },
    cursor: query.cursor,
    take: query.take,
  });
  return {
    events: page.items.map(({ request: _request, reply: _reply, trace: _trace, ...summary }) => summary),
    nextCursor: encodeCursor(page.nextCursor),
  };
});
