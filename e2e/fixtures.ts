import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
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

/** Where the engine started by playwright.config.ts listens for RADIUS (it inherits process.env). */
export const radiusPorts = {
  auth: Number(process.env.RADIUS_AUTH_PORT ?? 1812),
  acct: Number(process.env.RADIUS_ACCT_PORT ?? 1813),
};

/**
 * Makes 127.0.0.1 a network device with the given secret (through the API, as an admin would), keeping the name it
 * already has or giving it `name`; the device's name.
 */
export async function ensureLoopbackNad(request: APIRequestContext, secret: string, name: string) {
  const listed = (await (await request.get("/api/network-devices")).json()) as {
    networkDevices: { id: string; name: string; address: string }[];
  };
  const existing = listed.networkDevices.find((device) => device.address === "127.0.0.1");
  const input = { name: existing?.name ?? name, address: "127.0.0.1", secret, vendorProfile: "cisco" };
  const response = existing
    ? await request.put(`/api/network-devices/${existing.id}`, { data: input })
    : await request.post("/api/network-devices", { data: input });
  expect(response.status(), await response.text()).toBe(200);
  return input.name;
}

/** FreeRADIUS's radclient to the engine, one try: its output ("Received Access-Accept …" and the attributes) or a timeout. */
export function radclient(options: { secret: string; command?: "auth" | "acct"; timeoutSeconds?: number }, pairs: string[]) {
  const { secret, command = "auth", timeoutSeconds = 2 } = options;
  const port = command === "auth" ? radiusPorts.auth : radiusPorts.acct;
  return new Promise<string>((resolve, reject) => {
    const child = spawn("radclient", ["-x", "-r", "1", "-t", String(timeoutSeconds), `127.0.0.1:${port}`, command, secret], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => resolve(output));
    child.stdin.end(`${pairs.join("\n")}\n`);
  });
}

/** The attributes of a MAB Access-Request as a Cisco switch sends it (MAC as user and password), before `extra`. */
export function mabPairs(mac: string, extra: string[] = []) {
  return [
    `User-Name = "${mac.toLowerCase()}"`,
    `User-Password = "${mac.toLowerCase()}"`,
    `Calling-Station-Id = "${mac.match(/../g)!.join("-")}"`,
    "Service-Type = Call-Check",
    "NAS-IP-Address = 127.0.0.1",
    "NAS-Port-Type = Ethernet",
    ...extra,
    "Message-Authenticator = 0x00",
  ];
}

/** Adds the test's MDM simulator as an MDM server through the API (its `iseapi` account unless told); the answer, unchecked. */
export function postSimulatorMdmServer(
  page: Page,
  simulator: RunningSimulator,
  data: { name: string; password?: string; isEnabled?: boolean },
) {
  return page.request.post("/api/mdm-servers", {
    data: { host: "127.0.0.1", port: simulator.port, username: "iseapi", password: "iseapi-secret", ...data },
  });
}

/** Trusts the simulator's CA (as `caName`) and adds the simulator as an enabled MDM server named `name`; the new server. */
export async function addSimulatorMdmServer(page: Page, simulator: RunningSimulator, name: string, caName: string) {
  await trustCertificate(page, simulator.caCertPem, caName);
  const created = await postSimulatorMdmServer(page, simulator, { name, isEnabled: true });
  expect(created.status(), await created.text()).toBe(200);
  return ((await created.json()) as { server: { id: string; isEnabled: boolean } }).server;
}

/**
 * This test's simulator as the first MDM server looked up, with no fallback to the servers (and simulators,
 * long gone) of earlier tests.
 */
export async function useSimulatorAsMdm(page: Page, simulator: RunningSimulator, name: string) {
  const server = await addSimulatorMdmServer(page, simulator, name, `${name} CA`);
  expect(server.isEnabled).toBe(true);
  const listed = (await (await page.request.get("/api/mdm-servers")).json()) as { servers: { id: string }[] };
  const others = listed.servers.map((entry) => entry.id).filter((id) => id !== server.id);
  const settings = await page.request.put("/api/mdm-settings", {
    data: { fallbackOnNotRegistered: false, fallbackOnError: false, lookupOrder: [server.id, ...others] },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  return server;
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
