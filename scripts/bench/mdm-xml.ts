/**
 * Benchmark of the MDM answer XML readers (a script, not a test).
 *
 *   npx tsx scripts/bench/mdm-xml.ts [--seconds 2] [--page 1000] [--dialect cisco|intune]
 *
 * Renders real answers with the MDM simulator's own API handler (in process, no sockets): a one-device
 * MAC lookup and a bulk compliance page of `--page` devices, API v3. Then times, on each:
 *   - fast-xml-parser: XMLValidator.validate + XMLParser.parse, configured as parser.ts used to;
 *   - readXml (lib/engine/mdm/xml.ts), which replaced it;
 *   - parseDeviceList end to end (readXml + mapping to MdmDevice), for context.
 * Prints CPU µs per one-device answer and CPU ms per page, and the speed-up.
 */
import { parseArgs } from "node:util";
import { parseDeviceList } from "../../lib/engine/mdm/parser";
import { legacyReadXml } from "../../lib/engine/mdm/testing";
import { readXml } from "../../lib/engine/mdm/xml";
import { DeviceStore } from "../../lib/mdm-simulator/device-store";
import { handleIseApiRequest, type IseApiContext } from "../../lib/mdm-simulator/ise-api";
import { syntheticInventory } from "../../lib/mdm-simulator/inventory";
import { DEFAULT_FAULTS } from "../../lib/mdm-simulator/faults";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "2" },
    page: { type: "string", default: "1000" },
    dialect: { type: "string", default: "cisco" },
  },
});
const seconds = Number(args.seconds);
const pageSize = Number(args.page);
const dialect = args.dialect === "intune" ? "intune" : "cisco";

/** fast-xml-parser as parser.ts used it before readXml replaced it (lib/engine/mdm/testing.ts). */
function fastXmlParser(xml: string): unknown {
  const tree = legacyReadXml(xml);
  if (tree === undefined) throw new Error("fast-xml-parser: not well-formed");
  return tree;
}

const devices = syntheticInventory(Math.max(pageSize * 12, 2000), 1_750_000_000_000);
const context: IseApiContext = {
  store: new DeviceStore(devices, { adopt: true }),
  accounts: [{ username: "bench", password: "bench", hasApiRole: true }],
  instance: null,
  maxApiVersion: 3,
  queryMaxSize: pageSize,
  vendor: "Gatehouse",
  productName: "MDM Simulator",
  productVersion: "1.0.0",
  defaultOrigin: "https://127.0.0.1:9443",
  faults: () => ({ ...DEFAULT_FAULTS, dialect }),
  now: () => 1_750_000_000_000,
};

function answer(query: string): string {
  const response = handleIseApiRequest(
    {
      method: "GET",
      url: `/ciscoise/mdmapi/v3/devices/?paging=0&${query}`,
      authorization: `Basic ${Buffer.from("bench:bench").toString("base64")}`,
      body: "",
    },
    context,
  );
  if (response.status !== 200) throw new Error(`simulator answered ${response.status}: ${response.body}`);
  return response.body;
}

const oneDevice = answer(`querycriteria=macaddress&value=${devices[5]?.macaddress ?? ""}`);
const page = answer("querycriteria=compliance&value=true");
const pageDevices = parseDeviceList(page).devices.length;

/** This process's CPU time in ms (user + system): other load on a shared machine does not inflate it. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Mean CPU time per call in ms, over `seconds` of CPU after a warm-up of a quarter of that. */
function time(fn: () => unknown): number {
  const run = (budgetMs: number): number => {
    let calls = 0;
    const start = cpuMs();
    let elapsed = 0;
    while (elapsed < budgetMs) {
      for (let i = 0; i < 4; i++) fn();
      calls += 4;
      elapsed = cpuMs() - start;
    }
    return elapsed / calls;
  };
  run((seconds * 1000) / 4);
  return run(seconds * 1000);
}

const rows: [string, string, string][] = [];
for (const [label, xml, unit, scale] of [
  [`one-device answer (${oneDevice.length} chars)`, oneDevice, "µs", 1000],
  [`${pageDevices}-device page (${Math.round(page.length / 1024)} KiB)`, page, "ms", 1],
] as const) {
  const before = time(() => fastXmlParser(xml)) * scale;
  const after = time(() => readXml(xml)) * scale;
  const endToEnd = time(() => parseDeviceList(xml)) * scale;
  rows.push([
    label,
    `fast-xml-parser ${before.toFixed(unit === "µs" ? 1 : 2)} ${unit}  readXml ${after.toFixed(unit === "µs" ? 1 : 2)} ${unit}`,
    `×${(before / after).toFixed(1)}  (parseDeviceList ${endToEnd.toFixed(unit === "µs" ? 1 : 2)} ${unit})`,
  ]);
}
console.log(`MDM answer XML readers, dialect ${dialect}, node ${process.version}`);
for (const [label, times, ratio] of rows) console.log(`${label.padEnd(34)} ${times.padEnd(52)} ${ratio}`);
