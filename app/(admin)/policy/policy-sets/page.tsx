import type { Metadata } from "next";
import { PolicySetsView } from "@/components/policy/policy-sets-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Policy Sets" };

export default async function PolicySetsPage() {
  const admin = await requirePageSession();
  return <PolicySetsView canWrite={canWrite(admin)} username={admin.username} />;
}
