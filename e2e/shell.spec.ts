import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("the console navigates like ISE: top menu, left tree, breadcrumbs", async ({ page }) => {
  await page.goto("/");
  const main = page.getByRole("navigation", { name: "Main" });
  for (const section of ["Home", "Context Visibility", "Operations", "Policy", "Administration"]) {
    await expect(main.getByRole("link", { name: section })).toBeVisible();
  }
  await main.getByRole("link", { name: "Administration" }).click();
  const tree = page.getByRole("navigation", { name: "Administration navigation" });
  await tree.getByRole("link", { name: "External MDM" }).click();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(
    "Administration › Network Resources › External MDM",
  );
  await expect(page.getByRole("heading", { name: "MDM / UEM Integrations" })).toBeVisible();
  await expect(page.getByRole("link", { name: "External MDM" })).toHaveAttribute("aria-current", "page");

  await tree.getByRole("link", { name: "System Certificates" }).click();
  await expect(page.getByRole("heading", { name: "System Certificates" })).toBeVisible();

  await tree.getByRole("link", { name: "Administrators" }).click();
  await expect(page.getByRole("heading", { name: "Administrators" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Administrators" })).toHaveAttribute("aria-current", "page");

  await main.getByRole("link", { name: "Operations" }).click();
  await page.getByRole("navigation", { name: "Operations navigation" }).getByRole("link", { name: "CoA Log" }).click();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText("Operations › RADIUS › CoA Log");
});

test("light and dark themes, remembered across reloads", async ({ page }) => {
  await page.goto("/");
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(html).not.toHaveClass(/dark/);
});

test("an unknown address shows a not-found page", async ({ page }) => {
  const response = await page.goto("/administration/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Page not found")).toBeVisible();
});
