// Evaluator tables: every operator on the data types it serves, missing attributes, negation at every
// level, nesting, library references (and cycles), first match, monitor mode, disabled rules and sets.
import { describe, expect, it } from "vitest";
import type { Condition, ConditionOperator, PolicyDocument } from "../../validation/policy";
import { compilePolicy, evaluatePolicy, evaluatePolicyTraced, type EvaluationContext } from "./evaluate";
import { leaf, oneSetPolicy } from "./testing/documents";

type Attributes = Record<string, string | number>;

function context(attributes: Attributes, mdm?: Attributes, source: "cache" | "live" = "live"): EvaluationContext {
  return { attribute: (reference) => attributes[reference], mdm: mdm ? { values: mdm, source } : undefined };
}

/** A one-rule policy: the rule "Hit" with the condition, then the default rule. */
function single(condition: Condition, library: PolicyDocument["libraryConditions"] = []) {
  return compilePolicy(oneSetPolicy([{ name: "Hit", condition }], { library, setName: "S" }), 1);
}

function matches(condition: Condition, attributes: Attributes, library: PolicyDocument["libraryConditions"] = []) {
  const result = evaluatePolicy(single(condition, library), context(attributes));
  if (result.needs) throw new Error(`needs ${result.needs}`);
  return result.rule === "Hit";
}

