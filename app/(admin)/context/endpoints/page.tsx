import type { Metadata } from "next";
import { EndpointsView } from "@/components/endpoints/endpoints-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Endpoints" };

export default async function EndpointsPage() {
  await requirePageSession();
  return <EndpointsView />;
}
