import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { importTrustedCertificates, listTrustedCertificates } from "@/lib/db/trusted-certificates";
import { importTrustedCertificateSchema } from "@/lib/validation/trusted-certificate";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ certificates: await listTrustedCertificates(getDb()) }));

/** Import by upload or paste: one certificate or a bundle, all or nothing. */
export const POST = withRoute({ body: importTrustedCertificateSchema }, async ({ body, admin }) => {
  const rows = await importTrustedCertificates(getDb(), body, admin.username);
  return { certificates: rows.map((row) => ({ id: row.id, friendlyName: row.friendlyName, subject: row.subject })) };
});
