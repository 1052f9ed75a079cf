import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../secret-box";
import { createNetworkDeviceSchema, updateNetworkDeviceSchema } from "../validation/network-device";
import { listAuditEvents } from "./audit";
import { getConfigVersion } from "./config-state";
import {
  createNetworkDevice,
  deleteNetworkDevice,
  getNetworkDeviceOrThrow,
  listNetworkDevices,
  listNetworkDevicesWithSecrets,
  updateNetworkDevice,
} from "./network-devices";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;
const box = SecretBox.fromKey(crypto.randomBytes(32));
const input = (fields: Record<string, unknown>) => createNetworkDeviceSchema.parse({ secret: "shared-secret-1", ...fields });

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("network devices", () => {
  it("creates a device with its secret sealed and never returned; audited; bumps the configuration", async () => {
    const before = await getConfigVersion(t.db);
    const device = await createNetworkDevice(t.db, box, input({ name: "Core", address: "10.1.0.0/16" }), "alice");
    expect(device).not.toHaveProperty("secretEncrypted");
    expect(device).not.toHaveProperty("secret");
    expect(device).toMatchObject({ address: "10.1.0.0/16", coaPort: 3799, requireMessageAuthenticator: true });
    const row = await t.db.networkDevice.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.secretEncrypted).not.toContain("shared-secret-1");
    expect(box.open(row.secretEncrypted)).toBe("shared-secret-1");
    expect(await getConfigVersion(t.db)).toBeGreaterThan(before);
    const audit = await listAuditEvents(t.db);
    expect(audit[0]).toMatchObject({ actor: "alice", action: "create", entityType: "network-device" });
    expect(audit[0]?.details).not.toContain("shared-secret-1");
  });

  it("rejects overlapping ranges with a message naming the other device", async () => {
    await expect(
      createNetworkDevice(t.db, box, input({ name: "Access", address: "10.1.20.0/24" }), "alice"),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('overlaps 10.1.0.0/16 of "Core"'),
      fields: { address: expect.any(String) },
    });
    await expect(createNetworkDevice(t.db, box, input({ name: "Wide", address: "10.0.0.0/8" }), "alice")).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(createNetworkDevice(t.db, box, input({ name: "Same", address: "10.1.0.0/16" }), "alice")).rejects.toMatchObject({
      message: expect.stringContaining('already the address of "Core"'),
    });
    await expect(createNetworkDevice(t.db, box, input({ name: "core", address: "192.0.2.1" }), "alice")).rejects.toMatchObject({
      fields: { name: expect.any(String) },
    });
    // Adjacent ranges and the other family are fine.
    await createNetworkDevice(t.db, box, input({ name: "Next", address: "10.2.0.0/16" }), "alice");
    await createNetworkDevice(t.db, box, input({ name: "V6", address: "2001:db8::/32" }), "alice");
    await expect(
      createNetworkDevice(t.db, box, input({ name: "V6 host", address: "2001:db8::5" }), "alice"),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("updates without touching the secret when it is blank, audits the change, checks overlaps except itself", async () => {
    const [core] = (await listNetworkDevices(t.db)).filter((d) => d.name === "Core");
    const updated = await updateNetworkDevice(t.db, box, {
      id: core!.id,
      input: updateNetworkDeviceSchema.parse({ name: "Core", address: "10.1.0.0/17", secret: "", vendorProfile: "cisco" }),
      actor: "bob",
    });
    expect(updated).toMatchObject({ address: "10.1.0.0/17", vendorProfile: "cisco" });
    const secrets = await listNetworkDevicesWithSecrets(t.db, box);
    expect(secrets.find((d) => d.id === core!.id)?.secret).toBe("shared-secret-1");
    const audit = await listAuditEvents(t.db);
    expect(audit[0]?.summary).toContain("address");
    await updateNetworkDevice(t.db, box, {
      id: core!.id,
      input: updateNetworkDeviceSchema.parse({ name: "Core", address: "10.1.0.0/17", secret: "new-secret-22" }),
      actor: "bob",
    });
    expect((await listNetworkDevicesWithSecrets(t.db, box)).find((d) => d.id === core!.id)?.secret).toBe("new-secret-22");
    expect((await listAuditEvents(t.db))[0]?.details).toContain('"secret":"changed"');
    await expect(
      updateNetworkDevice(t.db, box, {
        id: core!.id,
        input: updateNetworkDeviceSchema.parse({ name: "Core", address: "10.2.0.0/24" }),
        actor: "bob",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("deletes, audited; unknown ids are NOT_FOUND", async () => {
    const [next] = (await listNetworkDevices(t.db)).filter((d) => d.name === "Next");
    await deleteNetworkDevice(t.db, { id: next!.id, actor: "carol" });
    await expect(getNetworkDeviceOrThrow(t.db, { id: next!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listAuditEvents(t.db))[0]).toMatchObject({ action: "delete", actor: "carol" });
  });
});
