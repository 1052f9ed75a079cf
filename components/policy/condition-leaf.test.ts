import { describe, expect, it } from "vitest";
import { findDictionaryAttribute, systemDictionaries } from "@/lib/validation/dictionaries";
import type { ConditionLeaf } from "@/lib/validation/policy";
import { reshapeValue, retargetLeaf } from "./condition-leaf";
import { conditionProblems } from "./condition-problems";

const leaf = (attribute: string, operator: ConditionLeaf["operator"], value: ConditionLeaf["value"]): ConditionLeaf => ({
  type: "leaf",
  attribute,
  operator,
  value,
});
const retarget = (from: ConditionLeaf, attribute: string) =>
  retargetLeaf(from, attribute, findDictionaryAttribute(from.attribute), findDictionaryAttribute(attribute));

describe("choosing another attribute", () => {
  it("keeps the operator and value when both still fit", () => {
    expect(retarget(leaf("MDM:PinLockStatus", "notEquals", "On"), "MDM:DiskEncryptionStatus")).toMatchObject({
      operator: "notEquals",
      value: "On",
    });
  });

  it("clears a value the new enumeration does not allow", () => {
    expect(retarget(leaf("MDM:DeviceRegisterStatus", "equals", "Registered"), "MDM:JailBrokenStatus").value).toBe("");
  });

  it("falls back to the new type's first operator and clears the value across data types", () => {
    expect(retarget(leaf("MDM:Model", "contains", "iPhone"), "MDM:DaysSinceLastCheckin")).toMatchObject({
      attribute: "MDM:DaysSinceLastCheckin",
      operator: "equals",
      value: "",
    });
  });

  it("keeps in / notIn lists as lists", () => {
    expect(retarget(leaf("MDM:PinLockStatus", "in", ["On"]), "MDM:UserNotified")).toMatchObject({ operator: "in", value: [] });
  });
});

describe("changing the operator", () => {
  it("turns one value into a list for in / notIn and back", () => {
    expect(reshapeValue("On", "in")).toEqual(["On"]);
    expect(reshapeValue("", "notIn")).toEqual([]);
    expect(reshapeValue(["On", "Off"], "equals")).toBe("On");
  });
});

describe("conditionProblems", () => {
  const check = (
    condition: Parameters<typeof conditionProblems>[0],
    library = [] as Parameters<typeof conditionProblems>[1]["library"],
  ) => conditionProblems(condition, { dictionaries: systemDictionaries, library });

  it("keys problems by path inside the condition and asks for a missing attribute plainly", () => {
    expect(
      check({
        type: "and",
        children: [
          leaf("MDM:", "equals", ""),
          { type: "or", children: [leaf("MDM:Model", "matches", "([a-")] },
          { type: "or", children: [] },
        ],
      }),
    ).toEqual({
      "children.0.attribute": "Choose an attribute",
      "children.1.children.0.value": expect.stringMatching(/^Not a valid regular expression/),
      "children.2.children": expect.stringMatching(/empty/),
    });
  });

  it("knows library references only when the library has them", () => {
    const reference = { type: "ref", name: "Corporate" } as const;
    expect(check(reference)).toEqual({ name: 'No library condition named "Corporate"' });
    expect(check(reference, [{ name: "Corporate", condition: leaf("MDM:PinLockStatus", "equals", "On") }])).toEqual({});
    expect(check(null)).toEqual({});
  });
});
