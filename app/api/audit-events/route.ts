import { withRoute } from "@/lib/api/route";
import { listAuditFacets, listAuditPage } from "@/lib/db/audit";
import { getDb } from "@/lib/db/client";
import { auditQuerySchema } from "@/lib/validation/audit";
import { encodeCursor, searchParamsOf } from "@/lib/validation/list-query";

export const dynamic = "force-dynamic";

/**
 * The audit log, newest first (Super Admins only: it names every administrator's actions):
 * `?actor=&action=&entityType=&text=&from=&to=&cursor=&take=`, plus the filter menus' values.
 */
export const GET = withRoute({ role: "super-admin" }, async ({ request }) => {
  const query = auditQuerySchema.parse(searchParamsOf(request));
  const db = getDb();
  const [page, facets] = await Promise.all([
    listAuditPage(db, {
      filter: {
        actor: query.actor,
        action: query.action,
        entityType: query.entityType,
        text: query.text,
        from: query.from,
        to: query.to,
      },
      cursor: query.cursor,
      take: query.take,
    }),
    listAuditFacets(db),
  ]);
  return { events: page.items, nextCursor: encodeCursor(page.nextCursor), facets };
});
