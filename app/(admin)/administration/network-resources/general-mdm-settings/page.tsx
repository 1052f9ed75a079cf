import type { Metadata } from "next";
import { GeneralMdmSettingsView } from "@/components/mdm/general-mdm-settings-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "General MDM Settings" };

export default async function GeneralMdmSettingsPage() {
  const admin = await requirePageSession();
  return <GeneralMdmSettingsView canWrite={canWrite(admin)} />;
}
