#!/usr/bin/env node
// `npm test`: unit + integration tests (Vitest), then the end-to-end tests (Playwright on Debian's
// Chromium) against a freshly built and started Gatehouse, on the database DATABASE_URL selects
// (SQLite by default). Prints `N passed, N failed` last and exits non-zero on any failure.
//   --unit-only / --e2e-only   run one half;  any other arguments are passed to the runner(s).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const unitOnly = argv.includes("--unit-only");
const e2eOnly = argv.includes("--e2e-only");
const passThrough = argv.filter((a) => a !== "--unit-only" && a !== "--e2e-only");
const label = process.env.TEST_LABEL ?? (process.env.DATABASE_URL?.startsWith("postgres") ? "postgresql" : "sqlite");
const reports = path.join(root, "reports");
fs.mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Installs a missing Debian package when we are root (CI, a fresh machine); otherwise says what to run. */
function ensureTool(command, debianPackage, why) {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  if (found.status === 0) return true;
  if (process.getuid?.() === 0) {
    console.log(`test: installing ${debianPackage} (${why})…`);
    spawnSync("sh", ["-c", `apt-get update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq ${debianPackage}`], {
      stdio: "inherit",
    });
    if (spawnSync("sh", ["-c", `command -v ${command}`]).status === 0) return true;
  }
  console.error(`test: ${command} is missing (${why}). Install it with: sudo apt-get install -y ${debianPackage}`);
  return false;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let runnerFailed = false;

if (!e2eOnly) {
  // The RADIUS codec's interop tests drive FreeRADIUS's radclient, a client nobody here wrote.
  ensureTool("radclient", "freeradius-utils", "RADIUS interop tests");
  // EAP-TLS interop tests drive wpa_supplicant's eapol_test, a real 802.1X supplicant.
  ensureTool("eapol_test", "eapoltest", "EAP-TLS interop tests");
  const out = path.join(reports, `vitest-${label}.json`);
  fs.rmSync(out, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/vitest/vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${out}`,
      ...passThrough,
    ],
    { cwd: root, env, stdio: "inherit" },
  );
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed +=
      (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else runnerFailed = true;
  if (result.status !== 0) runnerFailed = true;
}

if (!unitOnly) {
  if (!ensureTool(process.env.CHROMIUM_PATH ?? "chromium", "chromium", "browser tests")) runnerFailed = true;
  else {
    const out = path.join(reports, `playwright-${label}.json`);
    fs.rmSync(out, { force: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-e2e-${label}-`));
    const result = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...passThrough],
      {
        cwd: root,
        env: { ...env, E2E_DATA_DIR: dataDir, E2E_JSON_REPORT: out },
        stdio: "inherit",
      },
    );
    if (fs.existsSync(out)) {
      const stats = JSON.parse(fs.readFileSync(out, "utf8")).stats ?? {};
      totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
      totals.failed += stats.unexpected ?? 0;
      totals.skipped += stats.skipped ?? 0;
      if ((stats.expected ?? 0) + (stats.unexpected ?? 0) === 0 && result.status !== 0) runnerFailed = true;
    } else runnerFailed = true;
    if (result.status !== 0) runnerFailed = true;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (runnerFailed && totals.failed === 0) totals.failed = 1; // a runner that crashed counts as a failure
fs.writeFileSync(
  path.join(reports, `summary-${label}${unitOnly ? "-unit" : e2eOnly ? "-e2e" : ""}.json`),
  JSON.stringify(totals),
);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
