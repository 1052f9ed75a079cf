/**
 * Benchmark of the compiled policy evaluator (a script, not a test).
 *
 *   npx tsx scripts/bench/policy.ts [--seconds 1]
 *
 * A 50-rule policy (49 rules + the default rule), every rule's condition nested 5 deep and mixing
 * operators and dictionaries: MDM enumerations and integers, Radius strings with starts-with, `in` lists
 * and a regular expression, Network Access IP ranges, MAC prefixes. MDM values are given (as after a
 * cached lookup), so nothing waits on the network. Single thread, warmed up first; prints evaluations/s,
 * ns per evaluation and the average position of the matching rule for each scenario:
 *   - match at rule 1, in the middle (rule 25), or only the default rule (all 49 evaluated);
 *   - a mix of endpoints matching different rules;
 *   - the worst case: every rule's deep branch evaluated before its discriminating leaf fails.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { compilePolicy, evaluatePolicy, type EvaluationContext } from "../../lib/engine/policy/evaluate";
import type { Condition, PolicyDocument } from "../../lib/validation/policy";

const { values: args } = parseArgs({ options: { seconds: { type: "string", default: "1" } } });
const seconds = Number(args.seconds);

const RULES = 49;

/** Five levels: AND → OR → AND → OR → leaves; true for a corporate, registered, compliant request. */
function deepBranch(rule: number): Condition {
  return {
    type: "or",
    children: [
      {
        type: "and",
        children: [
          {
            type: "or",
            children: [
              { type: "leaf", attribute: "MDM:DeviceRegisterStatus", operator: "equals", value: "Registered" },
              { type: "leaf", attribute: "MDM:DaysSinceLastCheckin", operator: "lessThan", value: String(30 + (rule % 5)) },
            ],
          },
          {
            type: "and",
            children: [
              { type: "leaf", attribute: "Network Access:DeviceIpAddress", operator: "ipInRange", value: "10.0.0.0/8" },
              { type: "leaf", attribute: "Radius:Calling-Station-Id", operator: "macStartsWith", value: "00:26:B4" },
              { type: "leaf", attribute: "Radius:NAS-Identifier", operator: "matches", value: "^sw-[a-z]+-\\d+$" },
            ],
          },
        ],
      },
      { type: "leaf", attribute: "MDM:JailBrokenStatus", operator: "equals", value: "Broken", negate: true },
    ],
  };
}

/** The leaf that tells rules apart: the switch port group (in a list) and the compliance state. */
function discriminator(rule: number): Condition {
  return {
    type: "and",
    children: [
      {
        type: "leaf",
        attribute: "Radius:NAS-Port-Id",
        operator: "in",
        value: [`Gi${rule}/0/1`, `Gi${rule}/0/2`, `Gi${rule}/0/3`],
      },
      { type: "leaf", attribute: "MDM:DeviceCompliantStatus", operator: "notEquals", value: "NonCompliant" },
    ],
  };
}

function policy(order: "discriminator-first" | "deep-first"): PolicyDocument {
  return {
    libraryConditions: [],
    policySets: [
      {
        name: "Wired",
        rank: 0,
        state: "enabled",
        condition: { type: "leaf", attribute: "Network Access:Protocol", operator: "equals", value: "RADIUS" },
        rules: [
          ...Array.from({ length: RULES }, (_, index) => ({
            name: `Rule ${index + 1}`,
            rank: index,
            state: "enabled" as const,
            condition: {
              type: "and" as const,
              children:
                order === "deep-first"
                  ? [deepBranch(index), discriminator(index + 1)]
                  : [discriminator(index + 1), deepBranch(index)],
            },
            profiles: ["PermitAccess"],
          })),
          { name: "Default", rank: RULES, state: "enabled", condition: null, profiles: ["DenyAccess"] },
        ],
      },
    ],
  };
}

function request(port: string): EvaluationContext {
  const attributes: Record<string, string> = {
    "Network Access:Protocol": "RADIUS",
    "Network Access:DeviceIpAddress": "10.20.30.40",
    "Radius:Calling-Station-Id": "00-26-B4-24-FE-B4",
    "Radius:NAS-Identifier": "sw-core-1",
    "Radius:NAS-Port-Id": port,
  };
  return {
    attribute: (reference) => attributes[reference],
    mdm: {
      values: {
        MDMServerReachable: "Reachable",
        DeviceRegisterStatus: "Registered",
        DeviceCompliantStatus: "Compliant",
        DaysSinceLastCheckin: 3,
        JailBrokenStatus: "Unbroken",
      },
      source: "cache",
    },
  };
}

function run(name: string, compiled: ReturnType<typeof compilePolicy>, contexts: EvaluationContext[]) {
  const rulePosition = new Map(compiled.sets[0]!.rules.map((rule, index) => [rule.name, index + 1]));
  let positionSum = 0;
  const step = (count: number) => {
    for (let index = 0; index < count; index++) {
      const result = evaluatePolicy(compiled, contexts[index % contexts.length]!);
      if (result.needs === undefined) {
        positionSum += rulePosition.get(result.rule ?? "") ?? 0;
      }
    }
  };
  step(300_000); // warm-up: let the JIT compile and inline the closures
  positionSum = 0;
  let evaluations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    step(20_000);
    evaluations += 20_000;
    elapsed = performance.now() - started;
  }
  const perSecond = (evaluations / elapsed) * 1000;
  console.log(
    `${name.padEnd(44)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} /s ${((elapsed * 1e6) / evaluations).toFixed(0).padStart(7)} ns  rule ${(positionSum / evaluations).toFixed(1).padStart(5)}`,
  );
}

/** How fast this machine runs plain JavaScript now (shared or throttled machines skew every figure). */
function calibrate(): number {
  const started = performance.now();
  let sum = 0;
  for (let index = 0; index < 1e8; index++) sum += index & 7;
  return sum > 0 ? performance.now() - started : 0;
}

const fast = compilePolicy(policy("discriminator-first"), 1);
const worst = compilePolicy(policy("deep-first"), 1);
console.log(`Policy: 1 set, ${RULES} rules + default, conditions nested 5 deep; Node ${process.version}, single thread`);
console.log(`CPU calibration: 1e8 iterations of a plain loop in ${calibrate().toFixed(0)} ms (an idle modern core: ~60–80 ms)`);
console.log(`${"scenario".padEnd(44)} ${"evaluations".padStart(15)} ${"per eval".padStart(10)}  matched rule (avg position)`);
run("match at rule 1", fast, [request("Gi1/0/2")]);
run("match at rule 25 (middle)", fast, [request("Gi25/0/2")]);
run("default rule (49 rules evaluated)", fast, [request("Gi99/0/1")]);
run(
  "mixed endpoints (rules 1, 10, 25, 40, default)",
  fast,
  ["Gi1/0/1", "Gi10/0/3", "Gi25/0/1", "Gi40/0/2", "Gi99/0/9"].map(request),
);
run("worst case: deep branch first, rule 25", worst, [request("Gi25/0/2")]);
run("worst case: deep branch first, default", worst, [request("Gi99/0/1")]);
