import type { Metadata } from "next";
import { AuthorizationProfileForm } from "@/components/authorization-profiles/authorization-profile-form";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New Authorization Profile" };

type Props = { searchParams: Promise<{ from?: string }> };

/** `?from=<id>` starts from a copy of that profile (Duplicate). */
export default async function NewAuthorizationProfilePage({ searchParams }: Props) {
  const admin = await requirePageSession();
  const { from } = await searchParams;
  return <AuthorizationProfileForm copyFromId={from} canWrite={canWrite(admin)} />;
}
