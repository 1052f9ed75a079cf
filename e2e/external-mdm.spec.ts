import { generateKeyPairSync } from "node:crypto";
import { expect } from "@playwright/test";
import {
  addSimulatorMdmServer,
  authFile,
  MdmServerFormPage,
  mdmTest as test,
  postSimulatorMdmServer,
  trustCertificate,
} from "./fixtures";

const MESSAGES = {
  success: "The MDM Server details are valid and the connectivity was successful.",
  failed: "Connection Failed: Please check the connection parameters.",
  notFound: "Connection Failed 404 : Not Found",
  forbidden: "Connection Failed 403 : Forbidden",
  unauthorized: "Connection Failed 401 : Unauthorized",
  certificate: "Connection Failed: There is a problem with the server Certificates or ISE trust store.",
};

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("imports the simulator CA by file upload, shows its details, and refuses a duplicate, a private key and garbage", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    const name = uniqueName("Sim CA");
    await page.goto("/administration/certificates/trusted");
    await expect(page.getByRole("heading", { name: "Trusted Certificates" })).toBeVisible();
    await page.getByRole("button", { name: "Import" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a trusted certificate" });
    await dialog.getByLabel("Certificate file").setInputFiles({
      name: "ca.crt",
      mimeType: "application/x-x509-ca-cert",
      buffer: Buffer.from(simulator.caCertPem),
    });
    await dialog.getByLabel("Friendly Name").fill(name);
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(dialog).toBeHidden();

    await page.getByLabel("Search trusted certificates").fill(name);
    const table = page.getByRole("table", { name: "Trusted certificates" });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("Self-signed CA");
    await expect(table).toContainText("MDM/servers");
    await table.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByText("SHA-256 fingerprint")).toBeVisible();
    await expect(page.getByText(/CA: true/)).toBeVisible();
    await expect(page.getByText("Certificate Sign, CRL Sign")).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export PEM" }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pem$/);

    // The same certificate again: refused, nothing stored, with a link to the existing one.
    await page.goto("/administration/certificates/trusted");
    await page.getByRole("button", { name: "Import" }).click();
    await dialog.getByLabel("Paste PEM text").check();
    await dialog.getByRole("textbox", { name: /PEM text/ }).fill(simulator.caCertPem);
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(dialog.getByText(`This certificate is already trusted as "${name}"`)).toBeVisible();
    await expect(dialog.getByRole("link", { name: `Open ${name}` })).toBeVisible();

    // A private key: refused, and the admin is told explicitly that it was not stored.
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await dialog.getByRole("textbox", { name: /PEM text/ }).fill(privateKey.export({ format: "pem", type: "pkcs8" }) as string);
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(dialog.getByText(/A private key was uploaded\. It was not stored/)).toBeVisible();

    await dialog.getByRole("textbox", { name: /PEM text/ }).fill("not a certificate at all");
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(dialog.getByText(/This is not a certificate/)).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByLabel("Search trusted certificates").fill(name);
    await expect(table.getByRole("row")).toHaveCount(2);
  });

  test("Test Connection shows each outcome's message, with the step trace, for the form's unsaved values", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    const form = new MdmServerFormPage(page);
    await form.gotoNew();
    await form.fill({
      name: uniqueName("Sim"),
      host: "127.0.0.1",
      port: simulator.port,
      username: "iseapi",
      password: "iseapi-secret",
    });

    // The simulator's CA is not trusted yet.
    const untrusted = await form.expectResult(MESSAGES.certificate);
    await untrusted.getByText(/Step trace/).click();
    await expect(untrusted.getByText("TLS", { exact: true })).toBeVisible();

    await trustCertificate(page, simulator.caCertPem, uniqueName("Sim CA"));
    await form.fill({ password: "wrong-password" });
    await form.expectResult(MESSAGES.unauthorized);
    await form.fill({ username: "noapi", password: "noapi-secret" });
    await form.expectResult(MESSAGES.forbidden);
    await form.fill({ username: "iseapi", password: "iseapi-secret", instance: "acme" });
    await form.expectResult(MESSAGES.notFound);
    await form.fill({ instance: "" });
    const ok = await form.expectResult(MESSAGES.success);
    await ok.getByText(/Step trace/).click();
    await expect(ok.getByText("/ciscoise/mdmapi/v3", { exact: true })).toBeVisible();

    // Save: the connection is valid, so it stays enabled and discovery is stored.
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(/^Saved Sim/).first()).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/external-mdm\/c[a-z0-9]+$/);
    await expect(page.getByText("Discovered (mdminfo)")).toBeVisible();
    await expect(page.getByText("Enabled", { exact: true }).first()).toBeVisible();

    // The MDM server goes away: a connection failure.
    await simulator.close();
    await form.expectResult(MESSAGES.failed);
  });

  test("Save with a failing connection saves the server with Enable off and says why", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    const name = uniqueName("Failing");
    const form = new MdmServerFormPage(page);
    await form.gotoNew();
    await form.fill({ name, host: "127.0.0.1", port: simulator.port, username: "iseapi", password: "iseapi-secret" });
    await expect(page.getByLabel("Enable")).toBeChecked();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved with Enable turned off", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(new RegExp(`${name} was saved disabled`))).toBeVisible();
    await expect(page.getByLabel("Enable")).not.toBeChecked();

    await page.goto("/administration/network-resources/external-mdm");
    await page.getByLabel("Search MDM servers").fill(name);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Disabled");
    await expect(row).toContainText("Certificate problem");
  });

  test("validation errors appear next to the fields and nothing is lost", async ({ page, uniqueName }) => {
    const form = new MdmServerFormPage(page);
    await form.gotoNew();
    // The Polling Interval says what a CoA does to a connected user before anyone turns polling on.
    await expect(page.getByText(/A CoA makes the device re-authenticate: a Wi-Fi client re-associates/)).toBeVisible();
    const name = uniqueName("Bad");
    await form.fill({ name, host: "https://mdm.example.com/ciscoise", port: 70000, username: "a:b" });
    await page.getByLabel("Polling Interval (minutes)").fill("5");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Enter a host name only; the API path is added automatically")).toBeVisible();
    await expect(page.getByText("Enter a port between 1 and 65535")).toBeVisible();
    await expect(page.getByText("A user name for Basic authentication cannot contain a colon")).toBeVisible();
    await expect(page.getByText("Use 0 (polling off) or 15 to 1440 minutes")).toBeVisible();
    await expect(page.getByText("Enter the password")).toBeVisible();
    await expect(page.getByLabel(/^Name/)).toHaveValue(name);
    await form.fill({ host: "127.0.0.1:9443" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Enter the port in the Port field, not in the host")).toBeVisible();
  });

  test("the list: duplicate, edit with Reset, delete, search and sort", async ({ page, simulator, uniqueName }) => {
    const name = uniqueName("Listed");
    await addSimulatorMdmServer(page, simulator, name, uniqueName("Sim CA"));

    await page.goto("/administration/network-resources/external-mdm");
    await expect(page.getByRole("heading", { name: "MDM / UEM Integrations" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "General MDM Settings" })).toBeVisible();
    await page.getByLabel("Search MDM servers").fill(name);
    const table = page.getByRole("table", { name: "MDM servers" });
    const row = table.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("Enabled");
    await expect(row).toContainText("Connected");
    await expect(row).toContainText("v3");

    await page.getByLabel(`Select ${name}`).check();
    await page.getByRole("button", { name: "Duplicate" }).click();
    const copy = table.getByRole("row", { name: new RegExp(`Copy of ${name}`) });
    await expect(copy).toContainText("Disabled");

    await page.getByLabel(`Select ${name}`).check();
    await page.getByRole("button", { name: "Edit" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await page.getByLabel("Description").fill("changed but not saved");
    await page.getByRole("button", { name: "Reset" }).click();
    await expect(page.getByLabel("Description")).toHaveValue("");

    await page.goto("/administration/network-resources/external-mdm");
    await page.getByLabel("Search MDM servers").fill(name);
    await page.getByRole("button", { name: "Name", exact: true }).click();
    await expect(table.getByRole("row").nth(1)).toContainText(`Copy of ${name}`);
    await page.getByLabel(`Select Copy of ${name}`).check();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(copy).toHaveCount(0);
    await expect(row).toHaveCount(1);
  });

  test("the password never appears in an API response or page HTML", async ({ page, simulator, uniqueName }) => {
    const secret = `Pw-${Date.now()}-never-shown`;
    await trustCertificate(page, simulator.caCertPem, uniqueName("Sim CA"));
    const created = await postSimulatorMdmServer(page, simulator, {
      name: uniqueName("Secret"),
      password: secret,
      isEnabled: true,
    });
    const createdText = await created.text();
    expect(createdText).not.toContain(secret);
    const { server } = JSON.parse(createdText) as { server: { id: string } };
    const tested = await page.request.post("/api/mdm-servers/test-connection", {
      data: { host: "127.0.0.1", port: simulator.port, username: "iseapi", password: secret, mdmServerId: server.id },
    });
    const updated = await page.request.put(`/api/mdm-servers/${server.id}`, {
      data: {
        name: uniqueName("Secret"),
        host: "127.0.0.1",
        port: simulator.port,
        username: "iseapi",
        password: "",
        isEnabled: false,
      },
    });
    expect(updated.status()).toBe(200);
    const texts = [
      await tested.text(),
      await updated.text(),
      await (await page.request.get("/api/mdm-servers")).text(),
      await (await page.request.get(`/api/mdm-servers/${server.id}`)).text(),
      await (await page.request.get(`/administration/network-resources/external-mdm/${server.id}`)).text(),
      await (await page.request.get("/administration/network-resources/external-mdm")).text(),
      await (await page.request.get("/administration/system/audit-log")).text(),
    ];
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain("passwordEncrypted");
    }
    await page.goto(`/administration/network-resources/external-mdm/${server.id}`);
    await expect(page.getByLabel("Password")).toHaveValue("");
    expect(await page.content()).not.toContain(secret);
    // The audit log records the change without the secret.
    await page.goto("/administration/system/audit-log");
    await expect(page.getByRole("table", { name: "Audit log" })).toContainText("Created MDM server");
  });

  test("General MDM Settings: fallback switches and lookup order", async ({ page, simulator, uniqueName }) => {
    const names = [uniqueName("Order A"), uniqueName("Order B")];
    for (const name of names) {
      const response = await page.request.post("/api/mdm-servers", {
        data: { name, host: "127.0.0.1", port: simulator.port, username: "iseapi", password: "x", isEnabled: false },
      });
      expect(response.status()).toBe(200);
    }
    await page.goto("/administration/network-resources/general-mdm-settings");
    await expect(page.getByRole("heading", { name: "General MDM Settings" })).toBeVisible();
    const notRegistered = page.getByLabel("Query the next MDM server when the endpoint is not registered");
    const onError = page.getByLabel("Query the next MDM server when the first returns an error");
    const wasNotRegistered = await notRegistered.isChecked();
    await notRegistered.setChecked(!wasNotRegistered);
    await page.getByRole("button", { name: `Move ${names[1]} up` }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved General MDM Settings", { exact: true })).toBeVisible();
    await page.reload();
    await expect(notRegistered).toBeChecked({ checked: !wasNotRegistered });
    await expect(onError).toBeVisible();
    const order = page.getByRole("table", { name: "Lookup order" });
    const rows = await order.getByRole("row").allTextContents();
    expect(rows.findIndex((r) => r.includes(names[1]!))).toBeLessThan(rows.findIndex((r) => r.includes(names[0]!)));
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees servers and certificates but can change nothing", async ({ page, browser, simulator, uniqueName, baseURL }) => {
    const name = uniqueName("ReadOnly view");
    const admin = await browser.newContext({ storageState: authFile("admin"), baseURL });
    const adminPage = await admin.newPage();
    const certificateId = await trustCertificate(adminPage, simulator.caCertPem, uniqueName("RO CA"));
    const created = await postSimulatorMdmServer(adminPage, simulator, { name, isEnabled: true });
    const { server } = (await created.json()) as { server: { id: string } };
    await admin.close();

    await page.goto("/administration/network-resources/external-mdm");
    await expect(page.getByText(/Your role \(Read Only\) can view MDM servers/)).toBeVisible();
    await page.getByLabel("Search MDM servers").fill(name);
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Enabled");
    await page.getByLabel(`Select ${name}`).check();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("dialog").getByText(/Not allowed/)).toBeVisible();
    await page.keyboard.press("Escape");

    await page.goto(`/administration/network-resources/external-mdm/${server.id}`);
    await expect(page.getByLabel("Host / IP Address")).toHaveValue("127.0.0.1");
    await page.getByRole("button", { name: "Test Connection" }).click();
    await expect(page.getByText(/Not allowed: your role \(Read Only\) cannot make changes/)).toBeVisible();
    await page.getByLabel("Description").fill("read-only edit");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(/Not allowed: your role \(Read Only\) cannot make changes/)).toBeVisible();

    await page.goto(`/administration/certificates/trusted/${certificateId}`);
    await expect(page.getByText("SHA-1 fingerprint")).toBeVisible();

    const api = page.request;
    const refused = [
      await api.post("/api/mdm-servers", { data: { name: uniqueName("x"), host: "h", port: 443, username: "u", password: "p" } }),
      await api.put(`/api/mdm-servers/${server.id}`, { data: { name, host: "127.0.0.1", port: 1, username: "u" } }),
      await api.delete(`/api/mdm-servers/${server.id}`),
      await api.post(`/api/mdm-servers/${server.id}/duplicate`),
      await api.post("/api/mdm-servers/test-connection", { data: { host: "127.0.0.1", port: 1, username: "u", password: "p" } }),
      await api.post("/api/trusted-certificates", { data: { content: simulator.caCertPem } }),
      await api.patch(`/api/trusted-certificates/${certificateId}`, {
        data: { friendlyName: "x", trustForMdm: false, trustForClientAuth: false },
      }),
      await api.delete(`/api/trusted-certificates/${certificateId}`),
      await api.put("/api/mdm-settings", { data: { fallbackOnNotRegistered: true, fallbackOnError: true, lookupOrder: [] } }),
    ];
    for (const response of refused) expect(response.status()).toBe(403);
    expect((await api.get(`/api/mdm-servers/${server.id}`)).status()).toBe(200);
    expect((await api.get(`/api/trusted-certificates/${certificateId}/pem`)).status()).toBe(200);
  });
});
