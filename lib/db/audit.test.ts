import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditFacets, listAuditPage, recordAudit, type AuditFilter } from "./audit";
import { createTestDb, type TestDb } from "./testing";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 7; i += 1) {
    await t.db.auditEvent.create({
      data: {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
        actor: i % 2 ? "alice" : "bob",
        action: i < 4 ? "create" : "delete",
        entityType: i % 3 === 0 ? "admin" : "network-device",
        entityId: String(i),
        summary: `Entry number ${i}${i === 5 ? " Core Switch" : ""}`,
      },
    });
  }
  await recordAudit(t.db, {
    actor: "carol",
    action: "update",
    entityType: "mdm-settings",
    entityId: "1",
    summary: "Settings",
    details: { x: 1 },
  });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("audit log pages", () => {
  it("pages newest first without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: { at: Date; id: string } | undefined;
    do {
      const page = await listAuditPage(t.db, { take: 3, cursor });
      seen.push(...page.items.map((item) => item.summary));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Settings", ...[6, 5, 4, 3, 2, 1, 0].map((i) => `Entry number ${i}${i === 5 ? " Core Switch" : ""}`)]);
  });

  it("filters by administrator, action, object, words and time, and parses details", async () => {
    const summaries = async (filter: AuditFilter) => (await listAuditPage(t.db, { filter })).items.map((item) => item.entityId);
    expect(await summaries({ actor: "alice" })).toEqual(["5", "3", "1"]);
    expect(await summaries({ action: "delete", entityType: "admin" })).toEqual(["6"]);
    expect(await summaries({ text: "core switch" })).toEqual(["5"]);
    expect(await summaries({ from: new Date(Date.UTC(2026, 0, 1, 0, 2)), to: new Date(Date.UTC(2026, 0, 1, 0, 3)) })).toEqual([
      "3",
      "2",
    ]);
    const [settings] = (await listAuditPage(t.db, { filter: { actor: "carol" } })).items;
    expect(settings?.details).toEqual({ x: 1 });
  });

  it("lists the filter menus' values", async () => {
    expect(await listAuditFacets(t.db)).toEqual({
      actors: ["alice", "bob", "carol"],
      actions: ["create", "delete", "update"],
      entityTypes: ["admin", "mdm-settings", "network-device"],
    });
  });
});
