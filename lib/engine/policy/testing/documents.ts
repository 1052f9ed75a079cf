// Policy documents for tests: a condition leaf and the common one-set policy (rules, then a default rule).
import type { Condition, ConditionOperator, PolicyDocument } from "../../../validation/policy";

export const leaf = (attribute: string, operator: ConditionOperator, value: string | string[], negate?: boolean): Condition => ({
  type: "leaf",
  attribute,
  operator,
  value,
  ...(negate ? { negate } : {}),
});

export type TestRule = {
  name?: string;
  condition: Condition | null;
  state?: "enabled" | "disabled" | "monitor";
  profiles?: string[];
};

/**
 * One enabled, unconditional policy set (`setName`, default "Wired"): the rules ranked in order (unnamed
 * ones "Rule <rank>", enabled, PermitAccess), then the rule "Default" → DenyAccess.
 */
export function oneSetPolicy(
  rules: TestRule[],
  { library = [], setName = "Wired" }: { library?: PolicyDocument["libraryConditions"]; setName?: string } = {},
): PolicyDocument {
  return {
    libraryConditions: library,
    policySets: [
      {
        name: setName,
        rank: 0,
        state: "enabled",
        condition: null,
        rules: [
          ...rules.map((rule, rank) => ({
            name: rule.name ?? `Rule ${rank}`,
            rank,
            state: rule.state ?? "enabled",
            condition: rule.condition,
            profiles: rule.profiles ?? ["PermitAccess"],
          })),
          { name: "Default", rank: rules.length, state: "enabled", condition: null, profiles: ["DenyAccess"] },
        ],
      },
    ],
  };
}
