import type { Metadata } from "next";
import { AuthorizationProfilesView } from "@/components/authorization-profiles/authorization-profiles-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Authorization Profiles" };

export default async function AuthorizationProfilesPage() {
  const admin = await requirePageSession();
  return <AuthorizationProfilesView canWrite={canWrite(admin)} />;
}
