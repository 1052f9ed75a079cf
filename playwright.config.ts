import path from "node:path";
import { defineConfig } from "@playwright/test";

// scripts/test.mjs passes a fresh data folder and ports; these defaults serve a manual `npx playwright test`.
const port = Number(process.env.E2E_PORT ?? 3200);
const controlPort = Number(process.env.E2E_ENGINE_CONTROL_PORT ?? 3201);
const dataDir = process.env.E2E_DATA_DIR ?? path.resolve("reports", "e2e-data");
export const e2eAdminPassword = "e2e-admin-password";

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results/${port}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? path.resolve("reports", "playwright.json") }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://localhost:${port}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(port),
      ENGINE_CONTROL_PORT: String(controlPort),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: e2eAdminPassword,
      // Long enough for a test to see the "restarting" state after it kills the engine.
      ENGINE_RESTART_DELAY_MS: "6000",
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  },
});
