import { spawn, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { apiRoot, makeTempDir, request } from "./test-support";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const mainPath = path.join(repoRoot, "lib/mdm-simulator/main.ts");

interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnMain(args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", mainPath, ...args], {
    cwd: repoRoot,
    // A clean environment, so the developer's own MDM_SIM_* or DATA_DIR settings do not leak in.
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

describe("npm run mdm-sim", () => {
  it("starts from env and argv, prints URLs, accounts and the CA path, logs requests, stops on SIGTERM", async () => {
    const dataRoot = makeTempDir("gatehouse-mdm-sim-main-");
    const run = spawnMain(["--instance", "acme", "--hostname", "cli.example.test"], {
      DATA_DIR: dataRoot,
      MDM_SIM_PORT: "0",
      MDM_SIM_CONTROL_PORT: "0",
      MDM_SIM_HOSTNAMES: "env.example.test",
    });
    cleanup.push(() => {
      run.child.kill("SIGKILL");
      rmSync(dataRoot, { recursive: true, force: true });
    });

    await expect.poll(run.output, { timeout: 20_000, interval: 100 }).toContain("CA certificate");
    const output = run.output();
    const apiUrl = /ISE MDM API\s+(https:\/\/127\.0\.0\.1:\d+)\/acme/.exec(output)?.[1];
    const controlUrl = /Control API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const caPath = /CA certificate\s+(\S+)/.exec(output)?.[1];
    expect(apiUrl).toBeDefined();
    expect(controlUrl).toBeDefined();
    expect(caPath).toBe(path.join(dataRoot, "mdm-simulator", "ca.pem"));
    expect(output).toContain("iseapi / iseapi-secret");
    expect(output).toContain("noapi / noapi-secret");

    // The printed CA file is what a client must trust.
    const ca = readFileSync(caPath!, "utf8");
    const discovery = await request(`${apiUrl}/acme/ciscoise/mdminfo/?ise_api_version=3`, {
      ca,
      auth: ["iseapi", "iseapi-secret"],
    });
    expect(discovery.status).toBe(200);
    expect(apiRoot(discovery.body).api_path).toBe("/acme/ciscoise/mdmapi/v3");
    const health = await request(`${controlUrl}/health`);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok", instance: "acme" });

    const served = new X509Certificate(readFileSync(path.join(dataRoot, "mdm-simulator", "server.pem")));
    expect(served.subjectAltName).toContain("DNS:cli.example.test");
    expect(served.subjectAltName).toContain("DNS:env.example.test");

    await expect.poll(run.output).toMatch(/200 GET \/acme\/ciscoise\/mdminfo\/\?ise_api_version=3 user=iseapi \d+ms/);

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("MDM simulator stopped");
  });

  it("explains bad arguments and exits with status 2", async () => {
    const run = spawnMain(["--port", "http"], {});
    cleanup.push(() => run.child.kill("SIGKILL"));
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("--port must be a whole number");
    expect(run.output()).toContain("Usage: npm run mdm-sim");
    expect(run.output()).not.toContain("is running");
  });
});
