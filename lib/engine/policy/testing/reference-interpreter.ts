// The evaluator as it was before compilation (a per-request interpreter of the condition JSON), kept as
// the oracle of the agreement test: the compiled evaluator must decide exactly as it did. Test-only.
import { normalizeMac } from "../../../validation/mac";
import { ipToBigInt, parseIpRange, rangeContains } from "../../../validation/ip-range";
import type { Condition, ConditionLeaf, PolicyDocument } from "../../../validation/policy";
import type { EvaluationContext, EvaluationResult, RuleTrace } from "../evaluate";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
function orderingValue(text: string): number {
  const number = Number(text);
  if (Number.isFinite(number)) return number;
  return ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
}

class NeedsMdm {
  constructor(readonly live: boolean) {}
}

/** A policy compiled once per configuration snapshot: sorted sets and rules, library lookup. */
interface OraclePolicy {
  readonly version: number;
  readonly sets: readonly {
    name: string;
    condition: Condition | null;
    rules: readonly { name: string; state: string; condition: Condition | null; profiles: readonly string[] }[];
  }[];
  readonly library: ReadonlyMap<string, Condition>;
  /** True when any reachable condition mentions an MDM attribute. */
  readonly usesMdm: boolean;
}

export function oracleCompile(document: PolicyDocument, version: number): OraclePolicy {
  const byRank = <T extends { rank: number }>(items: readonly T[]) => [...items].sort((a, b) => a.rank - b.rank);
  const sets = byRank(document.policySets.filter((set) => set.state !== "disabled")).map((set) => ({
    name: set.name,
    condition: set.condition,
    rules: byRank(set.rules.filter((rule) => rule.state !== "disabled")).map((rule) => ({
      name: rule.name,
      state: rule.state,
      condition: rule.condition,
      profiles: rule.profiles,
    })),
  }));
  const library = new Map(document.libraryConditions.map((entry) => [entry.name, entry.condition]));
  const mentionsMdm = (condition: Condition | null, depth = 0): boolean => {
    if (!condition || depth > 32) return false;
    if (condition.type === "leaf") return condition.attribute.startsWith("MDM:");
    if (condition.type === "ref") return mentionsMdm(library.get(condition.name) ?? null, depth + 1);
    return condition.children.some((child) => mentionsMdm(child, depth + 1));
  };
  const usesMdm = sets.some((set) => mentionsMdm(set.condition) || set.rules.some((rule) => mentionsMdm(rule.condition)));
  return { version, sets, library, usesMdm };
}

export function oracleEvaluate(policy: OraclePolicy, context: EvaluationContext): EvaluationResult {
  const trace: RuleTrace[] = [];
  const monitored: string[] = [];
  try {
    for (const set of policy.sets) {
      if (set.condition && !matches(set.condition, context, policy.library, 0)) continue;
      for (const rule of set.rules) {
        const matched = rule.condition ? matches(rule.condition, context, policy.library, 0) : true;
        trace.push({ policySet: set.name, rule: rule.name, state: rule.state, matched });
        if (!matched) continue;
        if (rule.state === "monitor") {
          monitored.push(rule.name);
          continue;
        }
        return { needs: undefined, policySet: set.name, rule: rule.name, profiles: rule.profiles, monitored, trace };
      }
      // A matching set without a matching rule denies (ISE's default rule is always present).
      return { needs: undefined, policySet: set.name, rule: undefined, profiles: ["DenyAccess"], monitored, trace };
    }
  } catch (caught) {
    if (caught instanceof NeedsMdm) return { needs: caught.live ? "mdm-live" : "mdm" };
    throw caught;
  }
  return { needs: undefined, policySet: undefined, rule: undefined, profiles: ["DenyAccess"], monitored, trace };
}

const MAX_DEPTH = 32;

