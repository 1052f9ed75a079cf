// The whole-policy check run before a policy is saved (and live in the editor): what the document schema
// cannot know on its own — attributes against the dictionaries, operators against data types, values
// against the attribute's type, regular expressions, library references and their cycles, profile names —
// plus warnings for rules and sets that can never be reached. Pure and browser-safe.
import type { DictionaryAttributeDefinition, DictionaryDataType, SystemDictionary } from "./dictionaries";
import { ipToBigInt, parseIpRange } from "./ip-range";
import { normalizeMac, normalizeMacPrefix } from "./mac";
import {
  operatorLabels,
  operatorsByDataType,
  operatorTakesList,
  type Condition,
  type ConditionLeaf,
  type ConditionOperator,
  type PolicyDocument,
} from "./policy";

export type PolicyProblem = { path: (string | number)[]; message: string };

export type PolicyCheckOptions = {
  dictionaries: readonly SystemDictionary[];
  /** Names of the authorization profiles that exist. */
  profileNames: readonly string[];
};

export type PolicyCheckResult = { errors: PolicyProblem[]; warnings: PolicyProblem[] };

type Path = (string | number)[];

const dataTypeLabels: Record<DictionaryDataType, string> = {
  string: "a string",
  int: "an integer",
  enum: "an enumeration",
  boolean: "a boolean",
  ip: "an IP address",
  mac: "a MAC address",
  date: "a date",
};

const quoteList = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

/**
 * Problems of one value of a leaf for its attribute's data type and operator, or undefined. Shared with
 * the condition editor's inline validation so the editor and the save agree.
 */
export function checkConditionValue(
  definition: Pick<DictionaryAttributeDefinition, "dataType" | "allowedValues">,
  operator: ConditionOperator,
  value: string,
): string | undefined {
  if (value.trim() === "") return "Enter a value";
  if (operator === "matches") {
    try {
      new RegExp(value);
      return undefined;
    } catch (error) {
      return `Not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}`;
    }
  }
  switch (definition.dataType) {
    case "int":
      return /^-?\d+$/.test(value.trim()) ? undefined : `Enter a whole number, not "${value}"`;
    case "enum":
    case "boolean": {
      const allowed = definition.allowedValues ?? (definition.dataType === "boolean" ? ["true", "false"] : undefined);
      if (!allowed || allowed.includes(value)) return undefined;
      return `"${value}" is not one of ${quoteList(allowed)}`;
    }
    case "ip":
      if (operator === "ipInRange" || operator === "ipNotInRange") {
        const range = parseIpRange(value);
        return range.ok ? undefined : range.message;
      }
      return ipToBigInt(value.trim()) ? undefined : `Enter an IPv4 or IPv6 address, not "${value}"`;
    case "mac":
      if (operator === "macStartsWith" || operator === "macNotStartsWith") {
        return normalizeMacPrefix(value) ? undefined : "Enter 1–12 hex digits of a MAC prefix, e.g. 00:26:B4";
      }
      return normalizeMac(value) ? undefined : "Enter a MAC address, e.g. 00:26:B4:24:FE:B4";
    case "date":
      return Number.isFinite(Number(value)) || (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)))
        ? undefined
        : `Enter a date (YYYY-MM-DD or an ISO 8601 time), not "${value}"`;
    case "string":
      return undefined;
  }
}

/** The dates the evaluator orders (besides numbers): ISO 8601 day or time. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Attribute definitions by exact `Dictionary:Attribute` (the engine matches names exactly). */
function attributeIndex(dictionaries: readonly SystemDictionary[]) {
  const byReference = new Map<string, DictionaryAttributeDefinition>();
  const names = new Set<string>();
  for (const dictionary of dictionaries) {
    names.add(dictionary.name);
    for (const attribute of dictionary.attributes) byReference.set(`${dictionary.name}:${attribute.name}`, attribute);
  }
  return { byReference, names };
}

type Truth = "true" | "false" | "unknown";

