import type { Metadata } from "next";
import { MdmServersView } from "@/components/mdm/mdm-servers-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "MDM / UEM Integrations" };

export default async function ExternalMdmPage() {
  const admin = await requirePageSession();
  return <MdmServersView canWrite={canWrite(admin)} />;
}
