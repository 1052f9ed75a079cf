import type { Metadata } from "next";
import { AuthorizationProfileForm } from "@/components/authorization-profiles/authorization-profile-form";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Authorization Profile" };

type Props = { params: Promise<{ profileId: string }> };

export default async function AuthorizationProfilePage({ params }: Props) {
  const admin = await requirePageSession();
  const { profileId } = await params;
  return <AuthorizationProfileForm profileId={profileId} canWrite={canWrite(admin)} />;
}
