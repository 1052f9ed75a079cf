import type { Metadata } from "next";
import { SystemCertificateDetail } from "@/components/system-certificates/system-certificate-detail";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "System Certificate" };

type Props = { params: Promise<{ systemCertificateId: string }> };

export default async function SystemCertificatePage({ params }: Props) {
  const admin = await requirePageSession();
  const { systemCertificateId } = await params;
  return <SystemCertificateDetail id={systemCertificateId} canWrite={canWrite(admin, "super-admin")} />;
}
