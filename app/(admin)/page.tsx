import type { Metadata } from "next";
import { DashboardView } from "@/components/home/dashboard-view";
import { PageHeader } from "@/components/ui/panel";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  await requirePageSession();
  return (
    <>
      <PageHeader
        title="Summary"
        description="The state of this Gatehouse deployment: authentications, endpoint compliance, MDM servers, CoA and certificates."
      />
      <DashboardView />
    </>
  );
}
