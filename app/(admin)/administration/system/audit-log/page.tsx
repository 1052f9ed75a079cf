import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageSession } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/db/audit";
import { getDb } from "@/lib/db/client";

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
  const events = await listAuditEvents(getDb(), { take: 200 });
  return (
    <>
      <PageHeader
        title="Audit Log"
        description="Who changed what, and when. Secrets are never recorded. Newest first; the latest 200."
      />
      {events.length === 0 ? (
        <EmptyState title="No changes recorded yet" />
      ) : (
        <Table label="Audit log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Administrator</Th>
              <Th>Action</Th>
              <Th>Object</Th>
              <Th>Summary</Th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <Td className="whitespace-nowrap">{event.at.toLocaleString()}</Td>
                <Td>{event.actor}</Td>
                <Td>
                  <Badge>{event.action}</Badge>
                </Td>
                <Td>{event.entityType}</Td>
                <Td>{event.summary}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
