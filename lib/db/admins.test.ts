import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createAdmin, ensureInitialAdmin, listAdmins, updateAdmin, verifyAdminCredentials } from "./admins";
import { listAuditEvents } from "./audit";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe("administrators", () => {
  it("creates the initial admin once, with a generated password when none is given", async () => {
    const first = await ensureInitialAdmin(t.db, {});
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const again = await ensureInitialAdmin(t.db, { password: "something-else" });
    expect(again).toEqual({ created: false });
    const admin = await verifyAdminCredentials(t.db, { username: "admin", password: first.generatedPassword! });
    expect(admin?.role).toBe("super-admin");
    expect(admin?.lastLoginAt).toBeInstanceOf(Date);
  });

  it("stores passwords only as bcrypt hashes and rejects wrong or disabled logins", async () => {
    const created = await createAdmin(t.db, { username: "alice", password: "alice-password-1", role: "policy-admin" }, "admin");
    const row = await t.db.admin.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).not.toContain("alice-password-1");
    expect(await bcrypt.compare("alice-password-1", row.passwordHash)).toBe(true);
    expect(await verifyAdminCredentials(t.db, { username: "alice", password: "wrong" })).toBeNull();
    expect(await verifyAdminCredentials(t.db, { username: "nobody", password: "alice-password-1" })).toBeNull();

    const admin = (await listAdmins(t.db)).find((a) => a.username === "admin")!;
    await updateAdmin(t.db, { id: created.id, input: { isDisabled: true }, actor: "admin", actorId: admin.id });
    expect(await verifyAdminCredentials(t.db, { username: "alice", password: "alice-password-1" })).toBeNull();
  });

  it("refuses a duplicate name with a field error", async () => {
    await expect(
      createAdmin(t.db, { username: "alice", password: "another-password", role: "read-only" }, "admin"),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fields: { username: "This user name is taken" },
    });
  });

  it("keeps at least one enabled super admin and stops admins demoting themselves", async () => {
    const admin = (await listAdmins(t.db)).find((a) => a.username === "admin")!;
    const bob = await createAdmin(t.db, { username: "bob", password: "bob-password-1", role: "super-admin" }, "admin");
    await expect(
      updateAdmin(t.db, { id: admin.id, input: { role: "read-only" }, actor: "admin", actorId: admin.id }),
    ).rejects.toBeInstanceOf(AppError);
    // bob may demote admin while bob remains a super admin…
    await updateAdmin(t.db, { id: admin.id, input: { role: "read-only" }, actor: "bob", actorId: bob.id });
    // …but then bob is the last one, and nobody can remove him.
    await expect(
      updateAdmin(t.db, { id: bob.id, input: { isDisabled: true }, actor: "admin", actorId: admin.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("audits every change without recording passwords", async () => {
    const alice = (await listAdmins(t.db)).find((a) => a.username === "alice")!;
    const bob = (await listAdmins(t.db)).find((a) => a.username === "bob")!;
    await updateAdmin(t.db, { id: alice.id, input: { password: "a-new-password-9" }, actor: "bob", actorId: bob.id });
    const events = await listAuditEvents(t.db);
    expect(events.map((e) => e.summary)).toContain("Updated administrator alice: password");
    for (const event of events) {
      expect(`${event.summary} ${event.details ?? ""}`).not.toMatch(/alice-password-1|a-new-password-9|bob-password-1/);
    }
  });
});
