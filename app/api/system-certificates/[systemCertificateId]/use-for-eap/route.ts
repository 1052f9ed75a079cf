import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { useSystemCertificateForEap } from "@/lib/db/system-certificates";

export const dynamic = "force-dynamic";

/** Makes this the EAP server certificate; engines present it from their next configuration load (≤ 1 s). */
export const POST = withRoute({ role: "super-admin" }, async ({ admin, params }) => ({
  certificate: await useSystemCertificateForEap(getDb(), { id: params.systemCertificateId! }, admin.username),
}));
