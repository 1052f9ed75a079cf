import type { Metadata } from "next";
import { EngineStatusPanel } from "@/components/home/engine-status-panel";
import { PageHeader } from "@/components/ui/panel";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  await requirePageSession();
  return (
    <>
      <PageHeader title="Summary" description="The state of this Gatehouse deployment." />
      <div className="grid max-w-3xl gap-3">
        <EngineStatusPanel />
      </div>
    </>
  );
}
