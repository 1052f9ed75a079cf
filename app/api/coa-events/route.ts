import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { listCoaEvents } from "@/lib/db/coa-events";
import { coaEventQuerySchema } from "@/lib/validation/coa-events";
import { encodeCursor, searchParamsOf } from "@/lib/validation/list-query";

export const dynamic = "force-dynamic";

/**
 * One page of the CoA log, newest first: `?mac=&nad=&result=&trigger=&from=&to=&cursor=&take=`. Keyset
 * paging on (at, id), like the live log.
 */
export const GET = withRoute({}, async ({ request }) => {
  const query = coaEventQuerySchema.parse(searchParamsOf(request));
  const page = await listCoaEvents(getDb(), {
    filter: {
      mac: query.mac,
      nadAddress: query.nad,
      result: query.result,
      trigger: query.trigger,
      from: query.from,
      to: query.to,
    },
    cursor: query.cursor,
    take: query.take,
  });
  return { events: page.items, nextCursor: encodeCursor(page.nextCursor) };
});
