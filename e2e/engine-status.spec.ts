import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("Home shows the engine's status, notices when it dies, and shows the restart", async ({ page }) => {
  await page.goto("/");
  const status = page.getByTestId("engine-status");
  await expect(status.getByText("Running", { exact: true })).toBeVisible();
  await expect(status).toContainText("Version");
  await expect(status).toContainText(/SQLite|PostgreSQL/);

  const health = await (await page.request.get("/api/engine/health")).json();
  expect(health.running).toBe(true);
  process.kill(health.health.pid, "SIGKILL");

  await expect(status.getByText("Not running", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(status).toContainText("network devices get no RADIUS answers");
  await expect(status).toContainText("being restarted automatically");

  // The supervisor brings it back (after ENGINE_RESTART_DELAY_MS) and Home counts the restart.
  await expect(status.getByText("Running", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(status).toContainText("Restarts");
});
