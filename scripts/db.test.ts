import fs from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations
import { databaseTarget, derivePostgresSchema } from "./db.mjs";

describe("database tooling", () => {
  it("keeps the committed PostgreSQL schema derived from the SQLite one", () => {
    const derived = derivePostgresSchema(fs.readFileSync("prisma/schema.prisma", "utf8"));
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).not.toContain('provider = "sqlite"');
    expect(fs.readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(derived);
  });

  it("picks the same database as the app for a given environment", () => {
    expect(databaseTarget({ DATABASE_URL: "postgres://x/y" })).toEqual({ provider: "postgresql", url: "postgres://x/y" });
    expect(databaseTarget({ DATA_DIR: "/tmp/gh" })).toEqual({ provider: "sqlite", url: "file:/tmp/gh/gatehouse.db" });
  });
});