// [operator, data type, expected value, request value, result]
const operatorTable: [ConditionOperator, string, string | string[], string | number, boolean][] = [
  ["equals", "string", "Corp", "Corp", true],
  ["equals", "string", "Corp", "corp", false],
  ["equals", "int", "30", 30, true],
  ["equals", "enum", "Registered", "Registered", true],
  ["equals", "boolean", "true", "false", false],
  ["notEquals", "string", "Corp", "Other", true],
  ["notEquals", "enum", "Registered", "Registered", false],
  ["notEquals", "int", "30", 31, true],
  ["contains", "string", "orp", "Corp", true],
  ["contains", "string", "x", "Corp", false],
  ["notContains", "string", "x", "Corp", true],
  ["notContains", "string", "or", "Corp", false],
  ["startsWith", "string", "Co", "Corp", true],
  ["startsWith", "string", "rp", "Corp", false],
  ["notStartsWith", "string", "rp", "Corp", true],
  ["notStartsWith", "string", "Co", "Corp", false],
  ["endsWith", "string", ":guest", "aa-bb:guest", true],
  ["endsWith", "string", ":guest", "aa-bb:corp", false],
  ["notEndsWith", "string", ":guest", "aa-bb:corp", true],
  ["notEndsWith", "string", ":guest", "aa-bb:guest", false],
  ["in", "string", ["a", "b"], "b", true],
  ["in", "string", ["a", "b"], "c", false],
  ["in", "int", ["1", "2"], 2, true],
  ["in", "enum", ["Broken"], "Unbroken", false],
  ["notIn", "string", ["a", "b"], "c", true],
  ["notIn", "enum", ["Broken", "Unbroken"], "Broken", false],
  ["notIn", "int", ["1"], 1, false],
  ["matches", "string", "^Corp-\\d+$", "Corp-42", true],
  ["matches", "string", "^Corp-\\d+$", "Corp-x", false],
  ["matches", "string", "(", "(", false], // an invalid pattern matches nothing
  ["matches", "mac", "^00-26-B4", "00-26-B4-24-FE-B4", true],
  ["greaterThan", "int", "30", 31, true],
  ["greaterThan", "int", "30", 30, false],
  ["greaterThan", "int", "30", "31", true],
  ["greaterThan", "int", "30", "thirty-one", false],
  ["greaterThan", "int", "x", 31, false],
  ["greaterOrEquals", "int", "30", 30, true],
  ["greaterOrEquals", "int", "30", 29, false],
  ["lessThan", "int", "30", 29, true],
  ["lessThan", "int", "-5", -4, false],
  ["lessOrEquals", "int", "30", 30, true],
  ["lessOrEquals", "int", "30", 31, false],
  ["greaterThan", "date", "2026-01-01", "2026-06-30", true],
  ["lessThan", "date", "2026-01-01", "2026-06-30", false],
  ["lessOrEquals", "date", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", true],
  ["ipEquals", "ip", "10.0.0.1", "10.0.0.1", true],
  ["ipEquals", "ip", "10.0.0.1", "::ffff:10.0.0.1", true],
  ["ipEquals", "ip", "2001:db8::1", "2001:0db8:0:0:0:0:0:1", true],
  ["ipEquals", "ip", "10.0.0.1", "10.0.0.2", false],
  ["ipEquals", "ip", "10.0.0.1", "not-an-ip", false],
  ["ipNotEquals", "ip", "10.0.0.1", "10.0.0.2", true],
  ["ipNotEquals", "ip", "10.0.0.1", "10.0.0.1", false],
  ["ipNotEquals", "ip", "10.0.0.1", "garbage", true],
  ["ipInRange", "ip", "10.0.0.0/8", "10.200.1.1", true],
  ["ipInRange", "ip", "10.0.0.0/8", "11.0.0.1", false],
  ["ipInRange", "ip", "2001:db8::/32", "2001:db8:1::5", true],
  ["ipInRange", "ip", "10.0.0.0/8", "2001:db8::1", false],
  ["ipInRange", "ip", "10.0.0.1/8", "10.0.0.1", false], // a refused range contains nothing
  ["ipNotInRange", "ip", "10.0.0.0/8", "192.0.2.1", true],
  ["ipNotInRange", "ip", "10.0.0.0/8", "10.1.1.1", false],
  ["macEquals", "mac", "00:26:b4:24:fe:b4", "00-26-B4-24-FE-B4", true],
  ["macEquals", "mac", "0026.b424.feb4", "0026B424FEB4", true],
  ["macEquals", "mac", "00:26:b4:24:fe:b4", "00-26-B4-24-FE-B5", false],
  ["macEquals", "mac", "00:26:b4:24:fe:b4", "not-a-mac", false],
  ["macNotEquals", "mac", "00:26:b4:24:fe:b4", "00-26-B4-24-FE-B5", true],
  ["macNotEquals", "mac", "00:26:b4:24:fe:b4", "00:26:B4:24:FE:B4", false],
  ["macStartsWith", "mac", "00:26:B4", "00-26-b4-24-fe-b4", true],
  ["macStartsWith", "mac", "0026b5", "00-26-b4-24-fe-b4", false],
  ["macStartsWith", "mac", "00:26", "garbage", false],
  ["macNotStartsWith", "mac", "00:26:B5", "00-26-b4-24-fe-b4", true],
  ["macNotStartsWith", "mac", "00:26:B4", "0026.b424.feb4", false],
];

describe("operators × data types", () => {
  it.each(operatorTable)("%s on %s: expected %j, request %j → %s", (operator, _type, value, actual, expected) => {
    const attribute = "Radius:Test";
    expect(matches(leaf(attribute, operator, value), { [attribute]: actual })).toBe(expected);
    // Negation inverts a present attribute's result…
    expect(matches(leaf(attribute, operator, value, true), { [attribute]: actual })).toBe(!expected);
  });

  it.each([...new Set(operatorTable.map(([operator]) => operator))])(
    "%s: a missing attribute matches nothing, and its negation matches",
    (operator) => {
      const row = operatorTable.find(([candidate]) => candidate === operator)!;
      expect(matches(leaf("Radius:Absent", operator, row[2]), {})).toBe(false);
      expect(matches(leaf("Radius:Absent", operator, row[2], true), {})).toBe(true);
    },
  );

  it("reads MDM values with their own types (numbers as numbers)", () => {
    const policy = single(leaf("MDM:DaysSinceLastCheckin", "greaterOrEquals", "30"));
    expect(evaluatePolicy(policy, context({}, { DaysSinceLastCheckin: 30 }))).toMatchObject({ rule: "Hit" });
    expect(evaluatePolicy(policy, context({}, { DaysSinceLastCheckin: 29 }))).toMatchObject({ rule: "Default" });
    // An MDM answer without the attribute: not matching, not "needs MDM".
    expect(evaluatePolicy(policy, context({}, {}))).toMatchObject({ rule: "Default" });
  });
});

describe("nesting and negation at every level", () => {
  const a = leaf("Radius:A", "equals", "1");
  const b = leaf("Radius:B", "equals", "1");
  const c = leaf("Radius:C", "equals", "1");
  // (A AND (B OR NOT C)), wrapped and negated at different levels.
  const tree = (negateTop: boolean, negateInner: boolean): Condition => ({
    type: "and",
    negate: negateTop,
    children: [a, { type: "or", negate: negateInner, children: [b, { ...c, negate: true }] }],
  });
  const truthTable: [Attributes, boolean, boolean, boolean][] = [
    // attributes, plain, NOT top, NOT inner
    [{ "Radius:A": "1", "Radius:B": "1", "Radius:C": "1" }, true, false, false],
    [{ "Radius:A": "1", "Radius:B": "0", "Radius:C": "1" }, false, true, true],
    [{ "Radius:A": "1", "Radius:B": "0", "Radius:C": "0" }, true, false, false],
    [{ "Radius:A": "1" }, true, false, false], // C absent: NOT C is true
    [{ "Radius:A": "0", "Radius:B": "1" }, false, true, false],
    [{}, false, true, false],
  ];
  it.each(truthTable)("%j → plain %s, NOT outer %s, NOT inner %s", (attributes, plain, notTop, notInner) => {
    expect(matches(tree(false, false), attributes)).toBe(plain);
    expect(matches(tree(true, false), attributes)).toBe(notTop);
    expect(matches(tree(false, true), attributes)).toBe(notInner);
  });

  it("evaluates blocks nested many levels deep", () => {
    let condition: Condition = a;
    for (let level = 0; level < 20; level++) {
      condition =
        level % 2
          ? { type: "and", children: [condition, a] }
          : { type: "or", children: [condition, leaf("Radius:Never", "equals", "x")] };
    }
    expect(matches(condition, { "Radius:A": "1" })).toBe(true);
    expect(matches(condition, { "Radius:A": "2" })).toBe(false);
  });

  it("blocks with three or more children short-circuit in order", () => {
    const reads: string[] = [];
    const recording: EvaluationContext = {
      attribute: (reference) => {
        reads.push(reference);
        return "1";
      },
      mdm: undefined,
    };
    const policy = single({ type: "or", children: [leaf("Radius:X", "equals", "0"), a, b, c] });
    expect(evaluatePolicy(policy, recording)).toMatchObject({ rule: "Hit" });
    expect(reads).toEqual(["Radius:X", "Radius:A"]);
  });
});

describe("library references", () => {
  const corporate = { name: "Corporate", condition: leaf("Network Access:DeviceIpAddress", "ipInRange", "10.0.0.0/8") };
  it("inlines a referenced condition, negated or not, and nested references", () => {
    const library = [corporate, { name: "Corporate wired", condition: { type: "ref" as const, name: "Corporate" } }];
    const inside = { "Network Access:DeviceIpAddress": "10.1.1.1" };
    const outside = { "Network Access:DeviceIpAddress": "192.0.2.1" };
    expect(matches({ type: "ref", name: "Corporate wired" }, inside, library)).toBe(true);
    expect(matches({ type: "ref", name: "Corporate wired" }, outside, library)).toBe(false);
    expect(matches({ type: "ref", name: "Corporate wired", negate: true }, outside, library)).toBe(true);
  });

  it("treats a reference into a cycle as not matching, whatever its negation, instead of looping", () => {
    const library = [
      { name: "A", condition: { type: "ref" as const, name: "B" } },
      { name: "B", condition: { type: "or" as const, children: [{ type: "ref" as const, name: "A" }] } },
      { name: "Outside", condition: { type: "ref" as const, name: "A", negate: true } },
    ];
    expect(matches({ type: "ref", name: "A" }, {}, library)).toBe(false);
    expect(matches({ type: "ref", name: "A", negate: true }, {}, library)).toBe(false);
    expect(matches({ type: "ref", name: "Outside" }, {}, library)).toBe(false);
    expect(
      matches(
        { type: "or", children: [{ type: "ref", name: "A" }, leaf("Radius:A", "equals", "1")] },
        { "Radius:A": "1" },
        library,
      ),
    ).toBe(true);
    // Wide cycles compile in bounded time (memoised per node and depth, not expanded per path).
    const wide = [
      {
        name: "W",
        condition: { type: "or" as const, children: Array.from({ length: 64 }, () => ({ type: "ref" as const, name: "W" })) },
      },
    ];
    expect(matches({ type: "ref", name: "W" }, {}, wide)).toBe(false);
  });

  it("treats an unknown reference as not matching (its negation matches)", () => {
    expect(matches({ type: "ref", name: "Gone" }, {})).toBe(false);
    expect(matches({ type: "ref", name: "Gone", negate: true }, {})).toBe(true);
  });
});

describe("rules and sets", () => {
  const rule = (
    name: string,
    rank: number,
    condition: Condition | null,
    state: "enabled" | "disabled" | "monitor" = "enabled",
  ) => ({
    name,
    rank,
    state,
    condition,
    profiles: [name],
  });
  const is = (attribute: string) => leaf(`Radius:${attribute}`, "equals", "1");
  const policy = compilePolicy(
    {
      libraryConditions: [],
      policySets: [
        { name: "Off", rank: 0, state: "disabled", condition: null, rules: [rule("Never", 0, null)] },
        {
          name: "Wireless",
          rank: 2,
          state: "enabled",
          condition: is("Wireless"),
          rules: [rule("Second", 1, is("X")), rule("First", 0, is("X")), rule("W default", 9, null)],
        },
        {
          name: "Monitored",
          rank: 1,
          state: "monitor",
          condition: is("Monitored"),
          rules: [rule("Watch", 0, is("Y"), "monitor"), rule("Off rule", 1, null, "disabled"), rule("Y rule", 2, is("Y"))],
        },
        { name: "Catch-all", rank: 3, state: "enabled", condition: null, rules: [rule("Only monitor", 0, null, "monitor")] },
      ],
    },
    3,
  );
  const decide = (attributes: Attributes) => {
    const result = evaluatePolicy(policy, context(attributes));
    if (result.needs) throw new Error("needs MDM");
    return { set: result.policySet, rule: result.rule, profiles: result.profiles, monitored: result.monitored };
  };

  it("orders sets and rules by rank; first match wins", () => {
    expect(decide({ "Radius:Wireless": "1", "Radius:X": "1" })).toMatchObject({ set: "Wireless", rule: "First" });
    expect(decide({ "Radius:Wireless": "1" })).toMatchObject({ set: "Wireless", rule: "W default" });
  });

  it("skips disabled sets and rules; a monitor-state set still selects", () => {
    expect(decide({ "Radius:Monitored": "1", "Radius:Y": "1" })).toEqual({
      set: "Monitored",
      rule: "Y rule",
      profiles: ["Y rule"],
      monitored: ["Watch"],
    });
  });

  it("denies when the matching set has no deciding rule (monitor rules never decide)", () => {
    expect(decide({ "Radius:Monitored": "1" })).toEqual({
      set: "Monitored",
      rule: undefined,
      profiles: ["DenyAccess"],
      monitored: [],
    });
    expect(decide({})).toEqual({ set: "Catch-all", rule: undefined, profiles: ["DenyAccess"], monitored: ["Only monitor"] });
  });

  it("denies when no set matches", () => {
    const none = compilePolicy(
      { libraryConditions: [], policySets: [{ name: "S", rank: 0, state: "enabled", condition: is("Z"), rules: [] }] },
      1,
    );
    expect(evaluatePolicy(none, context({}))).toMatchObject({ policySet: undefined, rule: undefined, profiles: ["DenyAccess"] });
  });
});

describe("lazy MDM", () => {
  const mdmRule = leaf("MDM:DeviceRegisterStatus", "equals", "Registered");
  it("does not ask for MDM when the MDM condition is not reached", () => {
    const policy = single({ type: "and", children: [leaf("Radius:Gate", "equals", "open"), mdmRule] });
    expect(evaluatePolicy(policy, context({ "Radius:Gate": "closed" }))).toMatchObject({ rule: "Default" });
    expect(evaluatePolicy(policy, context({ "Radius:Gate": "open" }))).toEqual({ needs: "mdm" });
    expect(
      evaluatePolicy(policy, context({ "Radius:Gate": "open" }, { DeviceRegisterStatus: "Registered" }, "cache")),
    ).toMatchObject({
      rule: "Hit",
    });
  });

  it("reports needs MDM from the traced evaluation too, and usesMdm through library references", () => {
    const policy = single({ type: "ref", name: "Enrolled" }, [{ name: "Enrolled", condition: mdmRule }]);
    expect(policy.usesMdm).toBe(true);
    expect(evaluatePolicyTraced(policy, context({}))).toEqual({ needs: "mdm" });
    expect(single(leaf("Radius:A", "equals", "1")).usesMdm).toBe(false);
  });
});

describe("traced evaluation", () => {
  it("marks short-circuited nodes null and shows the request's values", () => {
    const policy = single(
      {
        type: "or",
        children: [
          leaf("Radius:NAS-Port-Type", "equals", "Ethernet"),
          { type: "and", children: [leaf("Radius:A", "equals", "1"), leaf("Radius:B", "equals", "1")] },
        ],
      },
      [],
    );
    const result = evaluatePolicyTraced(policy, context({ "Radius:NAS-Port-Type": "Ethernet" }));
    if (result.needs) throw new Error("needs");
    expect(result.rule).toBe("Hit");
    expect(result.trace[0]).toEqual({
      policySet: "S",
      rule: "Hit",
      state: "enabled",
      matched: true,
      condition: {
        label: "OR",
        result: true,
        children: [
          { label: "Radius:NAS-Port-Type EQUALS Ethernet", result: true, actual: "Ethernet" },
          {
            label: "AND",
            result: null,
            children: [
              { label: "Radius:A EQUALS 1", result: null },
              { label: "Radius:B EQUALS 1", result: null },
            ],
          },
        ],
      },
    });
    expect(result.sets).toEqual([{ policySet: "S", matched: true, condition: null }]);
  });

  it("labels negation, lists and references, with the referenced tree as the child", () => {
    const policy = single({ type: "ref", name: "L", negate: true }, [
      { name: "L", condition: leaf("Radius:A", "in", ["1", "2"], true) },
    ]);
    const result = evaluatePolicyTraced(policy, context({}));
    if (result.needs) throw new Error("needs");
    expect(result.trace[0]!.condition).toEqual({
      label: "NOT Library: L",
      result: false,
      children: [{ label: "NOT Radius:A IN [1, 2]", result: true, actual: null }],
    });
  });
});

describe("rule pre-selection by the first test", () => {
  const port = (value: string | string[], rest?: Condition): Condition => {
    const guard = leaf("Radius:NAS-Port-Id", Array.isArray(value) ? "in" : "equals", value);
    return rest ? { type: "and", children: [guard, rest] } : guard;
  };
  const registered = leaf("MDM:DeviceRegisterStatus", "equals", "Registered");
  const policy = compilePolicy(
    oneSetPolicy(
      [
        { name: "Port 1", condition: port("Gi1", registered), profiles: ["A"] },
        { name: "Unguarded", condition: leaf("Radius:User-Name", "startsWith", "printer"), profiles: ["B"] },
        { name: "Ports 2-3", state: "monitor", condition: port(["Gi2", "Gi3"]), profiles: ["C"] },
        { name: "Port 3", condition: port("Gi3", registered), profiles: ["D"] },
        { name: "Not port 4", condition: { ...port("Gi4"), negate: true }, profiles: ["E"] },
        { name: "Port 5", condition: port("Gi5"), profiles: ["F"] },
      ],
      { setName: "S" },
    ),
    1,
  );

  it("indexes the set by the attribute most rules start with", () => {
    expect(policy.sets[0]!.dispatch?.attribute).toBe("Radius:NAS-Port-Id");
  });

  it.each([
    [{ "Radius:NAS-Port-Id": "Gi3" }, { DeviceRegisterStatus: "Registered" }, "Port 3", ["Ports 2-3"]],
    [{ "Radius:NAS-Port-Id": "Gi3" }, undefined, "needs mdm", []],
    [{ "Radius:NAS-Port-Id": "Gi9" }, undefined, "Not port 4", []],
    [{ "Radius:NAS-Port-Id": "Gi4" }, undefined, "Default", []],
    [{ "Radius:NAS-Port-Id": "Gi4", "Radius:User-Name": "printer-7" }, undefined, "Unguarded", []],
    [{}, undefined, "Not port 4", []],
  ] as const)("%j with MDM %j → %s", (attributes, mdm, expected, monitored) => {
    const result = evaluatePolicy(policy, context(attributes, mdm));
    if (result.needs) {
      expect(expected).toBe("needs mdm");
      return;
    }
    expect(result.rule).toBe(expected);
    expect(result.monitored).toEqual(monitored);
    // The lazily built rule trace lists the skipped rules as evaluated and not matching.
    expect(result.trace.filter((rule) => rule.matched).map((rule) => rule.rule)).toEqual([...monitored, expected]);
  });
});
