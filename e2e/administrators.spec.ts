import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("adds an administrator with a role, and a bad entry is explained next to its field", async ({ page }) => {
    await page.goto("/administration/system/administrators");
    await page.getByRole("button", { name: "Add" }).click();
    const dialog = page.getByRole("dialog", { name: "Add administrator" });
    await dialog.getByLabel("User name").fill("net ops");
    await dialog.getByLabel("Password").fill("short");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Use letters, digits, dot, dash and underscore only")).toBeVisible();
    await expect(dialog.getByText("Password must have at least 10 characters")).toBeVisible();

    await dialog.getByLabel("User name").fill("netops");
    await dialog.getByLabel("Password").fill("netops-password-1");
    await dialog.getByLabel("Role").selectOption({ label: "Policy Admin" });
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel("Role of netops")).toHaveValue("policy-admin");

    // The same name again is refused by the server, and the form says why next to the field.
    await page.getByRole("button", { name: "Add" }).click();
    await dialog.getByLabel("User name").fill("netops");
    await dialog.getByLabel("Password").fill("netops-password-2");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("This user name is taken")).toBeVisible();
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees administrators but a save attempt is refused with a clear message", async ({ page }) => {
    await page.goto("/administration/system/administrators");
    await expect(page.getByRole("button", { name: /Signed in as auditor \(Read Only\)/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Administrators" })).toContainText("admin");

    await page.getByRole("button", { name: "Add" }).click();
    const dialog = page.getByRole("dialog", { name: "Add administrator" });
    await dialog.getByLabel("User name").fill("sneaky");
    await dialog.getByLabel("Password").fill("sneaky-password-1");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Not allowed: your role (Read Only) cannot make changes");

    const response = await page.request.post("/api/admins", {
      data: { username: "sneaky2", password: "sneaky-password-1", role: "super-admin" },
    });
    expect(response.status()).toBe(403);
  });
});
