import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { importSystemCertificate } from "@/lib/db/system-certificates";
import { getEnv } from "@/lib/env";
import { SecretBox } from "@/lib/secret-box";
import { importSystemCertificateSchema } from "@/lib/validation/system-certificates";

export const dynamic = "force-dynamic";

/** Import a certificate with its private key (PEM or PKCS#12); the key is sealed, never returned. */
export const POST = withRoute({ role: "super-admin", body: importSystemCertificateSchema }, async ({ body, admin }) => ({
  certificate: await importSystemCertificate(getDb(), SecretBox.fromEnv(getEnv()), body, admin.username),
}));
