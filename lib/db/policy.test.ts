import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "../engine/policy/default-policy";
import { listAuditEvents } from "./audit";
import { listAuthorizationProfiles } from "./authorization-profiles";
import { getConfigVersion } from "./config-state";
import {
  ensureDefaultPolicy,
  getActivePolicy,
  getPolicyVersion,
  listPolicyVersions,
  restorePolicyVersion,
  savePolicyVersion,
} from "./policy";
import { createTestDb, rejection, type TestDb } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("policy", () => {
  it("seeds version 1 and the default profiles once", async () => {
    expect(await getActivePolicy(t.db)).toBeUndefined();
    expect(await ensureDefaultPolicy(t.db)).toEqual({ seeded: true });
    expect(await ensureDefaultPolicy(t.db)).toEqual({ seeded: false });
    const active = await getActivePolicy(t.db);
    expect(active).toMatchObject({
      version: 1,
      author: "system",
      comment: "Default MDM policy",
      document: defaultPolicyDocument,
    });
    const profiles = await listAuthorizationProfiles(t.db);
    expect(profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(["PermitAccess", "DenyAccess", "Corporate Access", "Limited Access", "MDM Redirect", "Quarantine"]),
    );
    expect(profiles.find((p) => p.name === "PermitAccess")?.isBuiltIn).toBe(true);
  });

  it("saves new versions, bumps the engine's config version and refuses unknown profiles by path", async () => {
    const before = await getConfigVersion(t.db);
    const document = structuredClone(defaultPolicyDocument);
    document.policySets[0]!.rules[0]!.profiles = ["PermitAccess"];
    const saved = await savePolicyVersion(t.db, {
      document,
      author: "alice",
      comment: "permit when unreachable",
      baseVersion: 1,
    });
    expect(saved).toEqual({ version: 2, warnings: [] });
    expect(await getConfigVersion(t.db)).toBeGreaterThan(before);
    expect(await getActivePolicy(t.db)).toMatchObject({ version: 2, author: "alice", comment: "permit when unreachable" });
    expect((await listPolicyVersions(t.db)).map((v) => v.version)).toEqual([2, 1]);

    document.policySets[0]!.rules[0]!.profiles = ["Nope"];
    const error = await rejection(savePolicyVersion(t.db, { document, author: "alice", baseVersion: 2 }));
    expect(error.code).toBe("VALIDATION");
    expect(Object.keys(error.fields ?? {}).some((key) => key.startsWith("policySets.0.rules.0.profiles"))).toBe(true);
    expect((await getActivePolicy(t.db))?.version).toBe(2);
  });

  it("refuses a condition on an unknown attribute and returns warnings for unreachable rules", async () => {
    const bad = structuredClone(defaultPolicyDocument);
    bad.policySets[0]!.rules[1]!.condition = { type: "leaf", attribute: "MDM:NoSuchThing", operator: "equals", value: "x" };
    const error = await rejection(savePolicyVersion(t.db, { document: bad, author: "alice", baseVersion: 2 }));
    expect(error.code).toBe("VALIDATION");
    expect(Object.keys(error.fields ?? {}).some((key) => key.startsWith("policySets.0.rules.1.condition"))).toBe(true);

    const shadowed = structuredClone(defaultPolicyDocument);
    shadowed.policySets[0]!.rules[0]!.condition = null;
    const saved = await savePolicyVersion(t.db, { document: shadowed, author: "alice", baseVersion: 2 });
    expect(saved.version).toBe(3);
    expect(saved.warnings.length).toBeGreaterThan(0);
    expect(saved.warnings[0]!.path.slice(0, 4)).toEqual(["policySets", 0, "rules", 1]);
  });

  it("answers CONFLICT when the edited version is no longer the active one", async () => {
    const error = await rejection(savePolicyVersion(t.db, { document: defaultPolicyDocument, author: "bob", baseVersion: 2 }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("version 3");
    expect((await getActivePolicy(t.db))?.version).toBe(3);
  });

  it("reads one version and restores it as a new version with an audit entry", async () => {
    expect((await getPolicyVersion(t.db, 1)).document).toEqual(defaultPolicyDocument);
    expect((await rejection(getPolicyVersion(t.db, 99))).code).toBe("NOT_FOUND");

    const restored = await restorePolicyVersion(t.db, { version: 1, author: "carol" });
    expect(restored.version).toBe(4);
    const active = await getActivePolicy(t.db);
    expect(active).toMatchObject({ version: 4, author: "carol", comment: "Restored version 1", document: defaultPolicyDocument });
    const audit = await listAuditEvents(t.db);
    expect(audit.map((event) => event.summary)).toContain("Restored version 1 as version 4");
  });
});
