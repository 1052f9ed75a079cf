import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "../engine/policy/default-policy";
import { SecretBox } from "../secret-box";
import { authorizationProfileSchema } from "../validation/authorization-profile";
import { listAuditEvents } from "./audit";
import {
  createAuthorizationProfile,
  deleteAuthorizationProfile,
  getAuthorizationProfileOrThrow,
  listAuthorizationProfiles,
  updateAuthorizationProfile,
} from "./authorization-profiles";
import { loadEngineConfig } from "./engine-config";
import { getConfigVersion } from "./config-state";
import { isMdmDictionaryAvailable } from "./dictionary";
import { createMdmServer, recordMdmTestResult } from "./mdm-servers";
import { ensureDefaultPolicy, savePolicyVersion } from "./policy";
import { createTestDb, rejection, successfulTest, type TestDb } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultPolicy(t.db);
});
afterAll(() => t.cleanup());

const profile = (fields: Record<string, unknown>) =>
  authorizationProfileSchema.parse({ accessType: "ACCESS_ACCEPT", advancedAttributes: [], ...fields });
const byName = async (name: string) => (await listAuthorizationProfiles(t.db)).find((p) => p.name === name)!;

describe("authorization profiles", () => {
  it("creates a profile, bumps the configuration version and audits it", async () => {
    const before = await getConfigVersion(t.db);
    const created = await createAuthorizationProfile(t.db, {
      input: profile({
        name: "Printers",
        vlan: "40",
        dacl: "PRINTERS-ONLY",
        advancedAttributes: [{ name: "Idle-Timeout", value: "900" }],
      }),
      actor: "alice",
    });
    expect(created).toMatchObject({ name: "Printers", vlan: "40", dacl: "PRINTERS-ONLY", isBuiltIn: false });
    expect(await getAuthorizationProfileOrThrow(t.db, { id: created.id })).toEqual(created);
    expect(await getConfigVersion(t.db)).toBeGreaterThan(before);
    expect((await listAuditEvents(t.db))[0]).toMatchObject({
      actor: "alice",
      action: "create",
      summary: "Created authorization profile Printers",
    });
  });

  it("refuses a duplicate name, whatever its case, next to the name field", async () => {
    const error = await rejection(createAuthorizationProfile(t.db, { input: profile({ name: "printers" }), actor: "alice" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe('An authorization profile named "Printers" already exists');
    expect(error.fields).toEqual({ name: "This name is taken" });
  });

  it("updates every field, records what changed, and may keep its own name", async () => {
    const printers = await byName("Printers");
    const before = await getConfigVersion(t.db);
    const updated = await updateAuthorizationProfile(t.db, {
      id: printers.id,
      input: profile({ name: "Printers", vlan: "41", filterId: "PRN", sessionTimeout: 3600 }),
      actor: "bob",
    });
    expect(updated).toMatchObject({ vlan: "41", filterId: "PRN", sessionTimeout: 3600, advancedAttributes: [] });
    expect(updated.dacl).toBeUndefined();
    expect(await getConfigVersion(t.db)).toBeGreaterThan(before);
    const audit = (await listAuditEvents(t.db))[0]!;
    expect(audit.summary).toBe(
      "Updated authorization profile Printers: vlan, dacl, filterId, sessionTimeout, advancedAttributes",
    );
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ vlan: { from: "40", to: "41" } });
  });

  it("keeps the built-ins read-only", async () => {
    const permit = await byName("PermitAccess");
    expect(permit.isBuiltIn).toBe(true);
    const edit = await rejection(
      updateAuthorizationProfile(t.db, { id: permit.id, input: profile({ name: "PermitAccess", vlan: "5" }), actor: "bob" }),
    );
    expect(edit.code).toBe("FORBIDDEN");
    expect(edit.message).toBe("PermitAccess is a built-in profile and cannot be changed");
    const deny = await byName("DenyAccess");
    expect((await rejection(deleteAuthorizationProfile(t.db, { id: deny.id, actor: "bob" }))).message).toBe(
      "DenyAccess is a built-in profile and cannot be deleted",
    );
    expect((await byName("PermitAccess")).vlan).toBeUndefined();
  });

  it("refuses to delete or rename a profile the active policy uses, naming the rules", async () => {
    const corporate = await byName("Corporate Access");
    const rules = defaultPolicyDocument.policySets.flatMap((set) =>
      set.rules.filter((rule) => rule.profiles.includes("Corporate Access")).map((rule) => rule.name),
    );
    expect(rules.length).toBeGreaterThan(0);
    const deletion = await rejection(deleteAuthorizationProfile(t.db, { id: corporate.id, actor: "bob" }));
    expect(deletion.code).toBe("CONFLICT");
    expect(deletion.message).toContain('"Corporate Access" cannot be deleted: the active policy uses it in rule');
    for (const rule of rules) expect(deletion.message).toContain(`"${rule}"`);

    const rename = await rejection(
      updateAuthorizationProfile(t.db, { id: corporate.id, input: profile({ name: "Corp", vlan: "10" }), actor: "bob" }),
    );
    expect(rename.code).toBe("CONFLICT");
    expect(rename.fields?.name).toContain('"Corporate Access" cannot be renamed');
    // Other fields of a used profile stay editable: that is how an admin changes the VLAN.
    const changed = await updateAuthorizationProfile(t.db, {
      id: corporate.id,
      input: profile({ name: "Corporate Access", vlan: "12" }),
      actor: "bob",
    });
    expect(changed.vlan).toBe("12");
    expect(await byName("Corporate Access")).toBeDefined();
  });

  it("deletes and renames freely once the active policy no longer uses the profile", async () => {
    const printers = await byName("Printers");
    const renamed = await updateAuthorizationProfile(t.db, {
      id: printers.id,
      input: profile({ name: "Printers Wing B" }),
      actor: "bob",
    });
    expect(renamed.name).toBe("Printers Wing B");

    const document = structuredClone(defaultPolicyDocument);
    for (const set of document.policySets) {
      for (const rule of set.rules) rule.profiles = rule.profiles.map((name) => (name === "Quarantine" ? "DenyAccess" : name));
    }
    await savePolicyVersion(t.db, { document, author: "bob", baseVersion: 1 });
    const quarantine = await byName("Quarantine");
    await deleteAuthorizationProfile(t.db, { id: quarantine.id, actor: "bob" });
    expect((await listAuthorizationProfiles(t.db)).map((p) => p.name)).not.toContain("Quarantine");
    expect((await listAuditEvents(t.db))[0]).toMatchObject({
      action: "delete",
      summary: "Deleted authorization profile Quarantine",
    });
    expect((await rejection(getAuthorizationProfileOrThrow(t.db, { id: quarantine.id }))).code).toBe("NOT_FOUND");
  });

  it("accepts an MDM server for the redirect only when it exists", async () => {
    const redirect = { name: "Redirect B", redirectType: "mdm-redirect", redirectAcl: "ACL-REDIRECT" };
    const missing = await rejection(
      createAuthorizationProfile(t.db, { input: profile({ ...redirect, redirectMdmServerId: "gone" }), actor: "bob" }),
    );
    expect(missing.code).toBe("VALIDATION");
    expect(missing.fields).toEqual({ redirectMdmServerId: "Choose an existing MDM server" });

    const box = SecretBox.fromKey(Buffer.alloc(32, 3));
    const server = await createMdmServer(
      t.db,
      box,
      {
        name: "Intune",
        serverType: "mdm",
        authType: "basic",
        host: "mdm.test",
        port: 443,
        instance: undefined,
        username: "ise",
        password: "pw",
        description: undefined,
        pollingIntervalMinutes: 0,
        cacheExpirationMinutes: 60,
        deviceIdentifiers: ["mac"],
        isEnabled: true,
      },
      "bob",
    );
    const created = await createAuthorizationProfile(t.db, {
      input: profile({ ...redirect, redirectMdmServerId: server.id }),
      actor: "bob",
    });
    expect(created.redirectMdmServerId).toBe(server.id);
  });

  it("leaves a stored profile that no longer validates out of the engine's configuration instead of failing it", async () => {
    // A row written under looser rules than today's (VLAN 5000 is outside 1–4094).
    await t.db.authorizationProfile.create({
      data: { name: "Legacy VLAN", accessType: "ACCESS_ACCEPT", vlan: "5000", advancedAttributes: "[]" },
    });
    const config = await loadEngineConfig(t.db, SecretBox.fromKey(Buffer.alloc(32, 3)));
    expect(config.invalidProfiles).toEqual(["Legacy VLAN"]);
    expect(config.profiles.map((p) => p.name)).toContain("Corporate Access");
    expect(config.profiles.map((p) => p.name)).not.toContain("Legacy VLAN");
    await t.db.authorizationProfile.delete({ where: { name: "Legacy VLAN" } });
  });
});

describe("MDM dictionary availability", () => {
  it("turns available with the first successful Test Connection", async () => {
    expect(await isMdmDictionaryAvailable(t.db)).toBe(false);
    const server = (await t.db.mdmServer.findFirstOrThrow()).id;
    await recordMdmTestResult(t.db, { id: server, result: successfulTest, actor: "bob" });
    expect(await isMdmDictionaryAvailable(t.db)).toBe(true);
  });
});
