import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { getAdminSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = params.callbackUrl?.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  if (await getAdminSession()) redirect(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center bg-nav p-4">
      <div className="w-[360px] rounded border border-border bg-panel p-6 shadow-xl">
        <h1 className="text-[20px] font-bold">Gatehouse</h1>
        <p className="mb-4 text-muted">Network access control for MDM-managed devices</p>
        <LoginForm
          callbackUrl={callbackUrl}
          notice={params.reason === "expired" ? "Your session has ended. Log in again." : undefined}
        />
      </div>
    </main>
  );
}
