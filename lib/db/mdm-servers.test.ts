import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../secret-box";
import { listAuditEvents } from "./audit";
import { listDictionaryAttributes } from "./dictionary";
import {
  createMdmServer,
  deleteMdmServer,
  duplicateMdmServer,
  getMdmServerConnection,
  listMdmServers,
  recordMdmTestResult,
  updateMdmServer,
} from "./mdm-servers";
import { getMdmSettings, updateMdmSettings } from "./mdm-settings";
import { createTestDb, rejection, successfulTest as success, type TestDb } from "./testing";

let t: TestDb;
const box = SecretBox.fromKey(Buffer.alloc(32, 7));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

function baseServer(name: string) {
  return {
    name,
    serverType: "mdm" as const,
    authType: "basic" as const,
    host: "mdm.test",
    port: 443,
    instance: undefined,
    username: "iseapi",
    description: undefined,
    pollingIntervalMinutes: 0,
    cacheExpirationMinutes: 60,
    deviceIdentifiers: ["mac" as const],
    isEnabled: true,
  };
}

describe("MDM servers", () => {
  it("keeps the password encrypted, keeps it on a blank edit, and never audits it", async () => {
    const server = await createMdmServer(t.db, box, { ...baseServer("Secretive"), password: "first-secret" }, "admin");
    expect(JSON.stringify(server)).not.toContain("first-secret");
    const row = await t.db.mdmServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(row.passwordEncrypted).not.toContain("first-secret");
    await updateMdmServer(t.db, box, { id: server.id, input: { ...baseServer("Secretive"), port: 8443 }, actor: "admin" });
    expect((await getMdmServerConnection(t.db, box, { id: server.id })).password).toBe("first-secret");
    await updateMdmServer(t.db, box, {
      id: server.id,
      input: { ...baseServer("Secretive"), port: 8443, password: "second-secret" },
      actor: "admin",
    });
    expect((await getMdmServerConnection(t.db, box, { id: server.id })).password).toBe("second-secret");
    const audit = JSON.stringify(await listAuditEvents(t.db));
    expect(audit).not.toContain("first-secret");
    expect(audit).not.toContain("second-secret");
    expect(audit).toContain("port 443 → 8443");
    expect(audit).toContain("password changed");
  });

  it("writes the MDM dictionary on the first successful test and stores discovery", async () => {
    const server = await createMdmServer(t.db, box, { ...baseServer("Discovering"), password: "pw" }, "admin");
    const recorded = await recordMdmTestResult(t.db, { id: server.id, result: success, actor: "admin" });
    expect(recorded).toMatchObject({
      apiVersion: 3,
      apiPath: "/ciscoise/mdmapi/v3",
      vendor: "Sim",
      queryMaxSize: 500,
      lastTestOutcome: "SUCCESS",
    });
    const dictionary = await listDictionaryAttributes(t.db, { dictionary: "MDM" });
    expect(dictionary.map((a) => a.name)).toContain("DeviceCompliantStatus");
    expect(dictionary.find((a) => a.name === "DeviceRegisterStatus")?.allowedValues).toEqual(["Registered", "UnRegistered"]);
    await recordMdmTestResult(t.db, { id: server.id, result: success, actor: "admin" });
    expect((await listDictionaryAttributes(t.db, { dictionary: "MDM" })).length).toBe(dictionary.length);
  });

  it("duplicates disabled, reorders with the settings, and deletes", async () => {
    const source = (await listMdmServers(t.db)).find((s) => s.name === "Discovering")!;
    const copy = await duplicateMdmServer(t.db, { id: source.id, actor: "admin" });
    expect(copy).toMatchObject({ name: "Copy of Discovering", isEnabled: false, apiVersion: null });
    expect((await duplicateMdmServer(t.db, { id: source.id, actor: "admin" })).name).toBe("Copy 2 of Discovering");
    const settings = await getMdmSettings(t.db);
    const reversed = settings.servers.map((s) => s.id).reverse();
    const saved = await updateMdmSettings(t.db, {
      input: { fallbackOnNotRegistered: true, fallbackOnError: false, lookupOrder: reversed },
      actor: "admin",
    });
    expect(saved.servers.map((s) => s.id)).toEqual(reversed);
    expect(saved.fallbackOnNotRegistered).toBe(true);
    const stale = await rejection(
      updateMdmSettings(t.db, {
        input: { fallbackOnNotRegistered: true, fallbackOnError: false, lookupOrder: reversed.slice(1) },
        actor: "admin",
      }),
    );
    expect(stale.code).toBe("CONFLICT");
    await deleteMdmServer(t.db, { id: copy.id, actor: "admin" });
    expect((await listMdmServers(t.db)).some((s) => s.id === copy.id)).toBe(false);
  });
});
