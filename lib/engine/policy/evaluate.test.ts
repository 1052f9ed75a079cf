import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../validation/policy";
import { policyDocumentSchema } from "../../validation/policy";
import { defaultPolicyDocument } from "./default-policy";
import { compilePolicy, evaluatePolicy, type EvaluationContext } from "./evaluate";

const policy = compilePolicy(defaultPolicyDocument, 1);

function context(
  mdm: Record<string, string | number> | undefined,
  attributes: Record<string, string> = {},
  source: "cache" | "live" = "live",
): EvaluationContext {
  return { attribute: (reference) => attributes[reference], mdm: mdm ? { values: mdm, source } : undefined };
}

function decide(mdm: Record<string, string | number> | undefined) {
  const result = evaluatePolicy(policy, context(mdm));
  if (result.needs) throw new Error(`needs ${result.needs}`);
  return { rule: result.rule, profiles: result.profiles };
}

describe("default MDM policy (reference §6)", () => {
  it("is a valid policy document", () => {
    expect(policyDocumentSchema.safeParse(defaultPolicyDocument).success).toBe(true);
  });

  it("asks for MDM attributes before deciding (lazy lookup)", () => {
    expect(evaluatePolicy(policy, context(undefined))).toEqual({ needs: "mdm" });
  });

  it("maps each MDM answer to its rule, first match wins", () => {
    expect(decide({ MDMServerReachable: "UnReachable", MDMServerName: "X" })).toEqual({
      rule: "MDM Unreachable",
      profiles: ["Limited Access"],
    });
    expect(decide({ MDMServerReachable: "Reachable", DeviceRegisterStatus: "UnRegistered" })).toEqual({
      rule: "MDM Unregistered",
      profiles: ["MDM Redirect"],
    });
    expect(
      decide({ MDMServerReachable: "Reachable", DeviceRegisterStatus: "Registered", DeviceCompliantStatus: "NonCompliant" }),
    ).toEqual({ rule: "MDM NonCompliant", profiles: ["Quarantine"] });
    expect(
      decide({ MDMServerReachable: "Reachable", DeviceRegisterStatus: "Registered", DeviceCompliantStatus: "Compliant" }),
    ).toEqual({ rule: "MDM Compliant", profiles: ["Corporate Access"] });
    // Registered but the MDM said nothing about compliance: the default rule denies.
    expect(decide({ MDMServerReachable: "Reachable", DeviceRegisterStatus: "Registered" })).toEqual({
      rule: "Default",
      profiles: ["DenyAccess"],
    });
  });
});

