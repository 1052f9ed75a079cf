import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointDetailView } from "@/components/endpoints/endpoint-detail-view";
import { formatMac } from "@/components/live-logs/format";
import { canWrite, requirePageSession } from "@/lib/auth/session";
import { endpointMacSchema } from "@/lib/validation/endpoints";

type Props = { params: Promise<{ mac: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const mac = endpointMacSchema.safeParse(decodeURIComponent((await params).mac));
  return { title: mac.success ? `Endpoint ${formatMac(mac.data)}` : "Endpoint" };
}

export default async function EndpointPage({ params }: Props) {
  const admin = await requirePageSession();
  const mac = endpointMacSchema.safeParse(decodeURIComponent((await params).mac));
  if (!mac.success) notFound();
  return <EndpointDetailView mac={mac.data} canAct={canWrite(admin)} canWipe={canWrite(admin, "super-admin")} />;
}
