import type { Metadata } from "next";
import { SystemCertificatesView } from "@/components/system-certificates/system-certificates-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "System Certificates" };

export default async function SystemCertificatesPage() {
  const admin = await requirePageSession();
  return <SystemCertificatesView canWrite={canWrite(admin, "super-admin")} />;
}
