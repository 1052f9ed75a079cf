import path from "node:path";
import { expect, type Page } from "@playwright/test";

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
