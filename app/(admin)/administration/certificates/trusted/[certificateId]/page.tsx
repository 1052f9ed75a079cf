import type { Metadata } from "next";
import { TrustedCertificateDetail } from "@/components/certificates/trusted-certificate-detail";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Trusted Certificate" };

type Props = { params: Promise<{ certificateId: string }> };

export default async function TrustedCertificatePage({ params }: Props) {
  const admin = await requirePageSession();
  const { certificateId } = await params;
  return <TrustedCertificateDetail id={certificateId} canWrite={canWrite(admin)} />;
}
