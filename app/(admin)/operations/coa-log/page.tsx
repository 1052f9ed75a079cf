import type { Metadata } from "next";
import { CoaLogView } from "@/components/coa-log/coa-log-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "CoA Log" };

export default async function CoaLogPage() {
  await requirePageSession();
  return <CoaLogView />;
}
