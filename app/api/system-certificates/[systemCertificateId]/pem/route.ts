import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { exportSystemCertificatePem } from "@/lib/db/system-certificates";

export const dynamic = "force-dynamic";

/** The certificate chain as a PEM download (what supplicants trust as their CA certificate); never the key. */
export const GET = withRoute({}, async ({ admin, params }) => {
  const { friendlyName, pem } = await exportSystemCertificatePem(getDb(), {
    id: params.systemCertificateId!,
    actor: admin.username,
  });
  const fileName = `${friendlyName.replace(/[^A-Za-z0-9._-]+/g, "_") || "certificate"}.pem`;
  return new Response(pem, {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
