import type { Metadata } from "next";
import { LiveSessionsView } from "@/components/live-sessions/live-sessions-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Live Sessions" };

export default async function LiveSessionsPage() {
  await requirePageSession();
  return <LiveSessionsView />;
}
