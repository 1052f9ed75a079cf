#!/usr/bin/env node
// Production build: the Next.js app (.next/) and the engine bundle (dist/engine.mjs).
// `node scripts/build.mjs --if-needed` skips what is already newer than every source file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ifNeeded = process.argv.includes("--if-needed");

const SKIP = new Set(["node_modules", ".next", ".next-e2e", "dist", "generated", "data", "e2e", "test-results", "reports"]);
function newestMtime(entries) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (SKIP.has(path.basename(p))) return;
      for (const child of fs.readdirSync(p)) visit(path.join(p, child));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of entries) visit(path.join(root, entry));
  return newest;
}
const mtime = (file) => {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
};

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  if (result.status !== 0) {
    console.error(`build: ${command} ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
}

const webSources = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "package.json",
  "prisma/schema.prisma",
];
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!ifNeeded || mtime(path.join(distDir, "BUILD_ID")) < newestMtime(webSources)) {
  console.log("build: building the web app (next build)…");
  run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"]);
} else console.log("build: web app is up to date");

if (!ifNeeded || mtime("dist/engine.mjs") < newestMtime(["lib", "package.json"])) {
  console.log("build: bundling the engine (esbuild)…");
  const { build } = await import("esbuild");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  // Dependencies stay external (node_modules at run time), except @peculiar/x509: its tsyringe needs the
  // Reflect polyfill (lib/engine/pki/reflect-metadata.ts) to run first, and ESM hoists external imports
  // above bundled code — bundling x509 keeps the import order of the source.
  // better-sqlite3 is a native module reached through the Prisma adapter (lib/db/bulk.ts), not a direct
  // dependency, and must never be bundled.
  const external = [...Object.keys(pkg.dependencies).filter((name) => name !== "@peculiar/x509"), "better-sqlite3"];
  const entries = [
    ["lib/engine/main.ts", "dist/engine.mjs"],
    // The simulator ships the same way, so `npm run demo` needs no TypeScript runner in production.
    ["lib/mdm-simulator/main.ts", "dist/mdm-simulator.mjs"],
  ].filter(([entry]) => fs.existsSync(path.join(root, entry)));
  for (const [entry, outfile] of entries) {
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      sourcemap: true,
      external,
      logLevel: "warning",
      // Bundled CommonJS dependencies call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
  }
} else console.log("build: engine bundle is up to date");
