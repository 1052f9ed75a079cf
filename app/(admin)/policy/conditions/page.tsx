import type { Metadata } from "next";
import { ConditionsLibraryView } from "@/components/policy/conditions-library-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Library Conditions" };

export default async function LibraryConditionsPage() {
  const admin = await requirePageSession();
  return <ConditionsLibraryView canWrite={canWrite(admin)} />;
}
