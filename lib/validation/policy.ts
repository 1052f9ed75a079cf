// The authorization policy document (ise-mdm-reference §6) and authorization profiles. One schema for the
// policy builder's forms, its API and the engine's configuration loader: the engine evaluates exactly what
// this schema accepts.
import { z } from "zod";
import type { DictionaryDataType } from "./dictionaries";

export const conditionOperators = [
  "equals",
  "notEquals",
  "contains",
  "notContains",
  "startsWith",
  "notStartsWith",
  "endsWith",
  "notEndsWith",
  "in",
  "notIn",
  "matches",
  "greaterThan",
  "greaterOrEquals",
  "lessThan",
  "lessOrEquals",
  "ipEquals",
  "ipNotEquals",
  "ipInRange",
  "ipNotInRange",
  "macEquals",
  "macNotEquals",
  "macStartsWith",
  "macNotStartsWith",
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

/** `Dictionary:Attribute`, e.g. `MDM:DeviceRegisterStatus`, `Radius:Calling-Station-Id`. */
export const attributeReferenceSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w .-]*:[A-Za-z][\w .-]*$/, "Use Dictionary:Attribute, e.g. MDM:DeviceRegisterStatus");

export type ConditionLeaf = {
  type: "leaf";
  attribute: string;
  operator: ConditionOperator;
  /** One value; `in` / `notIn` take a list. */
  value: string | string[];
  negate?: boolean;
};
export type ConditionBlock = { type: "and" | "or"; children: Condition[]; negate?: boolean };
/** A named condition from the library. */
export type ConditionReference = { type: "ref"; name: string; negate?: boolean };
export type Condition = ConditionLeaf | ConditionBlock | ConditionReference;

const leafSchema = z.object({
  type: z.literal("leaf"),
  attribute: attributeReferenceSchema,
  operator: z.enum(conditionOperators),
  value: z.union([z.string().max(1024), z.array(z.string().max(1024)).max(256)]),
  negate: z.boolean().optional(),
});

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("type", [
    leafSchema,
    z.object({
      type: z.enum(["and", "or"]),
      children: z.array(conditionSchema).min(1, "A block needs at least one condition").max(64),
      negate: z.boolean().optional(),
    }),
    z.object({ type: z.literal("ref"), name: z.string().trim().min(1), negate: z.boolean().optional() }),
  ]),
);

export const ruleStates = ["enabled", "disabled", "monitor"] as const;
export type RuleState = (typeof ruleStates)[number];

const ruleName = z.string().trim().min(1, "Enter a name").max(128, "Use at most 128 characters");

export const authorizationRuleSchema = z.object({
  name: ruleName,
  /** Lower ranks are evaluated first. */
  rank: z.number().int().min(0),
  state: z.enum(ruleStates).default("enabled"),
  /** null: always matches (the default rule). */
  condition: conditionSchema.nullable(),
  /** Authorization profile names; their attributes are merged in order. */
  profiles: z.array(z.string().trim().min(1)).min(1, "Choose at least one authorization profile"),
  securityGroup: z.string().trim().max(128).optional(),
});

export const policySetSchema = z.object({
  name: ruleName,
  rank: z.number().int().min(0),
  state: z.enum(ruleStates).default("enabled"),
  condition: conditionSchema.nullable(),
  rules: z.array(authorizationRuleSchema).max(1000),
});

export const libraryConditionSchema = z.object({
  name: ruleName,
  description: z.string().max(1024).optional(),
  condition: conditionSchema,
});

export const policyDocumentSchema = z
  .object({
    policySets: z.array(policySetSchema).min(1, "Keep at least one policy set").max(100),
    libraryConditions: z.array(libraryConditionSchema).max(1000).default([]),
  })
  .superRefine((document, context) => {
    const names = new Set(document.libraryConditions.map((entry) => entry.name));
    const visit = (condition: Condition | null, path: (string | number)[]) => {
      if (!condition) return;
      if (condition.type === "ref" && !names.has(condition.name)) {
        context.addIssue({ code: "custom", path, message: `No library condition named "${condition.name}"` });
      }
      if (condition.type === "and" || condition.type === "or") {
        condition.children.forEach((child, index) => visit(child, [...path, "children", index]));
      }
    };
    document.policySets.forEach((set, setIndex) => {
      visit(set.condition, ["policySets", setIndex, "condition"]);
      set.rules.forEach((rule, ruleIndex) => visit(rule.condition, ["policySets", setIndex, "rules", ruleIndex, "condition"]));
    });
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicySet = z.infer<typeof policySetSchema>;
export type AuthorizationRule = z.infer<typeof authorizationRuleSchema>;

/** Which operators a condition on an attribute of each data type may use (ise-mdm-reference §6). */
export const operatorsByDataType: Record<DictionaryDataType, readonly ConditionOperator[]> = {
  string: [
    "equals",
    "notEquals",
    "contains",
    "notContains",
    "startsWith",
    "notStartsWith",
    "endsWith",
    "notEndsWith",
    "in",
    "notIn",
    "matches",
  ],
  int: ["equals", "notEquals", "greaterThan", "greaterOrEquals", "lessThan", "lessOrEquals", "in", "notIn"],
  enum: ["equals", "notEquals", "in", "notIn"],
  boolean: ["equals", "notEquals"],
  ip: ["ipEquals", "ipNotEquals", "ipInRange", "ipNotInRange"],
  mac: ["macEquals", "macNotEquals", "macStartsWith", "macNotStartsWith", "matches"],
  date: ["greaterThan", "greaterOrEquals", "lessThan", "lessOrEquals"],
};

export const operatorLabels: Record<ConditionOperator, string> = {
  equals: "Equals",
  notEquals: "Not Equals",
  contains: "Contains",
  notContains: "Not Contains",
  startsWith: "Starts With",
  notStartsWith: "Not Starts With",
  endsWith: "Ends With",
  notEndsWith: "Not Ends With",
  in: "In",
  notIn: "Not In",
  matches: "Matches (regex)",
  greaterThan: "Greater Than",
  greaterOrEquals: "Greater Or Equals",
  lessThan: "Less Than",
  lessOrEquals: "Less Or Equals",
  ipEquals: "IP Equals",
  ipNotEquals: "IP Not Equals",
  ipInRange: "IP In Range",
  ipNotInRange: "IP Not In Range",
  macEquals: "MAC Equals",
  macNotEquals: "MAC Not Equals",
  macStartsWith: "MAC Starts With",
  macNotStartsWith: "MAC Not Starts With",
};

/** `in` / `notIn` take a list of values; every other operator one value. */
export function operatorTakesList(operator: ConditionOperator): boolean {
  return operator === "in" || operator === "notIn";
}
