// The policy evaluator (ise-mdm-reference §6): policy sets by rank, first matching set; its rules by rank,
// first match wins; monitor rules are recorded in the trace but never decide. Each condition is compiled
// once per configuration snapshot into one generated function (MatcherGenerator) — operators resolved,
// values pre-parsed (numbers, IP addresses and ranges, normalised MACs, RegExps, `in` lists as Sets),
// library references linked with cycle protection — so a request costs attribute reads and comparisons,
// not a walk over JSON. The simulator's traced evaluation uses the same operator tests.
// Evaluation is synchronous and pure: when a reached condition needs MDM attributes that the request has
// not got yet, it stops with `needs: "mdm"` and the caller evaluates again once they are known (the MDM
// lookup is lazy: a policy that never reaches an MDM condition never queries the MDM).
import { ipToBigInt, parseIpRange, rangeContains } from "../../validation/ip-range";
import { normalizeMac } from "../../validation/mac";
import { operatorLabels, type Condition, type ConditionLeaf, type PolicyDocument } from "../../validation/policy";
import type { ConditionTrace } from "../../validation/policy-simulation";

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

export type { ConditionTrace };

/** The simulator's evaluation: the same decision, with every evaluated condition's tree. */
export type TracedEvaluationResult =
  | { needs: "mdm" | "mdm-live" }
  | {
      needs: undefined;
      policySet: string | undefined;
      rule: string | undefined;
      profiles: readonly string[];
      monitored: readonly string[];
      /** Policy sets tried, in order, until one matched. */
      sets: readonly { policySet: string; matched: boolean; condition: ConditionTrace | null }[];
      trace: readonly (RuleTrace & { condition: ConditionTrace | null })[];
    };

type Matcher = (context: EvaluationContext) => boolean;

/**
 * A condition compiled for the simulator: evaluation with a true/false tree. It shares the operator tests
 * (`predicateFor`) with the request path's generated matchers; the agreement test proves both decide alike.
 */
interface CompiledCondition {
  trace(context: EvaluationContext): ConditionTrace;
  /** The tree with every result null: a branch skipped by short-circuit. */
  skeleton(): ConditionTrace;
}

interface CompiledRule {
  name: string;
  state: string;
  condition: Condition | null;
  profiles: readonly string[];
  /** The request path's matcher (generated code); undefined: no condition, always matches. */
  match: Matcher | undefined;
  /** The simulator's traced form. */
  compiled: CompiledCondition | undefined;
}

/** A policy compiled once per configuration snapshot: sorted sets and rules, conditions as closures. */
export interface CompiledPolicy {
  readonly version: number;
  readonly sets: readonly {
    name: string;
    condition: Condition | null;
    match: Matcher | undefined;
    compiled: CompiledCondition | undefined;
    rules: readonly CompiledRule[];
    /** Rule pre-selection by one request attribute, when enough rules start with a test on it. */
    dispatch: RuleDispatch | undefined;
  }[];
  readonly library: ReadonlyMap<string, Condition>;
  /** True when any reachable condition mentions an MDM attribute. */
  readonly usesMdm: boolean;
  /** Per-evaluation leaf results of the generated matchers (internal to evaluatePolicy). */
  readonly leafResults: LeafResults;
}

/** Thrown (preallocated, never per request) when a reached leaf needs MDM values not known yet. */
class NeedsMdm {
  constructor(readonly live: boolean) {}
}
const NEEDS_MDM = new NeedsMdm(false);
const NEEDS_MDM_LIVE = new NeedsMdm(true);

/**
 * Conditions nest at most this deep (blocks and references each add a level); a node deeper than this is
 * false whatever its negation. A reference to a library condition that is part of a reference cycle is
 * false too (policy-check refuses cycles at save; this only keeps an old stored document harmless).
 */
const MAX_DEPTH = 32;