function matches(
  condition: Condition,
  context: EvaluationContext,
  library: ReadonlyMap<string, Condition>,
  depth: number,
): boolean {
  if (depth > MAX_DEPTH) return false; // a reference cycle in the library: treat as not matching
  let result: boolean;
  switch (condition.type) {
    case "leaf":
      result = leafMatches(condition, context);
      break;
    case "and":
      result = condition.children.every((child) => matches(child, context, library, depth + 1));
      break;
    case "or":
      result = condition.children.some((child) => matches(child, context, library, depth + 1));
      break;
    case "ref": {
      const target = library.get(condition.name);
      result = target ? matches(target, context, library, depth + 1) : false;
      break;
    }
  }
  return condition.negate ? !result : result;
}

function valueOf(leaf: ConditionLeaf, context: EvaluationContext): string | number | undefined {
  if (leaf.attribute.startsWith("MDM:")) {
    const mdm = context.mdm;
    if (!mdm) throw new NeedsMdm(false);
    const name = leaf.attribute.slice(4);
    if (name === "MDMServerName" && mdm.source === "cache") throw new NeedsMdm(true);
    const value = (mdm.values as Record<string, unknown>)[name];
    return typeof value === "string" || typeof value === "number" ? value : undefined;
  }
  return context.attribute(leaf.attribute);
}

const regexCache = new Map<string, RegExp | null>();
function regex(pattern: string): RegExp | null {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern);
    } catch {
      compiled = null;
    }
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

function leafMatches(leaf: ConditionLeaf, context: EvaluationContext): boolean {
  const actual = valueOf(leaf, context);
  // A missing attribute matches no operator, not even a negative one (as ISE does); use `negate` to
  // express "not present or different".
  if (actual === undefined) return false;
  const text = String(actual);
  const expected = leaf.value;
  const one = Array.isArray(expected) ? (expected[0] ?? "") : expected;
  const list = Array.isArray(expected) ? expected : [expected];
  switch (leaf.operator) {
    case "equals":
      return text === one;
    case "notEquals":
      return text !== one;
    case "contains":
      return text.includes(one);
    case "notContains":
      return !text.includes(one);
    case "startsWith":
      return text.startsWith(one);
    case "notStartsWith":
      return !text.startsWith(one);
    case "endsWith":
      return text.endsWith(one);
    case "notEndsWith":
      return !text.endsWith(one);
    case "in":
      return list.includes(text);
    case "notIn":
      return !list.includes(text);
    case "matches":
      return regex(one)?.test(text) ?? false;
    case "greaterThan":
    case "greaterOrEquals":
    case "lessThan":
    case "lessOrEquals": {
      // The one deliberate change of the compiled evaluator: ISO 8601 dates order too (date attributes).
      const a = orderingValue(text);
      const b = orderingValue(one);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      if (leaf.operator === "greaterThan") return a > b;
      if (leaf.operator === "greaterOrEquals") return a >= b;
      if (leaf.operator === "lessThan") return a < b;
      return a <= b;
    }
    case "ipEquals":
    case "ipNotEquals": {
      const a = ipToBigInt(text);
      const b = ipToBigInt(one);
      const equal = Boolean(a && b && a.version === b.version && a.value === b.value);
      return leaf.operator === "ipEquals" ? equal : !equal;
    }
    case "ipInRange":
    case "ipNotInRange": {
      const address = ipToBigInt(text);
      const range = parseIpRange(one);
      const inside = Boolean(address && range.ok && rangeContains(range.range, address));
      return leaf.operator === "ipInRange" ? inside : !inside;
    }
    case "macEquals":
    case "macNotEquals": {
      const a = normalizeMac(text);
      const equal = a !== undefined && a === normalizeMac(one);
      return leaf.operator === "macEquals" ? equal : !equal;
    }
    case "macStartsWith":
    case "macNotStartsWith": {
      const a = normalizeMac(text) ?? "";
      const prefix = one.replace(/[:.-]/g, "").toUpperCase();
      const starts = a !== "" && a.startsWith(prefix);
      return leaf.operator === "macStartsWith" ? starts : !starts;
    }
  }
}
