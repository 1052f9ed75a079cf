import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { deleteTrustedCertificate, getTrustedCertificateOrThrow, updateTrustedCertificate } from "@/lib/db/trusted-certificates";
import { updateTrustedCertificateSchema } from "@/lib/validation/trusted-certificate";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => ({
  certificate: await getTrustedCertificateOrThrow(getDb(), { id: params.certificateId! }),
}));

export const PATCH = withRoute({ body: updateTrustedCertificateSchema }, async ({ body, admin, params }) => ({
  certificate: await updateTrustedCertificate(getDb(), { id: params.certificateId!, input: body, actor: admin.username }),
}));

/** `?force=true` confirms deleting a certificate that MDM servers depend on (the UI warned first). */
export const DELETE = withRoute({}, async ({ request, admin, params }) =>
  deleteTrustedCertificate(getDb(), {
    id: params.certificateId!,
    force: new URL(request.url).searchParams.get("force") === "true",
    actor: admin.username,
  }),
);
