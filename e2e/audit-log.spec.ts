import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("the audit log filters by object, administrator and words, pages, and shows an entry's details", async ({ page }) => {
    const suffix = Date.now().toString(36);
    const name = `Audit switch ${suffix}`;
    const created = await page.request.post("/api/network-devices", {
      data: {
        name,
        address: `198.18.${Number.parseInt(suffix.slice(-2), 36) % 250}.0/24`,
        secret: "audit-secret-123",
        vendorProfile: "cisco",
        coaPort: 3799,
        requireMessageAuthenticator: true,
      },
    });
    expect(created.status()).toBe(200);
    const admin = await page.request.post("/api/admins", {
      data: { username: `audited-${suffix}`, password: "audited-password-1", role: "read-only" },
    });
    expect(admin.status()).toBe(200);

    await page.goto("/administration/system/audit-log");
    const table = page.getByRole("table", { name: "Audit log" });
    await expect(table).toContainText(`Created network device ${name}`);
    await expect(table).toContainText(`audited-${suffix}`);

    // One kind of object: the administrator's creation disappears, the device stays.
    await page.getByLabel("Object", { exact: true }).selectOption("network-device");
    await expect(page).toHaveURL(/entityType=network-device/);
    await expect(table).toContainText(`Created network device ${name}`);
    await expect(table).not.toContainText(`audited-${suffix}`);
    for (const cell of await table.locator("tbody tr td:nth-child(4)").allTextContents()) expect(cell).toBe("network-device");

    // Words in the summary, combined with the administrator.
    await page.getByLabel("Object", { exact: true }).selectOption("");
    await page.getByLabel("Summary contains", { exact: true }).fill(suffix);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByLabel("Administrator", { exact: true }).selectOption("admin");
    await expect(table.getByRole("row")).toHaveCount(3); // header + the two entries of this test
    // Shareable: a reload keeps the filters.
    await page.reload();
    await expect(page.getByLabel("Summary contains", { exact: true })).toHaveValue(suffix);
    await expect(table.getByRole("row")).toHaveCount(3);

    // Details of one entry, without the secret.
    await table.getByRole("row", { name: new RegExp(`Created network device ${name}`) }).click();
    const drawer = page.getByRole("dialog", { name: "Audit entry" });
    await expect(drawer).toContainText("network-device");
    await expect(drawer).toContainText("admin");
    expect(await drawer.textContent()).not.toContain("audit-secret-123");
    await drawer.getByRole("button", { name: "Close" }).click();

    // A bad time range is refused with its field named.
    await page.getByLabel("Time range", { exact: true }).selectOption("custom");
    await page.getByLabel("From", { exact: true }).fill("2026-01-02T00:00:00");
    await page.getByLabel("To", { exact: true }).fill("2026-01-01T00:00:00");
    await expect(page.getByText("The end of the time range is before its start")).toBeVisible();
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("the audit log is not shown and its API refuses", async ({ page }) => {
    await page.goto("/administration/system/audit-log");
    await expect(page.getByText("The audit log is visible to Super Admins only.")).toBeVisible();
    expect((await page.request.get("/api/audit-events")).status()).toBe(403);
  });
});
