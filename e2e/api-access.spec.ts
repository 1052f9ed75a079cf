// Access control of the whole REST API, proven route by route: every route file under app/api (found on
// disk, so a new route is covered the day it is added) refuses anonymous calls with a 401 problem body and,
// except the few that only compute an answer, refuses writes by a read-only administrator with 403.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

type Route = { file: string; url: string; methods: string[]; changesNothing: Set<string>; readsNeedRole: Set<string> };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** next-auth's own endpoints (sign-in, session, CSRF) are public by design. */
const PUBLIC = new Set(["app/api/auth/[...nextauth]/route.ts"]);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** Handlers exported by a route file, and those declared read-only for their method (`changesNothing`). */
function routes(): Route[] {
  return routeFiles(path.resolve("app/api"))
    .map((full) => path.relative(process.cwd(), full).split(path.sep).join("/"))
    .filter((file) => !PUBLIC.has(file))
    .map((file) => {
      const source = fs.readFileSync(file, "utf8");
      const methods = METHODS.filter((method) => new RegExp(`export (const|async function|function) ${method}\\b`).test(source));
      const changesNothing = new Set(
        methods.filter((method) =>
          new RegExp(`export const ${method} = withRoute\\(\\s*\\{[^}]*changesNothing: true`).test(source),
        ),
      );
      // Reads restricted to a higher role (the audit log: Super Admins only).
      const readsNeedRole = new Set(
        methods.filter((method) =>
          new RegExp(`export const ${method} = withRoute\\(\\s*\\{[^}]*role: "(policy-admin|super-admin)"`).test(source),
        ),
      );
      // Dynamic segments get a value no row has: access is decided before any lookup.
      const url = `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`.replace(/\[[^\]]+\]/g, "no-such-id");
      return { file, url, methods, changesNothing, readsNeedRole };
    });
}

const all = routes();

test("every API route handler goes through withRoute", () => {
  expect(all.length).toBeGreaterThan(20);
  for (const route of all) {
    const source = fs.readFileSync(route.file, "utf8");
    expect(route.methods.length, `${route.file} exports no handler`).toBeGreaterThan(0);
    for (const method of route.methods) {
      expect(source, `${route.file} ${method} is not wrapped in withRoute`).toMatch(
        new RegExp(`export const ${method} = withRoute\\(`),
      );
    }
  }
});

test.describe("anonymous callers", () => {
  test("get 401 with a problem body from every route and method", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    try {
      for (const route of all) {
        for (const method of route.methods) {
          const response = await anonymous.fetch(route.url, { method, data: method === "GET" ? undefined : {} });
          expect(response.status(), `${method} ${route.url}`).toBe(401);
          expect(response.headers()["content-type"], `${method} ${route.url}`).toContain("application/problem+json");
          expect((await response.json()) as { code?: string }).toMatchObject({ code: "UNAUTHENTICATED" });
        }
      }
    } finally {
      await anonymous.dispose();
    }
  });
});

test.describe("read-only administrators", () => {
  test.use({ storageState: authFile("read-only") });

  test("get 403 from every write, and may read and simulate", async ({ request }) => {
    let writes = 0;
    for (const route of all) {
      for (const method of route.methods) {
        const response = await request.fetch(route.url, { method, data: method === "GET" ? undefined : {} });
        const label = `${method} ${route.url}`;
        if (route.readsNeedRole.has(method) && method === "GET") {
          expect(response.status(), label).toBe(403);
        } else if (method === "GET" || route.changesNothing.has(method)) {
          expect([401, 403], label).not.toContain(response.status());
        } else {
          writes += 1;
          expect(response.status(), label).toBe(403);
          expect((await response.json()) as { code?: string }, label).toMatchObject({ code: "FORBIDDEN" });
        }
      }
    }
    expect(writes).toBeGreaterThan(15);
  });
});
