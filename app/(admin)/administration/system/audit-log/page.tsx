import type { Metadata } from "next";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { EmptyState, PageHeader } from "@/components/ui/panel";
import { requirePageSession } from "@/lib/auth/session";
import { listAuditFacets, listAuditPage } from "@/lib/db/audit";
import { getDb } from "@/lib/db/client";
import type { AuditPage } from "@/lib/queries/audit-events";
import { encodeCursor } from "@/lib/validation/list-query";

export const metadata: Metadata = { title: "Audit Log" };

export default async function AuditLogPage() {
  const admin = await requirePageSession();
  if (admin.role !== "super-admin") {
    return (
      <>
        <PageHeader title="Audit Log" />
        <EmptyState title="Not allowed">The audit log is visible to Super Admins only.</EmptyState>
      </>
    );
  }
  const db = getDb();
  const [page, facets] = await Promise.all([listAuditPage(db, { take: 50 }), listAuditFacets(db)]);
  // The newest page rendered here, shaped as the API returns it (dates as ISO strings).
  const initial = JSON.parse(
    JSON.stringify({ events: page.items, nextCursor: encodeCursor(page.nextCursor), facets }),
  ) as AuditPage;
  return <AuditLogView initial={initial} />;
}
