// Thousands of random (seeded, reproducible) documents and requests: the compiled evaluator decides exactly
// as the per-request interpreter it replaced, and the simulator's traced evaluation exactly as the fast one.
import { describe, expect, it } from "vitest";
import { conditionOperators, type Condition, type PolicyDocument, type RuleState } from "../../validation/policy";
import type { ConditionTrace } from "../../validation/policy-simulation";
import { compilePolicy, evaluatePolicy, evaluatePolicyTraced, type EvaluationContext } from "./evaluate";
import { oracleCompile, oracleEvaluate } from "./testing/reference-interpreter";

/** mulberry32: small, fast, good enough to explore shapes; the seed makes a failure reproducible. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof prng>;

const attributes = ["Radius:A", "Radius:B", "Network Access:DeviceIpAddress", "Radius:Calling-Station-Id"];
const mdmAttributes = ["MDM:DeviceRegisterStatus", "MDM:DaysSinceLastCheckin", "MDM:MDMServerName"];
const values = [
  "1",
  "2",
  "10",
  "-3",
  "Corp",
  "corp-7",
  "Registered",
  "UnRegistered",
  "10.0.0.1",
  "10.1.2.3",
  "192.0.2.1",
  "2001:db8::1",
  "10.0.0.0/8",
  "10.0.0.1/8",
  "2001:db8::/32",
  "00-26-B4-24-FE-B4",
  "0026.b424.feb5",
  "00:26",
  "00:26:B4",
  "^1",
  "^Corp",
  "(",
  "2026-01-01",
  "2026-06-30T12:00:00Z",
  "",
];

function condition(random: Random, depth: number, libraryNames: readonly string[]): Condition {
  const roll = random.next();
  const negate = random.chance(0.3) ? { negate: true } : {};
  if (depth < 4 && roll < 0.3) {
    const count = 1 + random.int(4);
    return {
      type: random.chance(0.5) ? "and" : "or",
      children: Array.from({ length: count }, () => condition(random, depth + 1, libraryNames)),
      ...negate,
    };
  }
  if (roll < 0.4 && (libraryNames.length > 0 || random.chance(0.2))) {
    return { type: "ref", name: random.chance(0.9) && libraryNames.length ? random.pick(libraryNames) : "Missing", ...negate };
  }
  const operator = random.pick(conditionOperators);
  const list = operator === "in" || operator === "notIn";
  return {
    type: "leaf",
    attribute: random.chance(0.35) ? random.pick(mdmAttributes) : random.pick(attributes),
    operator,
    value: list ? Array.from({ length: 1 + random.int(3) }, () => random.pick(values)) : random.pick(values),
    ...negate,
  };
}

const states: RuleState[] = ["enabled", "enabled", "enabled", "monitor", "disabled"];

function documentFrom(random: Random): PolicyDocument {
  // Library entries refer only to earlier ones: acyclic, as policy-check guarantees for saved documents.
  const libraryConditions: PolicyDocument["libraryConditions"] = [];
  for (let index = 0; index < random.int(4); index++) {
    libraryConditions.push({
      name: `L${index}`,
      condition: condition(
        random,
        1,
        libraryConditions.map((entry) => entry.name),
      ),
    });
  }
  const names = libraryConditions.map((entry) => entry.name);
  return {
    libraryConditions,
    policySets: Array.from({ length: 1 + random.int(3) }, (_, setIndex) => ({
      name: `S${setIndex}`,
      rank: random.int(5),
      state: random.pick(states),
      condition: random.chance(0.5) ? condition(random, 1, names) : null,
      rules: random.chance(0.4) ? guardedRules(random, setIndex, names) : plainRules(random, setIndex, names),
    })),
  };
}

function plainRules(random: Random, setIndex: number, names: readonly string[]) {
  return Array.from({ length: random.int(6) }, (_, ruleIndex) => ({
    name: `R${setIndex}.${ruleIndex}`,
    rank: random.int(10),
    state: random.pick(states),
    condition: random.chance(0.85) ? condition(random, 0, names) : null,
    profiles: [`P${ruleIndex}`],
  }));
}

/**
 * Many rules starting with an equals/in test on one attribute (the shape the rule pre-selection indexes),
 * some of them negated or behind an OR (which must not be indexed), mixed with ordinary rules.
 */
