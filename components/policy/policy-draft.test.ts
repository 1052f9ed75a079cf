import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@/lib/validation/policy";
import {
  deleteRule,
  documentFromDraft,
  draftChanges,
  draftFromDocument,
  duplicateRule,
  insertRule,
  moveRule,
  newSet,
  patchRule,
  snapshotDraft,
} from "./policy-draft";

// The seeded MDM rule set's shape (components may not import the engine's copy of it).
const leaf = (attribute: string, value: string) => ({ type: "leaf" as const, attribute, operator: "equals" as const, value });
const defaultPolicyDocument: PolicyDocument = {
  policySets: [
    {
      name: "Default",
      rank: 0,
      state: "enabled",
      condition: null,
      rules: [
        {
          name: "MDM Unreachable",
          rank: 0,
          state: "enabled",
          condition: leaf("MDM:MDMServerReachable", "UnReachable"),
          profiles: ["Limited Access"],
        },
        {
          name: "MDM Unregistered",
          rank: 1,
          state: "enabled",
          condition: leaf("MDM:DeviceRegisterStatus", "UnRegistered"),
          profiles: ["MDM Redirect"],
        },
        {
          name: "MDM NonCompliant",
          rank: 2,
          state: "enabled",
          condition: leaf("MDM:DeviceCompliantStatus", "NonCompliant"),
          profiles: ["Quarantine"],
        },
        {
          name: "MDM Compliant",
          rank: 3,
          state: "enabled",
          condition: {
            type: "and",
            children: [leaf("MDM:DeviceRegisterStatus", "Registered"), leaf("MDM:DeviceCompliantStatus", "Compliant")],
          },
          profiles: ["Corporate Access"],
        },
        { name: "Default", rank: 4, state: "enabled", condition: null, profiles: ["DenyAccess"] },
      ],
    },
  ],
  libraryConditions: [],
};

const names = (draft: ReturnType<typeof draftFromDocument>) => draft.sets[0]!.rules.map((entry) => entry.rule.name);

describe("policy builder working copy", () => {
  it("round-trips the document, ranks following the order", () => {
    const draft = draftFromDocument(defaultPolicyDocument);
    expect(documentFromDraft(draft)).toEqual(defaultPolicyDocument);
  });

  it("never moves a rule below the default rule, nor the default rule itself", () => {
    const draft = draftFromDocument(defaultPolicyDocument);
    const setKey = draft.sets[0]!.key;
    expect(names(moveRule(draft, setKey, 0, 10))).toEqual([
      "MDM Unregistered",
      "MDM NonCompliant",
      "MDM Compliant",
      "MDM Unreachable",
      "Default",
    ]);
    expect(names(moveRule(draft, setKey, 4, 0))).toEqual(names(draft));
    const inserted = insertRule(draft, setKey, 99).draft;
    expect(names(inserted).at(-1)).toBe("Default");
    expect(names(inserted).at(-2)).toBe("Authorization Rule 1");
  });

  it("keeps the default rule: no delete, no condition, no rename", () => {
    const draft = draftFromDocument(defaultPolicyDocument);
    const set = draft.sets[0]!;
    const defaultKey = set.rules.at(-1)!.key;
    expect(names(deleteRule(draft, set.key, defaultKey))).toEqual(names(draft));
    const patched = patchRule(draft, set.key, defaultKey, {
      name: "Other",
      condition: { type: "leaf", attribute: "MDM:DeviceRegisterStatus", operator: "equals", value: "Registered" },
      profiles: ["PermitAccess"],
    });
    expect(patched.sets[0]!.rules.at(-1)!.rule).toMatchObject({ name: "Default", condition: null, profiles: ["PermitAccess"] });
  });

  it("marks new, changed and moved rows, and counts removed ones", () => {
    const draft = draftFromDocument(defaultPolicyDocument);
    const snapshot = snapshotDraft(draft);
    const setKey = draft.sets[0]!.key;
    const [unreachable, unregistered, , compliant] = draft.sets[0]!.rules;
    let edited = moveRule(draft, setKey, 3, 2); // Compliant above NonCompliant
    edited = patchRule(edited, setKey, unregistered!.key, { state: "monitor" });
    edited = duplicateRule(edited, setKey, 0);
    edited = deleteRule(edited, setKey, unreachable!.key);
    const { rows, removed } = draftChanges(edited, snapshot);
    expect(rows.get(compliant!.key)).toBe("moved");
    expect(rows.get(unregistered!.key)).toBe("changed");
    expect([...rows.values()].filter((change) => change === "new")).toHaveLength(1);
    expect(removed).toBe(1);
    // Rows that only shifted because another moved are not marked.
    expect(rows.size).toBe(3);
    expect(draftChanges(draft, snapshot)).toEqual({ rows: new Map(), removed: 0 });
  });

  it("gives a new policy set a DenyAccess default rule", () => {
    const set = newSet(draftFromDocument(defaultPolicyDocument));
    expect(set.set.name).toBe("New Policy Set 1");
    expect(set.rules.map((entry) => entry.rule)).toEqual([
      { name: "Default", state: "enabled", condition: null, profiles: ["DenyAccess"] },
    ]);
  });
});
