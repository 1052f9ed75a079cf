// The one-line, ISE-style spelling of a condition used in rule tables, the library list and reference nodes:
// `MDM:DeviceRegisterStatus EQUALS Registered AND (MDM:DiskEncryptionStatus EQUALS On OR NOT MDM:JailBrokenStatus EQUALS Broken)`.
import type { Condition, ConditionLeaf, ConditionOperator } from "@/lib/validation/policy";

const operatorWords: Record<ConditionOperator, string> = {
  equals: "EQUALS",
  notEquals: "NOT EQUALS",
  contains: "CONTAINS",
  notContains: "NOT CONTAINS",
  startsWith: "STARTS WITH",
  notStartsWith: "NOT STARTS WITH",
  endsWith: "ENDS WITH",
  notEndsWith: "NOT ENDS WITH",
  in: "IN",
  notIn: "NOT IN",
  matches: "MATCHES",
  greaterThan: "GREATER THAN",
  greaterOrEquals: "GREATER OR EQUALS",
  lessThan: "LESS THAN",
  lessOrEquals: "LESS OR EQUALS",
  ipEquals: "IP EQUALS",
  ipNotEquals: "IP NOT EQUALS",
  ipInRange: "IP IN RANGE",
  ipNotInRange: "IP NOT IN RANGE",
  macEquals: "MAC EQUALS",
  macNotEquals: "MAC NOT EQUALS",
  macStartsWith: "MAC STARTS WITH",
  macNotStartsWith: "MAC NOT STARTS WITH",
};

/** A value as typed, quoted only when it would otherwise be ambiguous (empty, spaces, commas, parentheses). */
function valueText(value: string): string {
  return value === "" || /[\s,()"]/.test(value) ? JSON.stringify(value) : value;
}

function leafText(leaf: ConditionLeaf): string {
  const value = Array.isArray(leaf.value) ? `(${leaf.value.map(valueText).join(", ")})` : valueText(leaf.value);
  return `${leaf.attribute} ${operatorWords[leaf.operator]} ${value}`;
}

function nodeText(condition: Condition, nested: boolean): string {
  const not = condition.negate ? "NOT " : "";
  switch (condition.type) {
    case "leaf":
      return not + leafText(condition);
    case "ref":
      return not + condition.name;
    case "and":
    case "or": {
      const joined =
        condition.children.length === 0
          ? "(empty block)"
          : condition.children.map((child) => nodeText(child, true)).join(condition.type === "and" ? " AND " : " OR ");
      // A block needs its parentheses when it sits inside another or carries a NOT; a lone child needs none.
      return (nested || condition.negate) && condition.children.length > 1 ? `${not}(${joined})` : not + joined;
    }
  }
}

/** One line for a condition; `Any` when there is none (the rule always matches). */
export function conditionText(condition: Condition | null): string {
  return condition ? nodeText(condition, false) : "Any";
}

/** The operator as `conditionText` spells it (EQUALS, NOT IN, IP IN RANGE…). */
export function operatorText(operator: ConditionOperator): string {
  return operatorWords[operator];
}
