import type { Metadata } from "next";
import { LiveLogsView } from "@/components/live-logs/live-logs-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Live Logs" };

export default async function LiveLogsPage() {
  await requirePageSession();
  return <LiveLogsView />;
}
