/**
 * `npm run mdm-sim`: runs the MDM simulator until SIGTERM / SIGINT.
 *
 *   --port N            HTTPS port of the ISE MDM API   (env MDM_SIM_PORT, default 9443)
 *   --control-port N    loopback control API port        (env MDM_SIM_CONTROL_PORT, default 9444)
 *   --host ADDRESS      address to bind the API to       (default 127.0.0.1)
 *   --data-dir DIR      replaces DATA_DIR                (env DATA_DIR, default ./data); the simulator
 *                       keeps its CA and certificates in <DIR>/mdm-simulator/
 *   --hostname NAME     extra certificate name, repeatable (env MDM_SIM_HOSTNAMES, comma separated)
 *   --instance NAME     serve every path under /NAME (multi-tenant instance name)
 *   --inventory FILE    devices from a JSON file ({ "devices": [...] }) instead of the bundled inventory
 *   --devices N         N synthetic devices instead (up to 16 777 215)
 *   --max-api-version N highest ISE MDM API version offered (1-3, default 3)
 *   --query-max-size N  devices per page (default 500)
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadInventoryFile } from "./inventory";
import { DEFAULT_ACCOUNTS, startMdmSimulator } from "./server";
import type { SimDevice, SimRequestLog, SimulatorOptions } from "./types";

const USAGE = `Usage: npm run mdm-sim -- [--port 9443] [--control-port 9444] [--host 127.0.0.1]
  [--data-dir DIR] [--hostname NAME]... [--instance NAME] [--inventory FILE | --devices N]
  [--max-api-version 1|2|3] [--query-max-size N]
Environment: DATA_DIR, MDM_SIM_PORT, MDM_SIM_CONTROL_PORT, MDM_SIM_HOSTNAMES (comma separated)`;

class UsageError extends Error {}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${name} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

function buildOptions(argv: string[], env: NodeJS.ProcessEnv): SimulatorOptions & { source: string } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      "control-port": { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      hostname: { type: "string", multiple: true },
      instance: { type: "string" },
      inventory: { type: "string" },
      devices: { type: "string" },
      "max-api-version": { type: "string" },
      "query-max-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) throw new UsageError("");
  if (values.inventory !== undefined && values.devices !== undefined) {
    throw new UsageError("--inventory and --devices are alternatives; give one");
  }

  const dataRoot = values["data-dir"] ?? env.DATA_DIR ?? "./data";
  const envHostnames = (env.MDM_SIM_HOSTNAMES ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  let devices: SimDevice[] | undefined;
  let source = "bundled inventory";
  if (values.inventory !== undefined) {
    devices = loadInventoryFile(values.inventory);
    source = path.resolve(values.inventory);
  }
  const syntheticDevices = values.devices === undefined ? undefined : integer("--devices", values.devices, 0, 0, 0xffffff);
  if (syntheticDevices !== undefined) source = "synthetic";

  return {
    dataDir: path.resolve(dataRoot, "mdm-simulator"),
    host: values.host ?? "127.0.0.1",
    port: integer("--port", values.port ?? env.MDM_SIM_PORT, 9443, 0, 65_535),
    controlPort: integer("--control-port", values["control-port"] ?? env.MDM_SIM_CONTROL_PORT, 9444, 0, 65_535),
    instance: values.instance ?? null,
    extraHostnames: [...envHostnames, ...(values.hostname ?? [])],
    maxApiVersion: integer("--max-api-version", values["max-api-version"], 3, 1, 3) as 1 | 2 | 3,
    queryMaxSize: integer("--query-max-size", values["query-max-size"], 500, 1, 100_000),
    ...(devices ? { devices } : {}),
    ...(syntheticDevices !== undefined ? { syntheticDevices } : {}),
    source,
  };
}

function logLine(entry: SimRequestLog): string {
  const status = entry.status === 0 ? "---" : String(entry.status);
  return `${new Date().toISOString()} ${status} ${entry.method} ${entry.path} user=${entry.user ?? "-"} ${entry.latencyMs}ms`;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof buildOptions>;
  try {
    options = buildOptions(process.argv.slice(2), process.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message) console.error(`mdm-sim: ${message}`);
    console.error(USAGE);
    process.exitCode = error instanceof UsageError && !message ? 0 : 2;
    return;
  }

  const { source, ...simulatorOptions } = options;
  const simulator = await startMdmSimulator({ ...simulatorOptions, log: (entry) => console.log(logLine(entry)) });
  const prefix = simulatorOptions.instance ? `/${simulatorOptions.instance}` : "";
  const deviceCount = simulator.devices().length;
  console.log(
    [
      "Gatehouse MDM simulator is running",
      `  ISE MDM API     ${simulator.baseUrl}${prefix}  (discovery: ${simulator.baseUrl}${prefix}/ciscoise/mdminfo/?ise_api_version=3)`,
      `  Control API     http://127.0.0.1:${simulator.controlPort}  (GET /health, /devices, /faults, /log, /device-ca; POST /devices/<mac|guid>/certificate)`,
      `  Instance        ${simulatorOptions.instance ?? "(none)"}`,
      `  Devices         ${deviceCount} (${source})`,
      `  Accounts        ${DEFAULT_ACCOUNTS.map((a) => `${a.username} / ${a.password} (${a.hasApiRole ? "API role" : "no API role: 403"})`).join(", ")}`,
      `  CA certificate  ${simulator.caCertPath}`,
      "                  import it into Gatehouse's trusted certificates so the engine trusts the simulator",
      `  Device CA       ${simulator.deviceCaCertPath}`,
      "                  signs device identity certificates (EAP-TLS); trust it for client authentication",
    ].join("\n"),
  );

  let isStopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (isStopping) return;
    isStopping = true;
    console.log(`${signal} received, stopping`);
    simulator.close().then(
      () => console.log("MDM simulator stopped"),
      (error: unknown) => {
        console.error(`mdm-sim: error while stopping: ${String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`mdm-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
