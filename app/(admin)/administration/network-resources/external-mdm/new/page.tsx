import type { Metadata } from "next";
import { MdmServerFormView } from "@/components/mdm/mdm-server-form";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New MDM Server" };

export default async function NewMdmServerPage() {
  const admin = await requirePageSession();
  return <MdmServerFormView canWrite={canWrite(admin)} />;
}
