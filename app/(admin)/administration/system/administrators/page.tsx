import type { Metadata } from "next";
import { AdministratorsView } from "@/components/admins/administrators-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Administrators" };

export default async function AdministratorsPage() {
  const admin = await requirePageSession();
  return <AdministratorsView currentAdmin={{ id: admin.id, role: admin.role }} />;
}
