import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { deleteSystemCertificate, getSystemCertificateOrThrow } from "@/lib/db/system-certificates";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => ({
  certificate: await getSystemCertificateOrThrow(getDb(), { id: params.systemCertificateId! }),
}));

/** Refused (409) for the EAP certificate in use. */
export const DELETE = withRoute({ role: "super-admin" }, async ({ admin, params }) =>
  deleteSystemCertificate(getDb(), { id: params.systemCertificateId!, actor: admin.username }),
);
