import { expect, test } from "@playwright/test";
import { authFile, LoginPage, superAdmin } from "./fixtures";

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

  test("five wrong passwords lock the account: even the right one is refused, with how long to wait", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const username = `lockout-${Date.now().toString(36)}`;
    const password = "lockout-password-1";
    const admin = await playwright.request.newContext({ baseURL, storageState: authFile("admin") });
    expect((await admin.post("/api/admins", { data: { username, password, role: "read-only" } })).status()).toBe(200);
    const login = new LoginPage(page);
    await login.goto();
    const error = page.getByRole("alert").filter({ hasText: /\S/ });
    // One answered sign-in at a time: each attempt waits for the server's verdict.
    const attempt = async (secret: string) => {
      const answered = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
      await login.signIn(username, secret);
      await answered;
    };
    for (let n = 1; n <= 4; n += 1) {
      await attempt(`wrong-${n}`);
      await expect(error).toHaveText("Invalid user name or password.");
    }
    await attempt("wrong-5");
    await expect(error).toHaveText("Too many failed sign-ins for this account. Try again in 15 minutes.");
    await attempt(password);
    await expect(error).toHaveText(/Too many failed sign-ins for this account\. Try again in 1[45] minutes\./);
    await login.expectVisible();
    await admin.dispose();
    // Other accounts still sign in, and the lockout is in the audit log.
    await login.signIn(superAdmin.username, superAdmin.password);
    await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
    await page.goto("/administration/system/audit-log");
    await expect(page.getByText(`Sign-in locked for "${username}" for 15 minutes after 5 failed attempts`)).toBeVisible();
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
