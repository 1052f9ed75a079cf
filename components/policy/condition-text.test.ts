import { describe, expect, it } from "vitest";
import type { Condition } from "@/lib/validation/policy";
import { conditionText } from "./condition-text";

const leaf = (attribute: string, value: string | string[], extra: Partial<Condition> = {}): Condition =>
  ({ type: "leaf", attribute, operator: Array.isArray(value) ? "in" : "equals", value, ...extra }) as Condition;

describe("conditionText", () => {
  it("says Any when there is no condition", () => {
    expect(conditionText(null)).toBe("Any");
  });

  it("spells the issue's example with parentheses only around the nested block", () => {
    const condition: Condition = {
      type: "and",
      children: [
        leaf("MDM:DeviceRegisterStatus", "Registered"),
        {
          type: "or",
          children: [leaf("MDM:DiskEncryptionStatus", "On"), leaf("MDM:JailBrokenStatus", "Broken", { negate: true })],
        },
      ],
    };
    expect(conditionText(condition)).toBe(
      "MDM:DeviceRegisterStatus EQUALS Registered AND (MDM:DiskEncryptionStatus EQUALS On OR NOT MDM:JailBrokenStatus EQUALS Broken)",
    );
  });

  it("wraps a negated block in NOT (…) even at the top", () => {
    expect(
      conditionText({ type: "or", negate: true, children: [leaf("MDM:PinLockStatus", "On"), { type: "ref", name: "Corp" }] }),
    ).toBe("NOT (MDM:PinLockStatus EQUALS On OR Corp)");
  });

  it("lists in/notIn values, quotes values with spaces, and names operators in words", () => {
    expect(conditionText(leaf("DEVICE:Location", ["HQ", "Branch 2"]))).toBe('DEVICE:Location IN (HQ, "Branch 2")');
    expect(conditionText({ type: "leaf", attribute: "Radius:NAS-IP-Address", operator: "ipInRange", value: "10.0.0.0/8" })).toBe(
      "Radius:NAS-IP-Address IP IN RANGE 10.0.0.0/8",
    );
    expect(conditionText({ type: "leaf", attribute: "MDM:Model", operator: "matches", value: "" })).toBe('MDM:Model MATCHES ""');
  });

  it("shows an empty block instead of hiding it", () => {
    expect(conditionText({ type: "and", children: [leaf("MDM:ServerType", "MDM"), { type: "or", children: [] }] })).toBe(
      "MDM:ServerType EQUALS MDM AND (empty block)",
    );
  });
});
