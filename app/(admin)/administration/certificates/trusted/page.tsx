import type { Metadata } from "next";
import { TrustedCertificatesView } from "@/components/certificates/trusted-certificates-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Trusted Certificates" };

export default async function TrustedCertificatesPage() {
  const admin = await requirePageSession();
  return <TrustedCertificatesView canWrite={canWrite(admin)} />;
}