/** Library conditions that can reach themselves through references. */
function cyclicNames(library: ReadonlyMap<string, Condition>): Set<string> {
  const refsOf = (condition: Condition, into: Set<string>): Set<string> => {
    if (condition.type === "ref") into.add(condition.name);
    else if (condition.type !== "leaf") for (const child of condition.children) refsOf(child, into);
    return into;
  };
  const edges = new Map([...library].map(([name, condition]) => [name, refsOf(condition, new Set())]));
  const cyclic = new Set<string>();
  for (const start of library.keys()) {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length) {
      const name = stack.pop()!;
      if (name === start) {
        cyclic.add(start);
        break;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(edges.get(name) ?? []));
    }
  }
  return cyclic;
}

export function compilePolicy(document: PolicyDocument, version: number): CompiledPolicy {
  const byRank = <T extends { rank: number }>(items: readonly T[]) => [...items].sort((a, b) => a.rank - b.rank);
  const library = new Map(document.libraryConditions.map((entry) => [entry.name, entry.condition]));
  const cyclic = cyclicNames(library);
  const compiler = new ConditionCompiler(library, cyclic);
  const generator = new MatcherGenerator(library, cyclic, repeatedLeaves(document));
  const sets = byRank(document.policySets.filter((set) => set.state !== "disabled")).map((set) => {
    const rules = byRank(set.rules.filter((rule) => rule.state !== "disabled"));
    return {
      name: set.name,
      condition: set.condition,
      match: set.condition ? generator.matcher(set.condition, 0) : undefined,
      compiled: set.condition ? compiler.compile(set.condition, 0) : undefined,
      rules: rules.map((rule) => ({
        name: rule.name,
        state: rule.state,
        condition: rule.condition,
        profiles: rule.profiles,
        match: rule.condition ? generator.matcher(rule.condition, 0) : undefined,
        compiled: rule.condition ? compiler.compile(rule.condition, 0) : undefined,
      })),
      dispatch: ruleDispatch(rules.map((rule) => rule.condition)),
    };
  });
  const mentionsMdm = (condition: Condition | null, depth = 0): boolean => {
    if (!condition || depth > MAX_DEPTH) return false;
    if (condition.type === "leaf") return condition.attribute.startsWith("MDM:");
    if (condition.type === "ref") {
      return !cyclic.has(condition.name) && mentionsMdm(library.get(condition.name) ?? null, depth + 1);
    }
    return condition.children.some((child) => mentionsMdm(child, depth + 1));
  };
  const usesMdm = sets.some((set) => mentionsMdm(set.condition) || set.rules.some((rule) => mentionsMdm(rule.condition)));
  return { version, sets, library, usesMdm, leafResults: generator.leafResults };
}

const DENY: readonly string[] = ["DenyAccess"];
const NONE: readonly string[] = [];

export function evaluatePolicy(policy: CompiledPolicy, context: EvaluationContext): EvaluationResult {
  policy.leafResults.epoch += 1;
  try {
    const sets = policy.sets;
    for (let setIndex = 0; setIndex < sets.length; setIndex++) {
      const set = sets[setIndex]!;
      if (set.match && !set.match(context)) continue;
      const rules = set.rules;
      const dispatch = set.dispatch;
      let candidates: Uint8Array | undefined;
      if (dispatch) {
        const value = context.attribute(dispatch.attribute);
        candidates =
          value === undefined
            ? dispatch.none
            : (dispatch.byValue.get(typeof value === "string" ? value : String(value)) ?? dispatch.none);
      }
      let monitoredAt: number[] | undefined;
      for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
        const rule = rules[ruleIndex]!;
        if (candidates !== undefined && candidates[ruleIndex] === 0) continue;
        if (rule.match && !rule.match(context)) continue;
        if (rule.state === "monitor") {
          (monitoredAt ??= []).push(ruleIndex);
          continue;
        }
        return decision(set, ruleIndex, monitoredAt);
      }
      // A matching set without a matching rule denies (ISE's default rule is always present).
      return decision(set, rules.length, monitoredAt);
    }
  } catch (caught) {
    if (caught instanceof NeedsMdm) return { needs: caught.live ? "mdm-live" : "mdm" };
    throw caught;
  }
  return { needs: undefined, policySet: undefined, rule: undefined, profiles: DENY, monitored: NONE, trace: [] };
}

