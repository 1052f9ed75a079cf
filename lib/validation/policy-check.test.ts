import { describe, expect, it } from "vitest";
import { defaultAuthorizationProfiles, defaultPolicyDocument } from "../engine/policy/default-policy";
import { leaf, oneSetPolicy, type TestRule } from "../engine/policy/testing/documents";
import { systemDictionaries, type SystemDictionary } from "./dictionaries";
import { checkConditionValue, checkPolicyDocument } from "./policy-check";
import type { Condition, PolicyDocument } from "./policy";

// A small catalogue with one attribute of every data type, so the tests do not depend on the full one.
const dictionaries: SystemDictionary[] = [
  {
    name: "MDM",
    description: "",
    attributes: [
      {
        name: "DeviceRegisterStatus",
        internalName: "register_status",
        dataType: "enum",
        allowedValues: ["Registered", "UnRegistered"],
        description: "",
        direction: "in",
      },
      { name: "DaysSinceLastCheckin", internalName: "d", dataType: "int", description: "", direction: "in" },
      { name: "MDMServerName", internalName: "MDMServerName", dataType: "string", description: "", direction: "in" },
    ],
  },
  {
    name: "Radius",
    description: "",
    attributes: [
      { name: "Calling-Station-Id", internalName: "31", dataType: "mac", description: "", direction: "in" },
      { name: "Framed-IP-Address", internalName: "8", dataType: "ip", description: "", direction: "both" },
    ],
  },
  {
    name: "CERTIFICATE",
    description: "",
    attributes: [
      { name: "Valid To", internalName: "validTo", dataType: "date", description: "", direction: "in" },
      { name: "Is CA", internalName: "ca", dataType: "boolean", description: "", direction: "in" },
    ],
  },
];

const profileNames = ["PermitAccess", "DenyAccess", "Quarantine"];

/** One set "Wired": the given rules, then a default rule. */
const documentWith = (rules: TestRule[], library: PolicyDocument["libraryConditions"] = []) => oneSetPolicy(rules, { library });

const check = (document: PolicyDocument) => checkPolicyDocument(document, { dictionaries, profileNames });
const rulePath = (rule: number, ...rest: (string | number)[]) => ["policySets", 0, "rules", rule, "condition", ...rest];

