// The policy simulator's contract (web ↔ engine): describe an endpoint, run a policy document — the active
// one or an unsaved one — and get the decision, a true/false trace of every condition evaluated and the
// exact RADIUS reply. One schema for the web route, the engine's control route and the simulation panel.
import { z } from "zod";
import { normalizeMac } from "./mac";
import { policyDocumentSchema } from "./policy";

const attributeValues = z.record(
  z.string().regex(/^[A-Za-z][\w .-]*:[A-Za-z][\w .-]*$/, "Use Dictionary:Attribute, e.g. Radius:NAS-Port-Type"),
  z.string().max(1024),
);

export const simulationMdmSchema = z.discriminatedUnion("mode", [
  /** "As its MDM answers now": one live query through the engine's compliance service. */
  z.object({ mode: z.literal("live") }),
  /** MDM dictionary values by attribute name (DeviceRegisterStatus, …), as the MDM would answer. */
  z.object({ mode: z.literal("given"), values: z.record(z.string().max(128), z.string().max(1024)) }),
]);

export const policySimulationRequestSchema = z.object({
  /** An unsaved document; without it the active policy is simulated. */
  document: policyDocumentSchema.optional(),
  endpoint: z
    .object({
      mac: z
        .string()
        .trim()
        .max(64)
        .refine((value) => value === "" || normalizeMac(value) !== undefined, "Enter a MAC address, e.g. 00:26:B4:24:FE:B4")
        .optional()
        .transform((value) => value || undefined),
      /** The MDM's device GUID, for the record; lookups are by MAC, as on the RADIUS path. */
      guid: z.string().trim().max(128).optional(),
      /** Radius:*, Network Access:* and DEVICE:* values by `Dictionary:Attribute`. */
      radius: attributeValues.optional(),
      mdm: simulationMdmSchema,
    })
    .refine((endpoint) => endpoint.mdm.mode !== "live" || Boolean(endpoint.mac), {
      message: "A live MDM query looks the endpoint up by MAC address: enter the MAC",
      path: ["mac"],
    }),
});
export type PolicySimulationRequest = z.input<typeof policySimulationRequestSchema>;
export type ParsedPolicySimulationRequest = z.output<typeof policySimulationRequestSchema>;

/** One node of an evaluated condition; `result` null: not evaluated (short-circuited). */
export type ConditionTrace = {
  label: string;
  result: boolean | null;
  /** Leaves: the request's value the operator saw; null when the attribute was absent. */
  actual?: string | null;
  children?: ConditionTrace[];
};

export const conditionTraceSchema: z.ZodType<ConditionTrace> = z.lazy(() =>
  z.object({
    label: z.string(),
    result: z.boolean().nullable(),
    actual: z.string().nullable().optional(),
    children: z.array(conditionTraceSchema).optional(),
  }),
);

export const policySimulationResultSchema = z.object({
  /** The policy version simulated; null for an unsaved document. */
  policyVersion: z.number().int().nullable(),
  policySet: z.string().nullable(),
  rule: z.string().nullable(),
  profiles: z.array(z.string()),
  monitored: z.array(z.string()),
  /** Policy sets in order until one matched, with their condition's trace. */
  sets: z.array(z.object({ policySet: z.string(), matched: z.boolean(), condition: conditionTraceSchema.nullable() })),
  trace: z.array(
    z.object({
      policySet: z.string(),
      rule: z.string(),
      state: z.string(),
      matched: z.boolean(),
      condition: conditionTraceSchema.nullable(),
    }),
  ),
  reply: z.object({
    code: z.enum(["Access-Accept", "Access-Reject"]),
    /** `tag`: the RFC 2868 tag of tunnel attributes (Tunnel-Type:1 = VLAN). */
    attributes: z.array(z.object({ name: z.string(), value: z.string(), tag: z.number().int().optional() })),
  }),
  mdm: z
    .object({
      source: z.enum(["live", "given"]),
      values: z.record(z.string(), z.string()),
      serverName: z.string().optional(),
      latencyMs: z.number().optional(),
      error: z.string().optional(),
    })
    .optional(),
});
export type PolicySimulationResult = z.infer<typeof policySimulationResultSchema>;
