#!/usr/bin/env node
// Production build: the Next.js app (.next/) and the engine bundle (dist/engine.mjs).
// `node scripts/build.mjs --if-needed` skips what is already newer than every source file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ifNeeded = process.argv.includes("--if-needed");

const SKIP = new Set(["node_modules", ".next", "dist", "generated", "data", "e2e", "test-results", "reports"]);
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
if (!ifNeeded || mtime(".next/BUILD_ID") < newestMtime(webSources)) {
  console.log("build: building the web app (next build)…");
  run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"]);
} else console.log("build: web app is up to date");

if (!ifNeeded || mtime("dist/engine.mjs") < newestMtime(["lib", "package.json"])) {
  console.log("build: bundling the engine (esbuild)…");
  run(path.join(root, "node_modules", ".bin", "esbuild"), [
    "lib/engine/main.ts",
    "--bundle",
    "--platform=node",
    "--target=node20",
    "--format=esm",
    "--packages=external",
    "--sourcemap",
    "--outfile=dist/engine.mjs",
    "--log-level=warning",
  ]);
  // The simulator ships the same way, so `npm run demo` needs no TypeScript runner in production.
  if (fs.existsSync(path.join(root, "lib/mdm-simulator/main.ts"))) {
    run(path.join(root, "node_modules", ".bin", "esbuild"), [
      "lib/mdm-simulator/main.ts",
      "--bundle",
      "--platform=node",
      "--target=node20",
      "--format=esm",
      "--packages=external",
      "--sourcemap",
      "--outfile=dist/mdm-simulator.mjs",
      "--log-level=warning",
    ]);
  }
} else console.log("build: engine bundle is up to date");
