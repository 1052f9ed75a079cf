import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { locate } from "@/components/shell/nav";
import { EmptyState, PageHeader } from "@/components/ui/panel";
import { requirePageSession } from "@/lib/auth/session";

type Props = { params: Promise<{ slug: string[] }> };

function plannedLeaf(slug: string[]) {
  const path = "/" + slug.join("/");
  const located = locate(path);
  return located && located.leaf.href === path && located.leaf.planned ? located.leaf : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: plannedLeaf((await params).slug)?.title ?? "Not found" };
}

/** Menu entries whose pages are not part of this version: say so plainly, and what will be here. */
export default async function PlannedPage({ params }: Props) {
  await requirePageSession();
  const leaf = plannedLeaf((await params).slug);
  if (!leaf) notFound();
  return (
    <>
      <PageHeader title={leaf.title} />
      <EmptyState title={`${leaf.title} is not available in this version of Gatehouse`}>{leaf.description}</EmptyState>
    </>
  );
}
