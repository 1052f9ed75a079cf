import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { getActivePolicyOrThrow, savePolicyVersion } from "@/lib/db/policy";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => getActivePolicyOrThrow(getDb()));

// The document is validated by savePolicyVersion so its errors are keyed by path inside the document.
const savePolicySchema = z.object({
  document: z.unknown(),
  comment: z.string().trim().max(500, "Use at most 500 characters").optional(),
  baseVersion: z.number({ error: "Send the version you edited (baseVersion)" }).int().min(0),
});

/** Saves the whole document as a new active version; 409 when someone saved since `baseVersion`. */
export const PUT = withRoute({ role: "policy-admin", body: savePolicySchema }, async ({ body, admin }) =>
  savePolicyVersion(getDb(), {
    document: body.document,
    comment: body.comment,
    baseVersion: body.baseVersion,
    author: admin.username,
  }),
);
