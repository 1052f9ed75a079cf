import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseTarget, getEnv } from "./env";

describe("environment", () => {
  it("defaults to SQLite under ./data and the documented ports", () => {
    const env = getEnv({});
    expect(env).toMatchObject({ PORT: 3000, ENGINE_CONTROL_PORT: 3101, RADIUS_AUTH_PORT: 1812, RADIUS_ACCT_PORT: 1813 });
    expect(databaseTarget(env)).toEqual({ provider: "sqlite", url: `file:${path.resolve("data", "gatehouse.db")}` });
  });

  it("selects PostgreSQL from DATABASE_URL and treats empty values as unset", () => {
    const env = getEnv({ DATABASE_URL: "postgresql://u:p@db:5432/gh", DATA_DIR: "/srv/gh", ADMIN_PASSWORD: "" });
    expect(databaseTarget(env)).toEqual({ provider: "postgresql", url: "postgresql://u:p@db:5432/gh" });
    expect(env.ADMIN_PASSWORD).toBeUndefined();
  });

  it("lists every bad variable in one readable error", () => {
    const error = (() => {
      try {
        getEnv({ PORT: "70000", DATABASE_URL: "mysql://x", ENGINE_TOKEN: "short" });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain("PORT: Must be a port number 1–65535");
    expect(error).toContain("DATABASE_URL: DATABASE_URL must start with postgresql://");
    expect(error).toContain("ENGINE_TOKEN: ENGINE_TOKEN must be at least 16 characters");
  });
});
