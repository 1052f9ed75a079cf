import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { tsImport } from "tsx/esm/api";
import type { RunningSimulator } from "../lib/mdm-simulator/server";

export const superAdmin = { username: "admin", password: "e2e-admin-password" };
export const readOnlyUser = { username: "auditor", password: "auditor-password-1" };

/** Saved sign-in state, per server port so that two runs side by side keep their own cookies. */
export const authFile = (role: "admin" | "read-only") =>
  path.resolve("reports", `.auth-${process.env.E2E_PORT ?? "3200"}`, `${role}.json`);

/** Page object for the login page. */
export class LoginPage {
  constructor(private readonly page: Page) {}
  async goto() {
    await this.page.goto("/login");
  }
  async signIn(username: string, password: string) {
    await this.page.getByLabel("User name").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }
  async expectVisible() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.page.getByRole("button", { name: "Log in" })).toBeVisible();
  }
}

/**
 * A real MDM simulator per test (HTTPS on 127.0.0.1, ephemeral ports, its own new CA), started in the
 * test process; the engine (a separate process) reaches it on 127.0.0.1.
 */
export const mdmTest = base.extend<{ simulator: RunningSimulator; uniqueName: (prefix: string) => string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
  simulator: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-sim-"));
    // Loaded through tsx: the simulator imports its JSON inventory, which Playwright's own loader refuses.
    const { startMdmSimulator } = (await tsImport(
      "../lib/mdm-simulator/server.ts",
      import.meta.url,
    )) as typeof import("../lib/mdm-simulator/server");
    const simulator = await startMdmSimulator({ dataDir, port: 0 });
    await use(simulator);
    await simulator.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
  uniqueName: async ({}, use, testInfo) => {
    let n = 0;
    await use((prefix) => `${prefix} ${testInfo.workerIndex}-${Date.now().toString(36)}-${++n}`);
  },
});

/** Imports a CA through the API (for tests whose subject is not the import itself). */
export async function trustCertificate(page: Page, pem: string, friendlyName: string) {
  const response = await page.request.post("/api/trusted-certificates", {
    data: { content: pem, encoding: "text", friendlyName, trustForMdm: true, trustForClientAuth: false },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { certificates: { id: string }[] };
  return body.certificates[0]!.id;
}

/** Page object for the External MDM server form. */
export class MdmServerFormPage {
  constructor(readonly page: Page) {}
  async gotoNew() {
    await this.page.goto("/administration/network-resources/external-mdm/new");
    await expect(this.page.getByRole("heading", { name: "New MDM server" })).toBeVisible();
  }
  async fill(values: { name?: string; host?: string; port?: number; instance?: string; username?: string; password?: string }) {
    const p = this.page;
    if (values.name !== undefined) await p.getByLabel(/^Name/).fill(values.name);
    if (values.host !== undefined) await p.getByLabel("Host / IP Address").fill(values.host);
    if (values.port !== undefined) await p.getByLabel(/^Port/).fill(String(values.port));
    if (values.instance !== undefined) await p.getByLabel("Instance Name").fill(values.instance);
    if (values.username !== undefined) await p.getByLabel("User Name").fill(values.username);
    if (values.password !== undefined) await p.getByLabel("Password").fill(values.password);
  }
  testButton() {
    return this.page.getByRole("button", { name: /Test Connection|Testing…/ });
  }
  async testConnection() {
    await this.testButton().click();
    await expect(this.testButton()).toBeEnabled({ timeout: 30_000 });
    return this.page.getByTestId("test-connection-result").first();
  }
  async expectResult(message: string) {
    const result = await this.testConnection();
    await expect(result.getByRole(message.startsWith("The MDM Server") ? "status" : "alert").first()).toContainText(message);
    return result;
  }
}
