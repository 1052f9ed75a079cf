import { describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "../engine/policy/default-policy";
import type { PolicyDocument } from "./policy";
import { diffPolicyDocuments } from "./policy-diff";

const clone = (): PolicyDocument => structuredClone(defaultPolicyDocument);

describe("diffPolicyDocuments", () => {
  it("reports nothing for identical documents", () => {
    const diff = diffPolicyDocuments(clone(), clone());
    expect(diff.identical).toBe(true);
    expect(diff.policySets[0]).toMatchObject({ name: "Default", status: "unchanged", moved: false });
    expect(diff.policySets[0]!.rules.every((rule) => rule.status === "unchanged" && !rule.moved)).toBe(true);
  });

  it("names added and removed rules, keeping removed ones where they were", () => {
    const after = clone();
    const rules = after.policySets[0]!.rules;
    rules.splice(1, 1); // MDM Unregistered gone
    rules.splice(0, 0, { name: "Printers", rank: 0, state: "enabled", condition: null, profiles: ["PermitAccess"] });
    const diff = diffPolicyDocuments(clone(), after);
    expect(diff.identical).toBe(false);
    const set = diff.policySets[0]!;
    expect(set.status).toBe("changed");
    expect(set.rules.map((rule) => [rule.name, rule.status])).toEqual([
      ["Printers", "added"],
      ["MDM Unreachable", "unchanged"],
      ["MDM Unregistered", "removed"],
      ["MDM NonCompliant", "unchanged"],
      ["MDM Compliant", "unchanged"],
      ["Default", "unchanged"],
    ]);
    // A rule that only shifted because another was inserted above did not move.
    expect(set.rules.some((rule) => rule.moved)).toBe(false);
    expect(set.rules.find((rule) => rule.name === "MDM Unregistered")).toMatchObject({
      positionBefore: 2,
      positionAfter: undefined,
    });
  });

  it("marks only the rule that changed place as moved", () => {
    const after = clone();
    const rules = after.policySets[0]!.rules;
    const [compliant] = rules.splice(3, 1);
    rules.unshift(compliant!);
    const diff = diffPolicyDocuments(clone(), after);
    const moved = diff.policySets[0]!.rules.filter((rule) => rule.moved).map((rule) => rule.name);
    expect(moved).toEqual(["MDM Compliant"]);
    expect(diff.policySets[0]!.rules[0]).toMatchObject({ name: "MDM Compliant", positionBefore: 4, positionAfter: 1 });
    expect(diff.identical).toBe(false);
  });

  it("lists field changes with before and after values", () => {
    const after = clone();
    const rule = after.policySets[0]!.rules[3]!;
    rule.profiles = ["PermitAccess"];
    rule.state = "monitor";
    rule.securityGroup = "Employees";
    rule.condition = { type: "leaf", attribute: "MDM:DeviceCompliantStatus", operator: "equals", value: "Compliant" };
    const diff = diffPolicyDocuments(clone(), after);
    const changed = diff.policySets[0]!.rules.find((entry) => entry.name === "MDM Compliant")!;
    expect(changed.status).toBe("changed");
    expect(changed.changes).toEqual([
      { field: "state", before: "enabled", after: "monitor" },
      { field: "condition", before: defaultPolicyDocument.policySets[0]!.rules[3]!.condition, after: rule.condition },
      { field: "profiles", before: ["Corporate Access"], after: ["PermitAccess"] },
      { field: "securityGroup", before: null, after: "Employees" },
    ]);
  });

  it("diffs policy sets and library conditions", () => {
    const after = clone();
    after.policySets.unshift({
      name: "Guests",
      rank: 0,
      state: "disabled",
      condition: { type: "leaf", attribute: "Radius:NAS-IP-Address", operator: "ipEquals", value: "10.0.0.1" },
      rules: [{ name: "Default", rank: 0, state: "enabled", condition: null, profiles: ["DenyAccess"] }],
    });
    after.libraryConditions.push({
      name: "Compliant",
      condition: { type: "leaf", attribute: "MDM:DeviceCompliantStatus", operator: "equals", value: "Compliant" },
    });
    const diff = diffPolicyDocuments(clone(), after);
    expect(diff.policySets.map((set) => [set.name, set.status, set.moved])).toEqual([
      ["Guests", "added", false],
      ["Default", "unchanged", false],
    ]);
    expect(diff.policySets[0]!.rules).toEqual([expect.objectContaining({ name: "Default", status: "added", moved: false })]);
    expect(diff.libraryConditions).toEqual([expect.objectContaining({ name: "Compliant", status: "added" })]);
    const back = diffPolicyDocuments(after, clone());
    expect(back.policySets[0]).toMatchObject({ name: "Guests", status: "removed", positionBefore: 1 });
    expect(back.libraryConditions[0]).toMatchObject({ name: "Compliant", status: "removed" });
  });
});
