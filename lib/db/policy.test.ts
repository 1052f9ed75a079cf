import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "../engine/policy/default-policy";
import { listAuthorizationProfiles } from "./authorization-profiles";
import { ensureDefaultPolicy, getActivePolicy, listPolicyVersions, savePolicyVersion } from "./policy";
import { createTestDb, type TestDb } from "./testing";

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
    expect(active).toMatchObject({ version: 1, author: "system", document: defaultPolicyDocument });
    const profiles = await listAuthorizationProfiles(t.db);
    expect(profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(["PermitAccess", "DenyAccess", "Corporate Access", "Limited Access", "MDM Redirect", "Quarantine"]),
    );
    expect(profiles.find((p) => p.name === "PermitAccess")?.isBuiltIn).toBe(true);
  });

  it("saves new versions and refuses unknown profiles", async () => {
    const document = structuredClone(defaultPolicyDocument);
    document.policySets[0]!.rules[0]!.profiles = ["PermitAccess"];
    expect(await savePolicyVersion(t.db, { document, author: "alice", comment: "permit when unreachable" })).toEqual({
      version: 2,
    });
    expect((await getActivePolicy(t.db))?.version).toBe(2);
    expect((await listPolicyVersions(t.db)).map((v) => v.version)).toEqual([2, 1]);
    document.policySets[0]!.rules[0]!.profiles = ["Nope"];
    await expect(savePolicyVersion(t.db, { document, author: "alice" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