function guardedRules(random: Random, setIndex: number, names: readonly string[]) {
  return Array.from({ length: 4 + random.int(9) }, (_, ruleIndex) => {
    const guard: Condition = {
      type: "leaf",
      attribute: "Radius:A",
      operator: random.chance(0.5) ? "equals" : "in",
      value: random.chance(0.5) ? random.pick(values) : [random.pick(values), random.pick(values)],
      ...(random.chance(0.1) ? { negate: true } : {}),
    };
    const shape = random.int(5);
    const rest = condition(random, 1, names);
    const guarded: Condition | null =
      shape === 0
        ? guard
        : shape === 1
          ? { type: "and", children: [guard, rest] }
          : shape === 2
            ? { type: "and", children: [{ type: "and", children: [guard, rest] }, condition(random, 1, names)] }
            : shape === 3
              ? {
                  type: random.chance(0.5) ? "or" : "and",
                  children: [guard, rest],
                  ...(random.chance(0.3) ? { negate: true } : {}),
                }
              : random.chance(0.8)
                ? rest
                : null;
    return {
      name: `G${setIndex}.${ruleIndex}`,
      rank: ruleIndex,
      state: random.pick(states),
      condition: guarded,
      profiles: [`P${ruleIndex}`],
    };
  });
}

function contextFrom(random: Random): EvaluationContext {
  const request: Record<string, string | number> = {};
  for (const attribute of attributes) if (random.chance(0.75)) request[attribute] = random.pick(values);
  const mdm: Record<string, string | number> = {};
  for (const attribute of mdmAttributes) {
    if (random.chance(0.7)) mdm[attribute.slice(4)] = random.chance(0.2) ? random.int(60) : random.pick(values);
  }
  const mode = random.int(3);
  return {
    attribute: (reference) => request[reference],
    mdm: mode === 0 ? undefined : { values: mdm, source: mode === 1 ? "cache" : "live" },
  };
}

/** Every node's result follows from its children (AND/OR/NOT/reference); nodes after the deciding child are null. */
function isConsistent(trace: ConditionTrace): boolean {
  if (trace.result === null) return (trace.children ?? []).every((child) => child.result === null);
  if (!trace.children) return true;
  const negated = trace.label.startsWith("NOT ");
  const kind = negated ? trace.label.slice(4) : trace.label;
  if (kind === "AND" || kind === "OR") {
    const stop = kind === "OR";
    let value = !stop;
    let decided = false;
    for (const child of trace.children) {
      if (decided ? child.result !== null : child.result === null) return false;
      if (!decided && child.result === stop) {
        value = stop;
        decided = true;
      }
      if (!isConsistent(child)) return false;
    }
    return trace.result === (negated ? !value : value);
  }
  const [child] = trace.children;
  return child !== undefined && trace.result === (negated ? !child.result : child.result) && isConsistent(child);
}

describe("compiled evaluator agreement (seeded random documents)", () => {
  it("decides exactly as the interpreter it replaced, and the traced evaluation as the fast one", () => {
    const random = prng(20_261_123);
    let decided = 0;
    let needed = 0;
    let indexedSets = 0;
    for (let documentIndex = 0; documentIndex < 150; documentIndex++) {
      const document = documentFrom(random);
      const compiled = compilePolicy(document, documentIndex);
      const oracle = oracleCompile(document, documentIndex);
      expect(compiled.usesMdm).toBe(oracle.usesMdm);
      indexedSets += compiled.sets.filter((set) => set.dispatch).length;
      const where = `document ${documentIndex}: ${JSON.stringify(document)}`;
      for (let requestIndex = 0; requestIndex < 25; requestIndex++) {
        const context = contextFrom(random);
        const result = evaluatePolicy(compiled, context);
        // The rule trace is built lazily (a getter): compare it as a plain value.
        const fast = result.needs ? result : { ...result, trace: result.trace };
        expect(fast, where).toEqual(oracleEvaluate(oracle, context));
        const traced = evaluatePolicyTraced(compiled, context);
        if (fast.needs || traced.needs) {
          expect(traced, where).toEqual(fast);
          needed += 1;
          continue;
        }
        decided += 1;
        const { sets, trace, ...decision } = traced;
        expect({ ...decision, trace: trace.map(({ condition: _condition, ...rule }) => rule) }, where).toEqual(fast);
        for (const rule of trace) {
          if (!rule.condition) continue;
          if (rule.condition.result !== rule.matched || !isConsistent(rule.condition)) {
            expect.fail(`${where}: rule ${rule.rule} trace ${JSON.stringify(rule.condition)}`);
          }
        }
        for (const set of sets) {
          if (set.condition && (set.condition.result !== set.matched || !isConsistent(set.condition))) {
            expect.fail(`${where}: set ${set.policySet} trace ${JSON.stringify(set.condition)}`);
          }
        }
      }
    }
    // The generator reaches both outcomes often (otherwise the comparison proves little).
    expect(decided).toBeGreaterThan(800);
    expect(needed).toBeGreaterThan(200);
    expect(indexedSets).toBeGreaterThan(20);
  });
});
