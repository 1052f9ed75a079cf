// The control API contract between the web app and the engine: one zod schema per call, parsed on both
// sides (the engine parses inputs, the web app's client parses outputs).
import { z } from "zod";
import { endpointMacSchema, mdmActions } from "../../validation/endpoints";
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

const coaResultSchema = z.enum(["ack", "nak", "timeout", "error"]);

/** One CoA the engine sent, as logged (lib/db/coa-events.ts). */
export const coaEventSchema = z.object({
  at: z.coerce.date(),
  mac: z.string(),
  nadId: z.string().nullable(),
  nadName: z.string().nullable(),
  nadAddress: z.string(),
  coaPort: z.number().int(),
  acctSessionId: z.string().nullable(),
  kind: z.enum(["reauthenticate", "disconnect"]),
  reason: z.string(),
  trigger: z.enum(["poll", "manual"]),
  mdmServerName: z.string().nullable(),
  result: coaResultSchema,
  errorCause: z.string().nullable(),
  attempts: z.number().int(),
  latencyMs: z.number(),
});

/** POST /coa: "Send CoA now" for an endpoint's active session (MAC in any common spelling). */
export const sendCoaRequestSchema = z.object({
  mac: z
    .string()
    .transform((value) => value.replace(/[^0-9a-fA-F]/g, "").toUpperCase())
    .refine((value) => value.length === 12, "Enter a MAC address"),
});
export type SendCoaRequest = z.input<typeof sendCoaRequestSchema>;
/** `sent: false` when the endpoint has no active session (nothing to change). */
export const sendCoaResultSchema = z.object({ mac: z.string(), sent: z.boolean(), events: z.array(coaEventSchema) });
export type SendCoaResult = z.infer<typeof sendCoaResultSchema>;

/** POST /mdm/poll: "poll now" for one enabled MDM server. */
export const pollNowRequestSchema = z.object({ mdmServerId: z.string().min(1) });
export type PollNowRequest = z.input<typeof pollNowRequestSchema>;
export const pollCycleSummarySchema = z.object({
  mdmServerId: z.string(),
  mdmServerName: z.string(),
  outcome: z.enum(["ok", "partial", "error"]),
  startedAt: z.string(),
  durationMs: z.number(),
  nonCompliant: z.number().int(),
  changed: z.number().int(),
  withoutSession: z.number().int(),
  coa: z.record(coaResultSchema, z.number().int()),
  phasesMs: z.record(z.string(), z.number()),
  error: z.string().optional(),
});
/** `polled: false` when the server is unknown or not enabled. */
export const pollNowResultSchema = z.discriminatedUnion("polled", [
  z.object({ polled: z.literal(true), summary: pollCycleSummarySchema }),
  z.object({ polled: z.literal(false), reason: z.string() }),
]);
export type PollNowResult = z.infer<typeof pollNowResultSchema>;

/** POST /endpoints/refresh: "Refresh from MDM now" — the cached answer is dropped and the MDM asked again. */
export const refreshEndpointRequestSchema = z.object({ mac: endpointMacSchema });
export type RefreshEndpointRequest = z.input<typeof refreshEndpointRequestSchema>;
/** The live answer, as stored on the endpoint (lib/engine/endpoint-actions.ts). */
export const refreshEndpointResultSchema = z.object({
  mac: z.string(),
  outcome: z.enum(["ok", "not-registered", "unreachable", "no-server"]),
  mdmServerId: z.string().nullable(),
  mdmServerName: z.string().nullable(),
  registered: z.boolean().nullable(),
  compliant: z.boolean().nullable(),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  changed: z.boolean(),
  at: z.string(),
  latencyMs: z.number().nullable(),
  errorCode: z.string().nullable(),
});
export type RefreshEndpointResult = z.infer<typeof refreshEndpointResultSchema>;

/** POST /mdm/action: full wipe, corporate wipe or PIN lock of one endpoint (ise-mdm-reference §1.3). */
export const mdmActionEngineRequestSchema = z.object({ mac: endpointMacSchema, action: z.enum(mdmActions) });
export type MdmActionEngineRequest = z.input<typeof mdmActionEngineRequestSchema>;
/** The MDM's answer (`action_status`, `failure_reason`), or why the action was not sent (`errorCode`). */
export const mdmActionEngineResultSchema = z.object({
  mac: z.string(),
  action: z.enum(mdmActions),
  mdmServerId: z.string().nullable(),
  mdmServerName: z.string().nullable(),
  identifier: z.object({ kind: z.enum(["guid", "macaddress"]), value: z.string() }).nullable(),
  actionStatus: z.boolean(),
  failureReason: z.string().nullable(),
  errorCode: z.string().nullable(),
  at: z.string(),
});
export type MdmActionEngineResult = z.infer<typeof mdmActionEngineResultSchema>;
