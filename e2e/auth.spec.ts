import { expect, test } from "@playwright/test";
import { LoginPage, superAdmin } from "./fixtures";

test.describe("signing in and out", () => {
  test("an anonymous visit to any page lands on the login page", async ({ page }) => {
    await page.goto("/administration/system/administrators");
    const login = new LoginPage(page);
    await login.expectVisible();
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/administration/system/administrators");
  });

  test("an anonymous API call gets a 401 problem body, not a redirect", async ({ request }) => {
    const response = await request.get("/api/admins", { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  test("a wrong password shows an error and keeps the user on the login page", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(superAdmin.username, "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: "Invalid" })).toHaveText("Invalid user name or password.");
    await login.expectVisible();
  });

  test("an admin signs in, sees who they are, and logs out", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(superAdmin.username, superAdmin.password);
    await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
    const userMenu = page.getByRole("button", { name: /Signed in as admin \(Super Admin\)/ });
    await expect(userMenu).toBeVisible();

    await userMenu.click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await login.expectVisible();
    await page.goto("/");
    await login.expectVisible();
  });
});
