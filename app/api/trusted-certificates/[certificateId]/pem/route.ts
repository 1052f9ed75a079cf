import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { exportTrustedCertificatePem } from "@/lib/db/trusted-certificates";

export const dynamic = "force-dynamic";

/** Export as PEM (a download). */
export const GET = withRoute({}, async ({ admin, params }) => {
  const { friendlyName, pem } = await exportTrustedCertificatePem(getDb(), { id: params.certificateId!, actor: admin.username });
  const fileName = `${friendlyName.replace(/[^A-Za-z0-9._-]+/g, "_") || "certificate"}.pem`;
  return new Response(pem, {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
