import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./fixtures";

const pagePath = "/administration/network-resources/network-devices";

/** Page object for Administration › Network Resources › Network Devices. */
class NetworkDevicesPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto(pagePath);
    await expect(this.page.getByRole("heading", { name: "Network Devices", level: 1 })).toBeVisible();
  }
  table() {
    return this.page.getByRole("table", { name: "Network devices" });
  }
  row(name: string) {
    return this.table().getByRole("row").filter({ hasText: name });
  }
  dialog(name: string | RegExp) {
    return this.page.getByRole("dialog", { name });
  }
  async fill(
    dialog: ReturnType<NetworkDevicesPage["dialog"]>,
    values: { name?: string; address?: string; secret?: string; vendor?: string; coaPort?: string; description?: string },
  ) {
    if (values.name !== undefined) await dialog.getByLabel(/^Name/).fill(values.name);
    if (values.address !== undefined) await dialog.getByLabel(/^IP address or CIDR range/).fill(values.address);
    if (values.secret !== undefined) await dialog.getByLabel(/^Shared secret/).fill(values.secret);
    if (values.vendor !== undefined) await dialog.getByLabel("Vendor profile").selectOption({ label: values.vendor });
    if (values.coaPort !== undefined) await dialog.getByLabel("CoA port").fill(values.coaPort);
    if (values.description !== undefined) await dialog.getByLabel("Description").fill(values.description);
  }
}

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("adds, edits and deletes a network device; the secret is write-only and overlaps are refused", async ({ page }) => {
    const devices = new NetworkDevicesPage(page);
    const suffix = Date.now().toString(36);
    const name = `e2e-core-${suffix}`;
    const secret = `e2e-secret-${suffix}-never-shown`;
    await devices.goto();

    // Empty form: every required field says what it needs, next to the field.
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const add = devices.dialog("Add network device");
    await add.getByRole("button", { name: "Save" }).click();
    await expect(add.getByText("Enter a name")).toBeVisible();
    await expect(add.getByText("Enter an IP address or a CIDR range")).toBeVisible();
    await expect(add.getByText("Enter the shared secret")).toBeVisible();
    await expect(add.getByLabel("CoA port")).toHaveValue("3799");
    await expect(add.getByLabel("Require Message-Authenticator")).toBeChecked();

    await devices.fill(add, { name, address: "198.51.100.0/24", secret, vendor: "Cisco", coaPort: "1700" });
    await add.getByRole("button", { name: "Save" }).click();
    await expect(add).toBeHidden();
    const row = devices.row(name);
    await expect(row).toContainText("198.51.100.0/24");
    await expect(row).toContainText("Cisco");
    await expect(row).toContainText("1700");
    await expect(row).toContainText("Required");

    // An address inside that range is refused, and the message names the device in the way.
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await devices.fill(add, { name: `${name}-b`, address: "198.51.100.7", secret: "another-secret-1" });
    await add.getByRole("button", { name: "Save" }).click();
    await expect(add.getByLabel(/^IP address or CIDR range/)).toHaveAttribute("aria-invalid", "true");
    await expect(add.getByText(`198.51.100.7 overlaps 198.51.100.0/24 of "${name}"`, { exact: true })).toBeVisible();
    await add.getByRole("button", { name: "Cancel" }).click();

    // Write-only: neither the API nor the page ever carries the secret, and the edit form starts blank.
    const listed = await page.request.get("/api/network-devices");
    expect(listed.status()).toBe(200);
    const body = await listed.text();
    expect(body).toContain(name);
    expect(body).not.toContain(secret);
    expect(body).not.toContain("secretEncrypted");
    await row.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = devices.dialog(`Edit network device ${name}`);
    await expect(edit.getByLabel(/^Shared secret/)).toHaveValue("");
    expect(await page.content()).not.toContain(secret);

    // Edit with a blank secret keeps the stored one; the change is saved and shown.
    await devices.fill(edit, { coaPort: "3799", description: "Core switch, building A" });
    await edit.getByLabel("Require Message-Authenticator").uncheck();
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("3799");
    await expect(row).toContainText("Core switch, building A");
    await expect(row).toContainText("Not required");

    // The columns sort; the header says how.
    await devices.table().getByRole("button", { name: "CoA port" }).click();
    await expect(devices.table().getByRole("columnheader", { name: "CoA port" })).toHaveAttribute("aria-sort", "ascending");

    // Audited (without the secret).
    await page.goto("/administration/system/audit-log");
    const audit = page.getByRole("table", { name: "Audit log" });
    await expect(audit).toContainText(`Created network device ${name} (198.51.100.0/24)`);
    await expect(audit).toContainText(`Updated network device ${name}: coaPort, requireMessageAuthenticator, description`);
    expect(await page.content()).not.toContain(secret);

    // Delete, after confirming.
    await devices.goto();
    await devices
      .row(name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const confirm = devices.dialog(`Delete network device ${name}?`);
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(name)).toHaveCount(0);
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees network devices, and a save is refused with a clear message", async ({ page }) => {
    const devices = new NetworkDevicesPage(page);
    await devices.goto();
    await expect(page.getByText("Your role (Read Only) can view network devices")).toBeVisible();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const add = devices.dialog("Add network device");
    await devices.fill(add, { name: "sneaky-switch", address: "203.0.113.9", secret: "sneaky-secret-1" });
    await add.getByRole("button", { name: "Save" }).click();
    await expect(add.getByRole("alert")).toHaveText("Not allowed: your role (Read Only) cannot make changes");

    const response = await page.request.post("/api/network-devices", {
      data: { name: "sneaky-switch", address: "203.0.113.9", secret: "sneaky-secret-1" },
    });
    expect(response.status()).toBe(403);
    expect((await page.request.get("/api/network-devices")).status()).toBe(200);
  });
});
