// The control API contract between the web app and the engine: one zod schema per call, parsed on both
// sides (the engine parses inputs, the web app's client parses outputs).
import { z } from "zod";
import {
  mdmConnectionSettingsSchema,
  testConnectionResultSchema,
  type TestConnectionResult,
} from "../../validation/mdm-connection";

export const engineHealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  nodeId: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({
    kind: z.enum(["sqlite", "postgresql"]),
    ok: z.boolean(),
    error: z.string().optional(),
  }),
  configVersion: z.number().int(),
  configLoadedAt: z.string().nullable(),
});
export type EngineHealth = z.infer<typeof engineHealthSchema>;

export const controlProblemSchema = z.object({
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
});
export type ControlProblem = z.infer<typeof controlProblemSchema>;

export const reloadResultSchema = z.object({ configVersion: z.number().int(), reloaded: z.boolean() });
export type ReloadResult = z.infer<typeof reloadResultSchema>;

/**
 * POST /mdm/test-connection: the form's current values. The trust store is the engine's own (trusted
 * certificates flagged for MDM); a blank password with `mdmServerId` means "the stored one" (edit form).
 */
export const testConnectionRequestSchema = mdmConnectionSettingsSchema
  .omit({ trustedCertificatesPem: true, password: true })
  .extend({
    password: z.string().max(1024).optional(),
    mdmServerId: z.string().optional(),
  })
  .refine((value) => Boolean(value.password) || Boolean(value.mdmServerId), {
    message: "Enter the password",
    path: ["password"],
  });
export type TestConnectionRequest = z.input<typeof testConnectionRequestSchema>;
export { testConnectionResultSchema, type TestConnectionResult };

/**
 * POST /policy/simulate: an endpoint described by the admin, the active or an unsaved policy; the answer is
 * the decision, the condition trace and the exact reply (lib/validation/policy-simulation.ts).
 */
export {
  policySimulationRequestSchema,
  policySimulationResultSchema,
  type PolicySimulationRequest,
  type PolicySimulationResult,
} from "../../validation/policy-simulation";
