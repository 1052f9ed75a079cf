// Authorization profiles (ise-mdm-reference §6): the results authorization rules hand out. One schema for the
// profile form, its API, the database module and the engine's reply builder.
import { z } from "zod";

export const accessTypes = ["ACCESS_ACCEPT", "ACCESS_REJECT"] as const;

export const authorizationProfileSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(64, "Use at most 64 characters")
    .regex(/^[A-Za-z0-9_.\- ]+$/, "Use letters, digits, space, _ - and . only"),
  description: z.string().trim().max(1024).optional(),
  accessType: z.enum(accessTypes),
  /** VLAN id (1–4094) or name: sent as Tunnel-Private-Group-Id (RFC 3580 §3.31). */
  vlan: z
    .string()
    .trim()
    .max(32)
    .regex(/^[\w.-]+$/, "Use a VLAN id or name")
    .optional(),
  dacl: z.string().trim().max(200).optional(),
  filterId: z.string().trim().max(200).optional(),
  redirectType: z.enum(["mdm-redirect"]).optional(),
  redirectAcl: z.string().trim().max(200).optional(),
  redirectMdmServerId: z.string().trim().optional(),
  /** Re-authentication timer, seconds. */
  sessionTimeout: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .optional(),
  advancedAttributes: z
    .array(z.object({ name: z.string().trim().min(1), value: z.string().max(247) }))
    .max(32)
    .default([]),
});
export type AuthorizationProfileInput = z.infer<typeof authorizationProfileSchema>;