export function checkPolicyDocument(document: PolicyDocument, options: PolicyCheckOptions): PolicyCheckResult {
  const errors: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];
  const index = attributeIndex(options.dictionaries);
  const profiles = new Set(options.profileNames);
  const library = new Map<string, { condition: Condition; index: number }>();
  const libraryConditions = document.libraryConditions ?? [];

  libraryConditions.forEach((entry, position) => {
    if (library.has(entry.name)) {
      errors.push({
        path: ["libraryConditions", position, "name"],
        message: `Another library condition is named "${entry.name}"`,
      });
    } else library.set(entry.name, { condition: entry.condition, index: position });
  });

  function checkLeaf(leaf: ConditionLeaf, path: Path): void {
    const colon = leaf.attribute.indexOf(":");
    const dictionaryName = colon > 0 ? leaf.attribute.slice(0, colon) : "";
    const definition = index.byReference.get(leaf.attribute);
    if (!definition) {
      errors.push({
        path: [...path, "attribute"],
        message:
          colon <= 0
            ? `Use Dictionary:Attribute, e.g. MDM:DeviceRegisterStatus (not "${leaf.attribute}")`
            : index.names.has(dictionaryName)
              ? `The ${dictionaryName} dictionary has no attribute "${leaf.attribute.slice(colon + 1)}"`
              : `Unknown dictionary "${dictionaryName}"`,
      });
      return;
    }
    const allowed = operatorsByDataType[definition.dataType];
    if (!allowed.includes(leaf.operator)) {
      errors.push({
        path: [...path, "operator"],
        message: `${operatorLabels[leaf.operator] ?? leaf.operator} is not valid for ${dataTypeLabels[definition.dataType]} attribute; use ${allowed.map((operator) => operatorLabels[operator]).join(", ")}`,
      });
      return;
    }
    if (operatorTakesList(leaf.operator)) {
      if (!Array.isArray(leaf.value) || leaf.value.length === 0) {
        errors.push({
          path: [...path, "value"],
          message: Array.isArray(leaf.value)
            ? "Add at least one value to the list"
            : `${operatorLabels[leaf.operator]} takes a list of values`,
        });
        return;
      }
      leaf.value.forEach((value, position) => {
        const message = checkConditionValue(definition, leaf.operator, value);
        if (message) errors.push({ path: [...path, "value", position], message });
      });
      return;
    }
    if (Array.isArray(leaf.value) && leaf.value.length !== 1) {
      errors.push({ path: [...path, "value"], message: `${operatorLabels[leaf.operator]} takes exactly one value` });
      return;
    }
    const value = Array.isArray(leaf.value) ? (leaf.value[0] ?? "") : leaf.value;
    const message = checkConditionValue(definition, leaf.operator, value);
    if (message) errors.push({ path: [...path, "value"], message });
  }

  function checkCondition(condition: Condition | null, path: Path): void {
    if (!condition) return;
    switch (condition.type) {
      case "leaf":
        checkLeaf(condition, path);
        return;
      case "and":
      case "or":
        if (condition.children.length === 0) {
          errors.push({
            path: [...path, "children"],
            message: `This ${condition.type.toUpperCase()} block is empty: add a condition or remove the block`,
          });
        }
        condition.children.forEach((child, position) => checkCondition(child, [...path, "children", position]));
        return;
      case "ref":
        if (!library.has(condition.name)) {
          errors.push({ path: [...path, "name"], message: `No library condition named "${condition.name}"` });
        }
        return;
    }
  }

  // Reference cycles in the library: reported once, on the reference that closes the cycle.
  const cyclic = new Set<string>();
  {
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string, trail: string[]) => {
      const entry = library.get(name);
      if (!entry || state.get(name) === "done") return;
      state.set(name, "visiting");
      const walk = (condition: Condition, path: Path) => {
        if (condition.type === "and" || condition.type === "or") {
          condition.children.forEach((child, position) => walk(child, [...path, "children", position]));
        } else if (condition.type === "ref") {
          if (state.get(condition.name) === "visiting") {
            const loop = [...trail.slice(trail.indexOf(condition.name)), name, condition.name];
            for (const member of loop) cyclic.add(member);
            errors.push({
              path: [...path, "name"],
              message: `Library conditions refer to each other in a cycle: ${loop.join(" → ")}`,
            });
          } else visit(condition.name, [...trail, name]);
        }
      };
      walk(entry.condition, ["libraryConditions", entry.index, "condition"]);
      state.set(name, "done");
    };
    for (const name of library.keys()) visit(name, []);
  }

  libraryConditions.forEach((entry, position) => checkCondition(entry.condition, ["libraryConditions", position, "condition"]));

  /** Whether a condition is provably always true / always false (for unreachable-rule warnings). */
  const truth = (condition: Condition | null, depth = 0): Truth => {
    if (!condition) return "true";
    let result: Truth = "unknown";
    if (condition.type === "ref") {
      const entry = library.get(condition.name);
      result = entry && !cyclic.has(condition.name) && depth < 32 ? truth(entry.condition, depth + 1) : "unknown";
    } else if (condition.type === "and" || condition.type === "or") {
      const parts = condition.children.map((child) => truth(child, depth + 1));
      const absorbing: Truth = condition.type === "and" ? "false" : "true";
      const neutral: Truth = condition.type === "and" ? "true" : "false";
      if (parts.includes(absorbing) || hasComplementaryPair(condition.children)) result = absorbing;
      else if (parts.length > 0 && parts.every((part) => part === neutral)) result = neutral;
    }
    if (condition.negate && result !== "unknown") return result === "true" ? "false" : "true";
    return result;
  };

  const setNames = new Set<string>();
  let alwaysMatchingSet: string | undefined;
  const byRank = <T extends { rank: number }>(items: readonly T[]) =>
    items.map((item, position) => ({ item, position })).sort((a, b) => a.item.rank - b.item.rank);

  for (const { item: set, position: setIndex } of byRank(document.policySets)) {
    const setPath: Path = ["policySets", setIndex];
    if (setNames.has(set.name)) errors.push({ path: [...setPath, "name"], message: `Another policy set is named "${set.name}"` });
    setNames.add(set.name);
    checkCondition(set.condition, [...setPath, "condition"]);
    if (alwaysMatchingSet !== undefined && set.state !== "disabled") {
      warnings.push({
        path: setPath,
        message: `Unreachable: policy set "${alwaysMatchingSet}" above it matches every request`,
      });
    }
    if (alwaysMatchingSet === undefined && set.state === "enabled" && truth(set.condition) === "true") {
      alwaysMatchingSet = set.name;
    }

    const ruleNames = new Set<string>();
    let alwaysMatchingRule: string | undefined;
    const rules = byRank(set.rules);
    for (const { item: rule, position: ruleIndex } of rules) {
      const rulePath: Path = [...setPath, "rules", ruleIndex];
      if (ruleNames.has(rule.name)) {
        errors.push({ path: [...rulePath, "name"], message: `Another rule in this policy set is named "${rule.name}"` });
      }
      ruleNames.add(rule.name);
      checkCondition(rule.condition, [...rulePath, "condition"]);
      if (rule.profiles.length === 0) {
        errors.push({ path: [...rulePath, "profiles"], message: "Choose at least one authorization profile" });
      }
      rule.profiles.forEach((name, position) => {
        if (!profiles.has(name)) {
          errors.push({ path: [...rulePath, "profiles", position], message: `No authorization profile named "${name}"` });
        }
      });
      if (alwaysMatchingRule !== undefined && rule.state !== "disabled") {
        warnings.push({
          path: rulePath,
          message: `Unreachable: rule "${alwaysMatchingRule}" above it matches every request`,
        });
      }
      if (alwaysMatchingRule === undefined && rule.state === "enabled" && truth(rule.condition) === "true") {
        alwaysMatchingRule = rule.name;
      }
    }

    const last = rules[rules.length - 1];
    if (!last) {
      errors.push({ path: [...setPath, "rules"], message: "Add a default rule (no condition) as the last rule" });
    } else if (last.item.condition !== null) {
      errors.push({
        path: [...setPath, "rules", last.position, "condition"],
        message: "The last rule of a policy set is the default rule: it must have no condition",
      });
    } else if (last.item.state !== "enabled") {
      warnings.push({
        path: [...setPath, "rules", last.position, "state"],
        message: `The default rule is ${last.item.state}: requests that match no rule are denied`,
      });
    }
  }

  return { errors, warnings };
}

/** A block holding some condition and its exact negation (X OR NOT X is always true, X AND NOT X never). */
function hasComplementaryPair(children: readonly Condition[]): boolean {
  const seen = new Map<string, boolean>();
  for (const child of children) {
    const key = JSON.stringify({ ...child, negate: undefined });
    const negated = Boolean(child.negate);
    const other = seen.get(key);
    if (other !== undefined && other !== negated) return true;
    seen.set(key, negated);
  }
  return false;
}