describe("evaluator", () => {
  const document: PolicyDocument = {
    libraryConditions: [
      {
        name: "Corporate switch",
        condition: { type: "leaf", attribute: "Network Access:DeviceIpAddress", operator: "ipInRange", value: "10.0.0.0/8" },
      },
    ],
    policySets: [
      {
        name: "Guests",
        rank: 0,
        state: "enabled",
        condition: { type: "leaf", attribute: "Radius:Called-Station-Id", operator: "endsWith", value: ":guest" },
        rules: [{ name: "Guest", rank: 0, state: "enabled", condition: null, profiles: ["PermitAccess"] }],
      },
      {
        name: "Wired",
        rank: 1,
        state: "enabled",
        condition: null,
        rules: [
          {
            name: "Disabled rule",
            rank: 0,
            state: "disabled",
            condition: null,
            profiles: ["PermitAccess"],
          },
          {
            name: "Watch printers",
            rank: 1,
            state: "monitor",
            condition: { type: "leaf", attribute: "Radius:Calling-Station-Id", operator: "macStartsWith", value: "00:26:B4" },
            profiles: ["PermitAccess"],
          },
          {
            name: "Not corporate",
            rank: 2,
            state: "enabled",
            condition: { type: "ref", name: "Corporate switch", negate: true },
            profiles: ["DenyAccess"],
          },
          {
            name: "Old check-in or jailbroken",
            rank: 3,
            state: "enabled",
            condition: {
              type: "or",
              children: [
                { type: "leaf", attribute: "MDM:DaysSinceLastCheckin", operator: "greaterThan", value: "30" },
                { type: "leaf", attribute: "MDM:JailBrokenStatus", operator: "in", value: ["Broken"] },
              ],
            },
            profiles: ["Quarantine"],
          },
          {
            name: "Named server",
            rank: 4,
            state: "enabled",
            condition: { type: "leaf", attribute: "MDM:MDMServerName", operator: "matches", value: "^Corp" },
            profiles: ["PermitAccess"],
          },
        ],
      },
    ],
  };
  const compiled = compilePolicy(policyDocumentSchema.parse(document), 7);

  it("chooses the policy set by its condition and skips disabled rules", () => {
    const result = evaluatePolicy(compiled, context(undefined, { "Radius:Called-Station-Id": "aa-bb:guest" }));
    expect(result).toMatchObject({ policySet: "Guests", rule: "Guest" });
  });

  it("records monitor rules without letting them decide; library references and negation", () => {
    const result = evaluatePolicy(
      compiled,
      context(undefined, { "Radius:Calling-Station-Id": "00-26-B4-24-FE-B4", "Network Access:DeviceIpAddress": "192.0.2.1" }),
    );
    expect(result).toMatchObject({ rule: "Not corporate", monitored: ["Watch printers"] });
  });

  it("evaluates OR blocks, numeric and list operators once MDM values are known", () => {
    const corporate = { "Network Access:DeviceIpAddress": "10.1.2.3" };
    expect(evaluatePolicy(compiled, context(undefined, corporate))).toEqual({ needs: "mdm" });
    expect(evaluatePolicy(compiled, context({ DaysSinceLastCheckin: 45 }, corporate))).toMatchObject({
      rule: "Old check-in or jailbroken",
    });
    expect(evaluatePolicy(compiled, context({ JailBrokenStatus: "Broken" }, corporate))).toMatchObject({
      rule: "Old check-in or jailbroken",
    });
  });

  it("forces a live lookup for MDM:MDMServerName when the values came from the cache (reference §5)", () => {
    const corporate = { "Network Access:DeviceIpAddress": "10.1.2.3" };
    expect(evaluatePolicy(compiled, context({ MDMServerName: "Corp MDM" }, corporate, "cache"))).toEqual({ needs: "mdm-live" });
    expect(evaluatePolicy(compiled, context({ MDMServerName: "Corp MDM" }, corporate, "live"))).toMatchObject({
      rule: "Named server",
    });
  });

  it("denies when a matching policy set has no matching rule, and when no set matches", () => {
    const corporate = { "Network Access:DeviceIpAddress": "10.1.2.3" };
    expect(evaluatePolicy(compiled, context({ MDMServerName: "Other" }, corporate))).toMatchObject({
      policySet: "Wired",
      rule: undefined,
      profiles: ["DenyAccess"],
    });
  });

  it("treats a missing attribute as not matching, whatever the operator", () => {
    const doc = policyDocumentSchema.parse({
      policySets: [
        {
          name: "S",
          rank: 0,
          condition: null,
          rules: [
            {
              name: "R",
              rank: 0,
              condition: { type: "leaf", attribute: "Radius:User-Name", operator: "notEquals", value: "x" },
              profiles: ["PermitAccess"],
            },
          ],
        },
      ],
    });
    expect(evaluatePolicy(compilePolicy(doc, 1), context(undefined))).toMatchObject({ rule: undefined });
  });

  it("rejects documents that reference unknown library conditions", () => {
    const result = policyDocumentSchema.safeParse({
      policySets: [{ name: "S", rank: 0, condition: { type: "ref", name: "Nope" }, rules: [] }],
    });
    expect(result.success).toBe(false);
  });
});
