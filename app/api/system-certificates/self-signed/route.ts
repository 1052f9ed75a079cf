import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { generateSelfSignedSystemCertificate } from "@/lib/db/system-certificates";
import { getEnv } from "@/lib/env";
import { SecretBox } from "@/lib/secret-box";
import { generateSelfSignedSchema } from "@/lib/validation/system-certificates";

export const dynamic = "force-dynamic";

/** Generate Self-Signed Certificate (super admins: the certificate Gatehouse presents is a system setting). */
export const POST = withRoute({ role: "super-admin", body: generateSelfSignedSchema }, async ({ body, admin }) => ({
  certificate: await generateSelfSignedSystemCertificate(getDb(), SecretBox.fromEnv(getEnv()), body, admin.username),
}));
