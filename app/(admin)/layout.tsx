import type { ReactNode } from "react";
import { AdminShell } from "@/components/shell/admin-shell";
import { requirePageSession } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requirePageSession();
  return <AdminShell user={{ username: admin.username, role: admin.role }}>{children}</AdminShell>;
}
