import fs from "node:fs";
import path from "node:path";
import { chromium, type FullConfig } from "@playwright/test";
import { authFile, readOnlyUser, superAdmin } from "./fixtures";

/** Signs in once per role and saves the browser state, so specs start signed in. */
export default async function globalSetup(config: FullConfig) {
  const project = config.projects[0]!;
  const baseURL = project.use.baseURL!;
  fs.mkdirSync(path.dirname(authFile("admin")), { recursive: true });
  const browser = await chromium.launch(project.use.launchOptions);
  try {
    const admin = await browser.newContext({ baseURL });
    const page = await admin.newPage();
    await signIn(page, superAdmin);
    // A read-only administrator for the role tests, created the way an admin would (through the API).
    const created = await page.request.post("/api/admins", { data: { ...readOnlyUser, role: "read-only" } });
    if (!created.ok() && created.status() !== 409)
      throw new Error(`could not create the read-only admin: ${created.status()} ${await created.text()}`);
    await admin.storageState({ path: authFile("admin") });

    const readOnly = await browser.newContext({ baseURL });
    await signIn(await readOnly.newPage(), readOnlyUser);
    await readOnly.storageState({ path: authFile("read-only") });
  } finally {
    await browser.close();
  }
}

async function signIn(page: import("@playwright/test").Page, user: { username: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
