// A simple, correct evaluator of the policy document (ise-mdm-reference §6): policy sets by rank, first
// matching set; its rules by rank, first match wins; monitor rules are recorded in the trace but never
// decide. Evaluation is synchronous and pure: when a reached condition needs MDM attributes that the
// request has not got yet, it stops with `needs: "mdm"` and the caller evaluates again once they are
// known (the MDM lookup is lazy: a policy that never reaches an MDM condition never queries the MDM).
import { normalizeMac } from "../mdm/mac";
import { ipToBigInt, parseIpRange, rangeContains } from "../../validation/ip-range";
import type { Condition, ConditionLeaf, PolicyDocument } from "../../validation/policy";

/** What the attributes of one request look like to the evaluator. */
export interface EvaluationContext {
  /** Value of `Dictionary:Attribute` (non-MDM), or undefined when absent. */
  attribute(reference: string): string | number | undefined;
  /**
   * MDM dictionary values, or undefined while no lookup has been made. `source` tells whether they come
   * from the cache or a live query (MDMServerName forces a live query, reference §5).
   */
  mdm: { values: object; source: "cache" | "live" } | undefined;
}

export type RuleTrace = { policySet: string; rule: string; state: string; matched: boolean };

export type EvaluationResult =
  | { needs: "mdm" | "mdm-live" }
  | {
      needs: undefined;
      policySet: string | undefined;
      rule: string | undefined;
      profiles: readonly string[];
      /** Monitor-mode rules that matched before the deciding rule. */
      monitored: readonly string[];
      trace: readonly RuleTrace[];
    };

class NeedsMdm {
  constructor(readonly live: boolean) {}
}

/** A policy compiled once per configuration snapshot: sorted sets and rules, library lookup. */
export interface CompiledPolicy {
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

export function compilePolicy(document: PolicyDocument, version: number): CompiledPolicy {
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

export function evaluatePolicy(policy: CompiledPolicy, context: EvaluationContext): EvaluationResult {
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
      const a = Number(text);
      const b = Number(one);
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