describe("checkPolicyDocument: leaf conditions", () => {
  const cases: { name: string; condition: Condition; error?: { path: (string | number)[]; message: RegExp } }[] = [
    { name: "valid enum equals", condition: leaf("MDM:DeviceRegisterStatus", "equals", "Registered") },
    {
      name: "enum value not allowed",
      condition: leaf("MDM:DeviceRegisterStatus", "equals", "Enrolled"),
      error: { path: rulePath(0, "value"), message: /"Enrolled" is not one of "Registered", "UnRegistered"/ },
    },
    {
      name: "enum in list checks each value",
      condition: leaf("MDM:DeviceRegisterStatus", "in", ["Registered", "Maybe"]),
      error: { path: rulePath(0, "value", 1), message: /"Maybe" is not one of/ },
    },
    {
      name: "operator not valid for enum",
      condition: leaf("MDM:DeviceRegisterStatus", "contains", "Reg"),
      error: { path: rulePath(0, "operator"), message: /Contains is not valid for an enumeration attribute; use Equals/ },
    },
    { name: "valid int", condition: leaf("MDM:DaysSinceLastCheckin", "greaterThan", "30") },
    { name: "negative int", condition: leaf("MDM:DaysSinceLastCheckin", "greaterThan", "-1") },
    {
      name: "int not a number",
      condition: leaf("MDM:DaysSinceLastCheckin", "greaterThan", "thirty"),
      error: { path: rulePath(0, "value"), message: /whole number/ },
    },
    {
      name: "int with a fraction",
      condition: leaf("MDM:DaysSinceLastCheckin", "lessThan", "1.5"),
      error: { path: rulePath(0, "value"), message: /whole number/ },
    },
    {
      name: "ip operator on an int",
      condition: leaf("MDM:DaysSinceLastCheckin", "ipEquals", "1"),
      error: { path: rulePath(0, "operator"), message: /not valid for an integer attribute/ },
    },
    { name: "valid regex", condition: leaf("MDM:MDMServerName", "matches", "^Corp.*$") },
    {
      name: "invalid regex",
      condition: leaf("MDM:MDMServerName", "matches", "^(Corp"),
      error: { path: rulePath(0, "value"), message: /Not a valid regular expression/ },
    },
    {
      name: "empty string value",
      condition: leaf("MDM:MDMServerName", "equals", " "),
      error: { path: rulePath(0, "value"), message: /Enter a value/ },
    },
    {
      name: "empty in list",
      condition: leaf("MDM:MDMServerName", "in", []),
      error: { path: rulePath(0, "value"), message: /at least one value/ },
    },
    {
      name: "in with a single string",
      condition: leaf("MDM:MDMServerName", "in", "Corp"),
      error: { path: rulePath(0, "value"), message: /takes a list/ },
    },
    {
      name: "single operator with two values",
      condition: leaf("MDM:MDMServerName", "equals", ["a", "b"]),
      error: { path: rulePath(0, "value"), message: /exactly one value/ },
    },
    { name: "single operator with a one-value list", condition: leaf("MDM:MDMServerName", "equals", ["a"]) },
    { name: "ip equals address", condition: leaf("Radius:Framed-IP-Address", "ipEquals", "10.0.0.1") },
    { name: "ip equals IPv6", condition: leaf("Radius:Framed-IP-Address", "ipNotEquals", "2001:db8::1") },
    {
      name: "ip equals refuses a range",
      condition: leaf("Radius:Framed-IP-Address", "ipEquals", "10.0.0.0/8"),
      error: { path: rulePath(0, "value"), message: /Enter an IPv4 or IPv6 address/ },
    },
    { name: "ip in range CIDR", condition: leaf("Radius:Framed-IP-Address", "ipInRange", "10.0.0.0/8") },
    { name: "ip in range single address", condition: leaf("Radius:Framed-IP-Address", "ipNotInRange", "10.0.0.1") },
    {
      name: "ip range with host bits",
      condition: leaf("Radius:Framed-IP-Address", "ipInRange", "10.0.0.1/8"),
      error: { path: rulePath(0, "value"), message: /Host bits are set: did you mean 10\.0\.0\.0\/8/ },
    },
    {
      name: "ip garbage",
      condition: leaf("Radius:Framed-IP-Address", "ipInRange", "10.0.0.256"),
      error: { path: rulePath(0, "value"), message: /IPv4 or IPv6/ },
    },
    { name: "mac equals colon", condition: leaf("Radius:Calling-Station-Id", "macEquals", "00:26:b4:24:fe:b4") },
    { name: "mac equals Cisco dotted", condition: leaf("Radius:Calling-Station-Id", "macNotEquals", "0026.b424.feb4") },
    {
      name: "mac equals too short",
      condition: leaf("Radius:Calling-Station-Id", "macEquals", "00:26:b4"),
      error: { path: rulePath(0, "value"), message: /Enter a MAC address/ },
    },
    { name: "mac prefix", condition: leaf("Radius:Calling-Station-Id", "macStartsWith", "00-26-B4") },
    {
      name: "mac prefix not hex",
      condition: leaf("Radius:Calling-Station-Id", "macStartsWith", "00:ZZ"),
      error: { path: rulePath(0, "value"), message: /hex digits/ },
    },
    { name: "mac regex", condition: leaf("Radius:Calling-Station-Id", "matches", "^00-26") },
    {
      name: "string operator on a mac",
      condition: leaf("Radius:Calling-Station-Id", "contains", "00"),
      error: { path: rulePath(0, "operator"), message: /not valid for a MAC address attribute/ },
    },
    { name: "date ISO", condition: leaf("CERTIFICATE:Valid To", "lessThan", "2027-01-01") },
    {
      name: "date garbage",
      condition: leaf("CERTIFICATE:Valid To", "lessThan", "soon"),
      error: { path: rulePath(0, "value"), message: /Enter a date/ },
    },
    { name: "boolean", condition: leaf("CERTIFICATE:Is CA", "equals", "true") },
    {
      name: "boolean not true/false",
      condition: leaf("CERTIFICATE:Is CA", "equals", "yes"),
      error: { path: rulePath(0, "value"), message: /"yes" is not one of "true", "false"/ },
    },
    {
      name: "unknown dictionary",
      condition: leaf("Nope:Thing", "equals", "x"),
      error: { path: rulePath(0, "attribute"), message: /Unknown dictionary "Nope"/ },
    },
    {
      name: "unknown attribute",
      condition: leaf("MDM:Colour", "equals", "x"),
      error: { path: rulePath(0, "attribute"), message: /The MDM dictionary has no attribute "Colour"/ },
    },
    {
      name: "attribute names are exact (the engine matches them exactly)",
      condition: leaf("MDM:deviceregisterstatus", "equals", "Registered"),
      error: { path: rulePath(0, "attribute"), message: /no attribute "deviceregisterstatus"/ },
    },
    {
      name: "nested leaf path",
      condition: {
        type: "and",
        children: [
          leaf("MDM:DeviceRegisterStatus", "equals", "Registered"),
          { type: "or", children: [leaf("MDM:DaysSinceLastCheckin", "equals", "x")] },
        ],
      },
      error: { path: rulePath(0, "children", 1, "children", 0, "value"), message: /whole number/ },
    },
    {
      name: "empty block",
      condition: {
        type: "and",
        children: [leaf("MDM:DeviceRegisterStatus", "equals", "Registered"), { type: "or", children: [] }],
      },
      error: { path: rulePath(0, "children", 1, "children"), message: /This OR block is empty/ },
    },
  ];

  it.each(cases)("$name", ({ condition, error }) => {
    const result = check(documentWith([{ condition }]));
    if (!error) {
      expect(result.errors).toEqual([]);
      return;
    }
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toEqual(error.path);
    expect(result.errors[0]!.message).toMatch(error.message);
  });

  it("checks policy-set conditions and library conditions with their own paths", () => {
    const document = documentWith([], [{ name: "Old", condition: leaf("MDM:DaysSinceLastCheckin", "greaterThan", "x") }]);
    document.policySets[0]!.condition = leaf("MDM:Nope", "equals", "x");
    expect(check(document).errors.map((problem) => problem.path)).toEqual([
      ["libraryConditions", 0, "condition", "value"],
      ["policySets", 0, "condition", "attribute"],
    ]);
  });
});

