import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { countActiveSessions, listRadiusSessions } from "@/lib/db/radius-sessions";
import { encodeCursor, searchParamsOf, sessionQuerySchema } from "../live-logs/search-params";

export const dynamic = "force-dynamic";

/** RADIUS accounting sessions, most recently updated first: `?status=active|ended|all&mac=&nad=&cursor=&take=`. */
export const GET = withRoute({}, async ({ request }) => {
  const query = sessionQuerySchema.parse(searchParamsOf(request));
  const db = getDb();
  const [page, activeCount] = await Promise.all([
    listRadiusSessions(db, {
      filter: {
        isActive: query.status === "all" ? undefined : query.status === "active",
        mac: query.mac,
        nadAddress: query.nad,
      },
      cursor: query.cursor && { lastUpdateAt: query.cursor.at, id: query.cursor.id },
      take: query.take,
    }),
    countActiveSessions(db),
  ]);
  const next = page.nextCursor && { at: page.nextCursor.lastUpdateAt, id: page.nextCursor.id };
  return { sessions: page.items, nextCursor: encodeCursor(next), activeCount };
});