/**
 * The result for the set that matched, decided at `decidedAt` (= rules.length: no rule decided). Every
 * rule before it was evaluated and did not match, except the monitor rules at `monitoredAt`; so the rule
 * trace follows from these and is built only when read (the live log's detail), not per request. A class,
 * not a literal with a getter: one cheap allocation per request.
 */
class Decision {
  readonly needs = undefined;
  readonly policySet: string;
  readonly rule: string | undefined;
  readonly profiles: readonly string[];
  readonly monitored: readonly string[];
  readonly #set: CompiledPolicy["sets"][number];
  readonly #decidedAt: number;
  readonly #monitoredAt: number[] | undefined;
  #trace: RuleTrace[] | undefined;

  constructor(set: CompiledPolicy["sets"][number], decidedAt: number, monitoredAt: number[] | undefined) {
    const decided = set.rules[decidedAt];
    this.policySet = set.name;
    this.rule = decided?.name;
    this.profiles = decided ? decided.profiles : DENY;
    this.monitored = monitoredAt ? monitoredAt.map((index) => set.rules[index]!.name) : NONE;
    this.#set = set;
    this.#decidedAt = decidedAt;
    this.#monitoredAt = monitoredAt;
  }

  get trace(): readonly RuleTrace[] {
    if (!this.#trace) {
      const rules = this.#set.rules;
      const trace: RuleTrace[] = [];
      const end = Math.min(this.#decidedAt, rules.length - 1);
      for (let index = 0; index <= end; index++) {
        const rule = rules[index]!;
        const matched = index === this.#decidedAt || (this.#monitoredAt?.includes(index) ?? false);
        trace.push({ policySet: this.#set.name, rule: rule.name, state: rule.state, matched });
      }
      this.#trace = trace;
    }
    return this.#trace;
  }

  /** As a plain object (the trace is a getter: spread and JSON would not see it otherwise). */
  toJSON() {
    const { needs, policySet, rule, profiles, monitored, trace } = this;
    return { needs, policySet, rule, profiles, monitored, trace };
  }
}

function decision(set: CompiledPolicy["sets"][number], decidedAt: number, monitoredAt: number[] | undefined): EvaluationResult {
  return new Decision(set, decidedAt, monitoredAt);
}

/** `evaluatePolicy` with a true/false tree for every condition evaluated (the simulator; not the hot path). */
export function evaluatePolicyTraced(policy: CompiledPolicy, context: EvaluationContext): TracedEvaluationResult {
  const sets: { policySet: string; matched: boolean; condition: ConditionTrace | null }[] = [];
  const trace: (RuleTrace & { condition: ConditionTrace | null })[] = [];
  const monitored: string[] = [];
  const done = (policySet: string | undefined, rule: string | undefined, profiles: readonly string[]) =>
    ({ needs: undefined, policySet, rule, profiles, monitored, sets, trace }) as const;
  try {
    for (const set of policy.sets) {
      const setTrace = set.compiled ? set.compiled.trace(context) : null;
      const setMatched = setTrace ? setTrace.result === true : true;
      sets.push({ policySet: set.name, matched: setMatched, condition: setTrace });
      if (!setMatched) continue;
      for (const rule of set.rules) {
        const condition = rule.compiled ? rule.compiled.trace(context) : null;
        const matched = condition ? condition.result === true : true;
        trace.push({ policySet: set.name, rule: rule.name, state: rule.state, matched, condition });
        if (!matched) continue;
        if (rule.state === "monitor") {
          monitored.push(rule.name);
          continue;
        }
        return done(set.name, rule.name, rule.profiles);
      }
      return done(set.name, undefined, ["DenyAccess"]);
    }
  } catch (caught) {
    if (caught instanceof NeedsMdm) return { needs: caught.live ? "mdm-live" : "mdm" };
    throw caught;
  }
  return done(undefined, undefined, ["DenyAccess"]);
}

/** Compiles conditions; memoised per (node, depth) so shared library conditions compile once per depth. */
class ConditionCompiler {
  readonly #memo = new Map<Condition, (CompiledCondition | undefined)[]>();

  constructor(
    private readonly library: ReadonlyMap<string, Condition>,
    private readonly cyclic: ReadonlySet<string>,
  ) {}

  compile(condition: Condition, depth: number): CompiledCondition {
    if (depth > MAX_DEPTH) return DEPTH_LIMIT;
    let byDepth = this.#memo.get(condition);
    if (!byDepth) {
      byDepth = [];
      this.#memo.set(condition, byDepth);
    }
    const known = byDepth[depth];
    if (known) return known;
    const compiled = this.#build(condition, depth);
    byDepth[depth] = compiled;
    return compiled;
  }

  #build(condition: Condition, depth: number): CompiledCondition {
    const negate = condition.negate === true;
    switch (condition.type) {
      case "leaf":
        return compileLeaf(condition);
      case "and":
      case "or": {
        const children = condition.children.map((child) => this.compile(child, depth + 1));
        return compileBlock(condition.type, children, negate);
      }
      case "ref": {
        const target = this.library.get(condition.name);
        const label = `${negate ? "NOT " : ""}Library: ${condition.name}`;
        if (!target) return constant(negate, `${label} (not in the library)`);
        if (this.cyclic.has(condition.name)) return constant(false, `${label} (reference cycle: never matches)`);
        const inner = this.compile(target, depth + 1);
        return {
          trace: (context) => {
            const child = inner.trace(context);
            return { label, result: child.result === null ? null : negate ? !child.result : child.result, children: [child] };
          },
          skeleton: () => ({ label, result: null, children: [inner.skeleton()] }),
        };
      }
    }
  }
}

const DEPTH_LIMIT: CompiledCondition = constant(false, "Nested too deep (a library reference cycle?)");

function constant(value: boolean, label: string): CompiledCondition {
  return {
    trace: () => ({ label, result: value }),
    skeleton: () => ({ label, result: null }),
  };
}

function compileBlock(type: "and" | "or", children: readonly CompiledCondition[], negate: boolean): CompiledCondition {
  const label = `${negate ? "NOT " : ""}${type.toUpperCase()}`;
  const stopOn = type === "or";
  return {
    trace: (context) => {
      const traces: ConditionTrace[] = [];
      let result = !stopOn;
      for (const child of children) {
        if (result === stopOn) {
          traces.push(child.skeleton());
          continue;
        }
        const childTrace = child.trace(context);
        traces.push(childTrace);
        if (childTrace.result === stopOn) result = stopOn;
      }
      return { label, result: negate ? !result : result, children: traces };
    },
    skeleton: () => ({ label, result: null, children: children.map((child) => child.skeleton()) }),
  };
}

/**
 * Rule pre-selection (a one-attribute discrimination index). Many rules start with a test such as
 * `Radius:NAS-Port-Id IN [...]` or `Radius:Called-Station-Id EQUALS ...`: the first leaf evaluated, and
 * when it is false the rule is false with nothing else evaluated. For the attribute most rules start
 * with, one read and one Map lookup per request tell which of those rules can still match; the others
 * are skipped without a call. Only guards whose failure has no other effect qualify: a non-negated
 * `equals`/`in` leaf on a request attribute (never MDM: reading MDM may ask for a lookup), reached through
 * non-negated AND blocks as their first child. Skipping them therefore changes nothing but the time.
 */
interface RuleDispatch {
  attribute: string;
  /** Per request value: 1 for each rule that may match (unguarded, or guarded and the value in its set). */
  byValue: Map<string, Uint8Array>;
  /** For a value no guard accepts, or an absent attribute: only the unguarded rules. */
  none: Uint8Array;
}

/** Guards worth an index: below this many rules a plain scan is as fast. */
const MIN_DISPATCH_RULES = 4;

function guardOf(condition: Condition | null): { attribute: string; values: readonly string[] } | undefined {
  let node = condition;
  for (let depth = 0; node && depth < 8 && !node.negate; depth++) {
    if (node.type === "and") {
      node = node.children[0] ?? null;
      continue;
    }
    if (node.type !== "leaf" || node.attribute.startsWith("MDM:")) return undefined;
    const expected = node.value;
    if (node.operator === "equals") {
      return { attribute: node.attribute, values: [Array.isArray(expected) ? (expected[0] ?? "") : expected] };
    }
    if (node.operator === "in") return { attribute: node.attribute, values: Array.isArray(expected) ? expected : [expected] };
    return undefined;
  }
  return undefined;
}

function ruleDispatch(conditions: readonly (Condition | null)[]): RuleDispatch | undefined {
  const guards = conditions.map(guardOf);
  const counts = new Map<string, number>();
  for (const guard of guards) if (guard) counts.set(guard.attribute, (counts.get(guard.attribute) ?? 0) + 1);
  let attribute: string | undefined;
  let best = 0;
  for (const [candidate, count] of counts) {
    if (count > best) {
      attribute = candidate;
      best = count;
    }
  }
  if (attribute === undefined || best < MIN_DISPATCH_RULES) return undefined;
  const none = new Uint8Array(conditions.length);
  guards.forEach((guard, index) => {
    if (guard?.attribute !== attribute) none[index] = 1;
  });
  const byValue = new Map<string, Uint8Array>();
  guards.forEach((guard, index) => {
    if (guard?.attribute !== attribute) return;
    for (const value of guard.values) {
      let candidates = byValue.get(value);
      if (!candidates) {
        candidates = Uint8Array.from(none);
        byValue.set(value, candidates);
      }
      candidates[index] = 1;
    }
  });
  return { attribute, byValue, none };
}

/** MDM attribute read of the generated code (one function: its call sites stay monomorphic). */
function readMdm(context: EvaluationContext, name: string, forcesLive: boolean): string | number | undefined {
  const mdm = context.mdm;
  if (!mdm) throw NEEDS_MDM;
  if (forcesLive && mdm.source === "cache") throw NEEDS_MDM_LIVE;
  const value = (mdm.values as Record<string, unknown>)[name];
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

function leafKey(leaf: ConditionLeaf): string {
  return JSON.stringify([leaf.attribute, leaf.operator, leaf.value, leaf.negate === true]);
}

/** Leaves written more than once in the document, and every leaf of the library (reached per reference). */
function repeatedLeaves(document: PolicyDocument): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const visit = (condition: Condition | null, inLibrary: boolean) => {
    if (!condition || condition.type === "ref") return;
    if (condition.type === "leaf") {
      const key = leafKey(condition);
      if (inLibrary || seen.has(key)) repeated.add(key);
      seen.add(key);
      return;
    }
    for (const child of condition.children) visit(child, inLibrary);
  };
  for (const entry of document.libraryConditions) visit(entry.condition, true);
  for (const set of document.policySets) {
    visit(set.condition, false);
    for (const rule of set.rules) visit(rule.condition, false);
  }
  return repeated;
}

interface LeafResults {
  epoch: number;
  at: number[];
  result: boolean[];
}

type MatcherFactory = (constants: readonly unknown[], mdm: typeof readMdm, leafResults: LeafResults) => Matcher;

/**
 * The request path's matchers: each condition becomes one JavaScript function whose AND/OR/NOT structure
 * is code and whose every leaf is its own call site, so V8 inlines the operator tests instead of making a
 * megamorphic closure call per node. Nothing from the document is spliced into the source: attribute
 * names, values and the pre-parsed operator tests are passed in a constants array and referred to by
 * index, so the generated text is made only of fixed tokens and numbers. Library references become calls
 * to the referenced condition's own generated function (memoised per node and depth), so shared library
 * conditions are not copied into every rule.
 */
class MatcherGenerator {
  readonly #memo = new Map<Condition, (Matcher | undefined)[]>();
  /** Slots of distinct leaves (same attribute, operator, value and negation share one). */
  readonly #slots = new Map<string, number>();
  /**
   * Leaf results of the evaluation under way: a leaf repeated across rules (the same MDM status test in
   * ten rules) is computed once per request. `at[slot] === epoch` marks a result of this evaluation;
   * evaluatePolicy bumps the epoch, so nothing needs clearing. Synchronous evaluation makes this safe.
   */
  readonly leafResults: LeafResults = { epoch: 0, at: [], result: [] };

  constructor(
    private readonly library: ReadonlyMap<string, Condition>,
    private readonly cyclic: ReadonlySet<string>,
    /** Keys of leaves that can be reached more than once per request (memoising the others only costs). */
    private readonly repeated: ReadonlySet<string>,
  ) {}

  matcher(condition: Condition, depth: number): Matcher {
    let byDepth = this.#memo.get(condition);
    if (!byDepth) {
      byDepth = [];
      this.#memo.set(condition, byDepth);
    }
    const known = byDepth[depth];
    if (known) return known;
    const constants: unknown[] = [];
    const expression = this.#expression(condition, depth, constants);
    // The compiler's output: the source holds only fixed tokens and constant indices (see the class comment).
    const factory = new Function(
      "K",
      "mdm",
      "M",
      `"use strict"; return function match(c) { let v; return ${expression}; };`,
    ) as MatcherFactory;
    const compiled = factory(constants, readMdm, this.leafResults);
    byDepth[depth] = compiled;
    return compiled;
  }

  #expression(condition: Condition, depth: number, constants: unknown[]): string {
    if (depth > MAX_DEPTH) return "false";
    const constant = (value: unknown) => `K[${constants.push(value) - 1}]`;
    const negate = condition.negate === true;
    const not = negate ? "!" : "";
    switch (condition.type) {
      case "leaf": {
        // MDMServerName forces a live query when the values came from the cache (reference §5).
        const read = condition.attribute.startsWith("MDM:")
          ? `mdm(c, ${constant(condition.attribute.slice(4))}, ${condition.attribute === "MDM:MDMServerName"})`
          : `c.attribute(${constant(condition.attribute)})`;
        const test = constant(predicateFor(condition));
        // A missing attribute matches no operator, not even a negative one (as ISE does): its negation matches.
        const leaf = `((v = ${read}) === undefined ? ${negate} : ${not}${test}(typeof v === "string" ? v : String(v)))`;
        const key = leafKey(condition);
        if (!this.repeated.has(key)) return leaf;
        let slot = this.#slots.get(key);
        if (slot === undefined) {
          slot = this.leafResults.at.push(0) - 1;
          this.leafResults.result.push(false);
          this.#slots.set(key, slot);
        }
        // A leaf that throws (needs MDM) records nothing.
        return `(M.at[${slot}] === M.epoch ? M.result[${slot}] : ((M.result[${slot}] = ${leaf}), (M.at[${slot}] = M.epoch), M.result[${slot}]))`;
      }
      case "and":
      case "or": {
        if (condition.children.length === 0) return String(condition.type === "and" ? !negate : negate);
        const operator = condition.type === "and" ? " && " : " || ";
        return `${not}(${condition.children.map((child) => this.#expression(child, depth + 1, constants)).join(operator)})`;
      }
      case "ref": {
        const target = this.library.get(condition.name);
        if (!target) return String(negate);
        if (this.cyclic.has(condition.name)) return "false";
        return `${not}${constant(this.matcher(target, depth + 1))}(c)`;
      }
    }
  }
}

type Getter = (context: EvaluationContext) => string | number | undefined;

function getterFor(attribute: string): Getter {
  if (attribute.startsWith("MDM:")) {
    const name = attribute.slice(4);
    const forcesLive = name === "MDMServerName";
    return (context) => readMdm(context, name, forcesLive);
  }
  return (context) => context.attribute(attribute);
}

/** A per-leaf memo of a parse of request values (NAD addresses and MACs repeat across requests). */
function memoised<T>(parse: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let parsed = memo.get(text);
    if (parsed === undefined && !memo.has(text)) {
      parsed = parse(text);
      if (memo.size >= 4096) memo.clear();
      memo.set(text, parsed);
    }
    return parsed as T;
  };
}