describe("checkPolicyDocument: document-level errors", () => {
  it("reports unknown library references", () => {
    const result = check(documentWith([{ condition: { type: "ref", name: "Missing" } }]));
    expect(result.errors).toEqual([{ path: rulePath(0, "name"), message: 'No library condition named "Missing"' }]);
  });

  it("reports a library reference cycle once, naming the loop", () => {
    const result = check(
      documentWith(
        [{ condition: { type: "ref", name: "A" } }],
        [
          {
            name: "A",
            condition: { type: "and", children: [leaf("MDM:MDMServerName", "equals", "x"), { type: "ref", name: "B" }] },
          },
          { name: "B", condition: { type: "ref", name: "A", negate: true } },
        ],
      ),
    );
    expect(result.errors).toEqual([
      { path: ["libraryConditions", 1, "condition", "name"], message: expect.stringContaining("A → B → A") },
    ]);
  });

  it("reports a library condition that refers to itself", () => {
    const result = check(documentWith([], [{ name: "Self", condition: { type: "ref", name: "Self" } }]));
    expect(result.errors).toEqual([
      { path: ["libraryConditions", 0, "condition", "name"], message: expect.stringContaining("Self → Self") },
    ]);
  });

  it("accepts a diamond of library references (shared, not cyclic)", () => {
    const result = check(
      documentWith(
        [
          {
            condition: {
              type: "and",
              children: [
                { type: "ref", name: "B" },
                { type: "ref", name: "C" },
              ],
            },
          },
        ],
        [
          { name: "A", condition: leaf("MDM:MDMServerName", "equals", "x") },
          { name: "B", condition: { type: "ref", name: "A" } },
          { name: "C", condition: { type: "ref", name: "A" } },
        ],
      ),
    );
    expect(result.errors).toEqual([]);
  });

  it("reports unknown and missing profiles", () => {
    const result = check(
      documentWith([{ condition: leaf("MDM:MDMServerName", "equals", "x"), profiles: ["PermitAccess", "Gone"] }]),
    );
    expect(result.errors).toEqual([
      { path: ["policySets", 0, "rules", 0, "profiles", 1], message: 'No authorization profile named "Gone"' },
    ]);
    const none = check(documentWith([{ condition: leaf("MDM:MDMServerName", "equals", "x"), profiles: [] }]));
    expect(none.errors).toEqual([
      { path: ["policySets", 0, "rules", 0, "profiles"], message: expect.stringMatching(/at least one/) },
    ]);
  });

  it("reports duplicate rule names within a set, duplicate set names and duplicate library names", () => {
    const document = documentWith(
      [
        { name: "Same", condition: leaf("MDM:MDMServerName", "equals", "x") },
        { name: "Same", condition: leaf("MDM:MDMServerName", "equals", "y") },
      ],
      [
        { name: "L", condition: leaf("MDM:MDMServerName", "equals", "x") },
        { name: "L", condition: leaf("MDM:MDMServerName", "equals", "y") },
      ],
    );
    document.policySets.push({ ...document.policySets[0]!, rank: 1 });
    const paths = check(document).errors.map((problem) => problem.path.join("."));
    expect(paths).toEqual([
      "libraryConditions.1.name",
      "policySets.0.rules.1.name",
      "policySets.1.name",
      "policySets.1.rules.1.name",
    ]);
  });

  it("requires a condition-less default rule last (by rank), and names the offending rule", () => {
    const document = documentWith([{ condition: leaf("MDM:MDMServerName", "equals", "x") }]);
    const set = document.policySets[0]!;
    set.rules[1]!.condition = leaf("MDM:MDMServerName", "equals", "y");
    expect(check(document).errors).toEqual([
      { path: rulePath(1), message: "The last rule of a policy set is the default rule: it must have no condition" },
    ]);
    // Ranks decide the order, not positions in the array.
    set.rules[1]!.condition = null;
    set.rules[0]!.rank = 5;
    expect(check(document).errors.map((problem) => problem.path)).toEqual([rulePath(0)]);
    set.rules = [];
    expect(check(document).errors).toEqual([
      { path: ["policySets", 0, "rules"], message: expect.stringMatching(/default rule/) },
    ]);
  });

  it("passes the seeded default policy against the real system dictionaries", () => {
    const result = checkPolicyDocument(defaultPolicyDocument, {
      dictionaries: systemDictionaries,
      profileNames: defaultAuthorizationProfiles.map((profile) => profile.name),
    });
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it("passes the default MDM policy shape", () => {
    const result = check(
      documentWith([
        { condition: leaf("MDM:DeviceRegisterStatus", "equals", "UnRegistered") },
        {
          condition: {
            type: "and",
            children: [
              leaf("MDM:DeviceRegisterStatus", "equals", "Registered"),
              leaf("MDM:DaysSinceLastCheckin", "lessOrEquals", "30"),
            ],
          },
        },
      ]),
    );
    expect(result).toEqual({ errors: [], warnings: [] });
  });
});

describe("checkPolicyDocument: unreachable warnings", () => {
  const x = leaf("MDM:MDMServerName", "equals", "x");
  const notX = leaf("MDM:MDMServerName", "equals", "x", true);
  const cases: { name: string; first: Condition | null; state?: "enabled" | "disabled" | "monitor"; warns: boolean }[] = [
    { name: "condition-less rule", first: null, warns: true },
    { name: "ordinary condition", first: x, warns: false },
    { name: "disabled always-true rule", first: null, state: "disabled", warns: false },
    { name: "monitor always-true rule (never decides)", first: null, state: "monitor", warns: false },
    { name: "X OR NOT X", first: { type: "or", children: [x, notX] }, warns: true },
    { name: "NOT (X AND NOT X)", first: { type: "and", children: [x, notX], negate: true }, warns: true },
    { name: "X AND NOT X is never true", first: { type: "and", children: [x, notX] }, warns: false },
    { name: "AND of always-true blocks", first: { type: "and", children: [{ type: "or", children: [x, notX] }] }, warns: true },
    { name: "library reference to an always-true condition", first: { type: "ref", name: "Always" }, warns: true },
    { name: "negated reference to an always-true condition", first: { type: "ref", name: "Always", negate: true }, warns: false },
  ];

  it.each(cases)("$name", ({ first, state, warns }) => {
    const document = documentWith(
      [
        { name: "First", condition: first, state },
        { name: "Second", condition: x },
      ],
      [{ name: "Always", condition: { type: "or", children: [x, notX] } }],
    );
    const result = check(document);
    expect(result.errors).toEqual([]);
    if (warns) {
      expect(result.warnings).toEqual([
        { path: ["policySets", 0, "rules", 1], message: 'Unreachable: rule "First" above it matches every request' },
        { path: ["policySets", 0, "rules", 2], message: 'Unreachable: rule "First" above it matches every request' },
      ]);
    } else expect(result.warnings).toEqual([]);
  });

  it("warns about policy sets after an always-matching set, not after a conditional one", () => {
    const document = documentWith([]);
    const conditional = { ...document.policySets[0]!, name: "Guests", rank: 0, condition: x };
    const catchAll = { ...document.policySets[0]!, name: "Everything", rank: 1 };
    const after = { ...document.policySets[0]!, name: "After", rank: 2 };
    document.policySets = [conditional, catchAll, after];
    expect(check(document).warnings).toEqual([
      { path: ["policySets", 2], message: 'Unreachable: policy set "Everything" above it matches every request' },
    ]);
  });

  it("warns when the default rule is disabled", () => {
    const document = documentWith([]);
    document.policySets[0]!.rules[0]!.state = "disabled";
    expect(check(document).warnings).toEqual([
      { path: ["policySets", 0, "rules", 0, "state"], message: expect.stringMatching(/default rule is disabled/) },
    ]);
  });
});

describe("checkConditionValue", () => {
  it.each([
    ["int", "equals", "12", true],
    ["int", "in", "x", false],
    ["ip", "ipInRange", "2001:db8::/32", true],
    ["ip", "ipEquals", "::ffff:10.0.0.1", true],
    ["mac", "macStartsWith", "0026B424FEB4", true],
    ["mac", "macStartsWith", "0026B424FEB4A", false],
    ["string", "matches", "[", false],
    ["string", "contains", "anything", true],
  ] as const)("%s %s %s → %s", (dataType, operator, value, ok) => {
    expect(checkConditionValue({ dataType }, operator, value) === undefined).toBe(ok);
  });
});