/** Ordering of numbers, or of ISO 8601 dates (`date` attributes); NaN for anything else (never matches). */
function orderingValue(text: string): number {
  const number = Number(text);
  if (Number.isFinite(number)) return number;
  return ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The operator's test of the request's value (present, as text), with the expected value pre-parsed. */
function predicateFor(leaf: ConditionLeaf): (text: string) => boolean {
  const expected = leaf.value;
  const one = Array.isArray(expected) ? (expected[0] ?? "") : expected;
  const list = new Set(Array.isArray(expected) ? expected : [expected]);
  switch (leaf.operator) {
    case "equals":
      return (text) => text === one;
    case "notEquals":
      return (text) => text !== one;
    case "contains":
      return (text) => text.includes(one);
    case "notContains":
      return (text) => !text.includes(one);
    case "startsWith":
      return (text) => text.startsWith(one);
    case "notStartsWith":
      return (text) => !text.startsWith(one);
    case "endsWith":
      return (text) => text.endsWith(one);
    case "notEndsWith":
      return (text) => !text.endsWith(one);
    case "in":
      return (text) => list.has(text);
    case "notIn":
      return (text) => !list.has(text);
    case "matches": {
      let pattern: RegExp | undefined;
      try {
        pattern = new RegExp(one);
      } catch {
        // Refused at save time (policy-check); a stored invalid pattern matches nothing.
        return () => false;
      }
      return (text) => pattern.test(text);
    }
    case "greaterThan":
    case "greaterOrEquals":
    case "lessThan":
    case "lessOrEquals": {
      const b = orderingValue(one);
      if (Number.isNaN(b)) return () => false;
      const read = memoised(orderingValue);
      if (leaf.operator === "greaterThan") return (text) => read(text) > b;
      if (leaf.operator === "greaterOrEquals") return (text) => read(text) >= b;
      if (leaf.operator === "lessThan") return (text) => read(text) < b;
      return (text) => read(text) <= b;
    }
    case "ipEquals":
    case "ipNotEquals": {
      const b = ipToBigInt(one);
      const read = memoised(ipToBigInt);
      const equal = (text: string) => {
        const a = read(text);
        return Boolean(a && b && a.version === b.version && a.value === b.value);
      };
      return leaf.operator === "ipEquals" ? equal : (text) => !equal(text);
    }
    case "ipInRange":
    case "ipNotInRange": {
      const range = parseIpRange(one);
      const read = memoised(ipToBigInt);
      const inside = (text: string) => {
        const address = read(text);
        return Boolean(address && range.ok && rangeContains(range.range, address));
      };
      return leaf.operator === "ipInRange" ? inside : (text) => !inside(text);
    }
    case "macEquals":
    case "macNotEquals": {
      const b = normalizeMac(one);
      const read = memoised(normalizeMac);
      const equal = (text: string) => {
        const a = read(text);
        return a !== undefined && a === b;
      };
      return leaf.operator === "macEquals" ? equal : (text) => !equal(text);
    }
    case "macStartsWith":
    case "macNotStartsWith": {
      const prefix = one.replace(/[:.-]/g, "").toUpperCase();
      const read = memoised(normalizeMac);
      const starts = (text: string) => {
        const a = read(text) ?? "";
        return a !== "" && a.startsWith(prefix);
      };
      return leaf.operator === "macStartsWith" ? starts : (text) => !starts(text);
    }
  }
}

function leafLabel(leaf: ConditionLeaf): string {
  const value = Array.isArray(leaf.value) ? `[${leaf.value.join(", ")}]` : leaf.value;
  return `${leaf.negate ? "NOT " : ""}${leaf.attribute} ${operatorLabels[leaf.operator].toUpperCase()} ${value}`;
}

function compileLeaf(leaf: ConditionLeaf): CompiledCondition {
  const get = getterFor(leaf.attribute);
  const test = predicateFor(leaf);
  const negate = leaf.negate === true;
  const label = leafLabel(leaf);
  return {
    trace: (context) => {
      const actual = get(context);
      // A missing attribute matches no operator, not even a negative one (as ISE does); use `negate` to
      // express "not present or different".
      if (actual === undefined) return { label, result: negate, actual: null };
      const text = typeof actual === "string" ? actual : String(actual);
      return { label, result: negate !== test(text), actual: text };
    },
    skeleton: () => ({ label, result: null }),
  };
}
