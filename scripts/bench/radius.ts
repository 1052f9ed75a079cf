/**
 * RADIUS benchmark (a script, not a test): MAB Access-Requests with Message-Authenticator, closed loop.
 *
 *   npx tsx scripts/bench/radius.ts [--seconds 5] [--inflight 128] [--macs 10000]
 *                                   [--cold-seconds 5] [--cold-inflight 256] [--latency 50] [--deadline 1500]
 *                                   [--no-freeradius] [--no-cold]
 *
 * 1. warm path: Gatehouse's engine (child process, pinned to CPU 0) with every MAC's compliance cached;
 * 2. the same workload against FreeRADIUS (Debian `freeradius`, pinned to CPU 0, started from a config this
 *    script generates: `files` keyed on Calling-Station-Id, the same tagged VLAN + Cisco-AVPair reply,
 *    Message-Authenticator required) — in the same run, so the ratio is meaningful;
 * 3. cold path: every request a MAC never seen, so each one is a live MDM query to the simulator (child
 *    process) answering after `--latency` ms; counts answers later than the engine's deadline.
 * The load generator (this process, CPU 1) keeps N requests in flight over ⌈N/256⌉ sockets, gives each
 * packet a fresh Request Authenticator and verifies every reply's Response Authenticator and
 * Message-Authenticator. Targets only 127.0.0.1 and stops by itself.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb, prepareDb } from "../../lib/db/client";
import { createNetworkDevice } from "../../lib/db/network-devices";
import { startEngine } from "../../lib/engine/engine";
import { addSimulatorMdmServer } from "../../lib/engine/mdm/testing";
import { decodePacket, encodeRequest, RadiusCode, verifyResponse } from "../../lib/engine/radius";
import { hmacMd5 } from "../../lib/engine/radius/crypto";
import { syntheticDevice, syntheticDeviceMac } from "../../lib/mdm-simulator/inventory";
import { SecretBox } from "../../lib/secret-box";
import {
  benchDbTarget,
  bundleEngineChild,
  deployBenchDb,
  freePort,
  freeradiusMainConfig,
  hasTaskset,
  HOST,
  pinned,
  processCpuSeconds,
  root,
  startSimulatorChild,
  stopChild,
  waitForLine,
} from "./support";

const SECRET = "bench-secret-0123456789";
const TOKEN = "bench-token-0123456789abcdef";

const { values: args } = parseArgs({
  options: {
    role: { type: "string", default: "bench" },
    "data-dir": { type: "string" },
    "key-b64": { type: "string" },
    seconds: { type: "string", default: "5" },
    inflight: { type: "string", default: "128" },
    macs: { type: "string", default: "10000" },
    "cold-seconds": { type: "string", default: "5" },
    "cold-inflight": { type: "string", default: "256" },
    latency: { type: "string", default: "50" },
    deadline: { type: "string", default: "1500" },
    "no-freeradius": { type: "boolean", default: false },
    "no-cold": { type: "boolean", default: false },
    "suppress-repeats": { type: "string", default: "60" },
  },
});

// ---------------------------------------------------------------------------------------------------
// Engine child: a real startEngine on a prepared SQLite database.

async function runEngineChild(): Promise<void> {
  const dataDir = args["data-dir"]!;
  const target = benchDbTarget(dataDir);
  const db = createDb(target);
  await prepareDb(db, target);
  const engine = await startEngine({
    db,
    dbTarget: target,
    control: { host: HOST, port: 0, token: TOKEN },
    secretBox: SecretBox.fromKey(Buffer.from(args["key-b64"]!, "base64")),
    radius: { host: HOST, authPort: 0, acctPort: 0 },
    mdmDeadlineMs: Number(args.deadline),
    suppressRepeatsSeconds: Number(args["suppress-repeats"]),
    log: (message) => process.stderr.write(`engine: ${message}\n`),
  });
  process.stdout.write(`READY ${engine.radius!.authPort} ${engine.controlPort}\n`);
  process.once("SIGTERM", () => {
    void engine
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------------
// Load generator.

interface LoadResult {
  label: string;
  sent: number;
  answered: number;
  accepts: number;
  rejects: number;
  lost: number;
  badReplies: number;
  missingMa: number;
  lateAnswers: number;
  seconds: number;
  /** CPU time over wall time during the run, 0..1 per core (NaN where unknown). */
  serverCpu: number;
  generatorCpu: number;
  p50: number;
  p99: number;
  max: number;
}

interface LoadOptions {
  label: string;
  port: number;
  inflight: number;
  seconds: number;
  /** MAC for the n-th request. */
  macFor: (n: number) => string;
  /** Stop after this many requests (each sent once), if set. */
  maxRequests?: number;
  /** Answers slower than this (ms) are counted as late. */
  lateMs?: number;
  /** The server's process, whose CPU use over the run is reported (Linux /proc). */
  serverPid?: number;
}

function dashed(mac: string): string {
  return mac.match(/../g)!.join("-");
}

// Request encoding for the load generator: each MAC's Access-Request is encoded once by the codec, then
// every send copies it and fills what must be fresh — Identifier, Request Authenticator, the hidden
// User-Password (RFC 2865 §5.2) and Message-Authenticator (RFC 3579 §3.2): three MD5s, no attribute encoding.
const SECRET_BYTES = Buffer.from(SECRET);

interface RequestTemplate {
  bytes: Buffer;
  passwordOffset: number;
  /** The password, NUL-padded to 16 octets. */
  password: Buffer;
  maOffset: number;
}

const templates = new Map<string, RequestTemplate>();

function templateFor(mac: string): RequestTemplate {
  let template = templates.get(mac);
  if (template) return template;
  const lower = mac.toLowerCase();
  const encoded = encodeRequest(
    {
      code: RadiusCode.AccessRequest,
      identifier: 0,
      attributes: [
        { name: "User-Name", value: lower },
        { name: "User-Password", value: lower },
        { name: "Calling-Station-Id", value: dashed(mac) },
        { name: "Service-Type", value: "Call-Check" },
        { name: "NAS-IP-Address", value: HOST },
        { name: "NAS-Port-Type", value: "Ethernet" },
      ],
    },
    SECRET_BYTES,
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  const bytes = encoded.bytes;
  const password = Buffer.alloc(16);
  password.write(lower);
  template = { bytes, password, passwordOffset: attributeOffset(bytes, 2) + 2, maOffset: attributeOffset(bytes, 80) + 2 };
  templates.set(mac, template);
  return template;
}

function attributeOffset(packet: Buffer, type: number): number {
  for (let offset = 20; offset < packet.length; offset += packet[offset + 1]!) if (packet[offset] === type) return offset;
  throw new Error(`attribute ${type} missing from the request template`);
}

let randomPool: Buffer = Buffer.alloc(0);
let randomOffset = 0;
const passwordKey = Buffer.alloc(SECRET_BYTES.length + 16);
SECRET_BYTES.copy(passwordKey);

/** A fresh packet from the template; `authenticator` receives its Request Authenticator. */
function fillRequest(template: RequestTemplate, identifier: number, authenticator: Buffer): Buffer {
  const packet = Buffer.allocUnsafe(template.bytes.length);
  template.bytes.copy(packet);
  packet[1] = identifier;
  if (randomOffset + 16 > randomPool.length) {
    randomPool = crypto.randomBytes(64 * 1024);
    randomOffset = 0;
  }
  randomPool.copy(packet, 4, randomOffset, randomOffset + 16);
  randomOffset += 16;
  packet.copy(authenticator, 0, 4, 20);
  // User-Password: p XOR MD5(secret + Request Authenticator) for a password of one 16-octet block.
  authenticator.copy(passwordKey, SECRET_BYTES.length);
  const pad = crypto.hash("md5", passwordKey, "buffer");
  for (let i = 0; i < 16; i += 1) packet[template.passwordOffset + i] = template.password[i]! ^ pad[i]!;
  packet.fill(0, template.maOffset, template.maOffset + 16);
  hmacMd5(SECRET_BYTES, packet).copy(packet, template.maOffset);
  return packet;
}

/** RFC 2865 §3: MD5(Code + Identifier + Length + Request Authenticator + Attributes + Secret). */
function responseAuthenticatorOk(reply: Buffer, requestAuthenticator: Buffer): boolean {
  const length = reply.readUInt16BE(2);
  if (length !== reply.length || length < 20) return false;
  const work = Buffer.allocUnsafe(length + SECRET_BYTES.length);
  reply.copy(work);
  requestAuthenticator.copy(work, 4);
  SECRET_BYTES.copy(work, length);
  return crypto.hash("md5", work, "buffer").equals(reply.subarray(4, 20));
}

function hasMessageAuthenticator(packet: Buffer): boolean {
  for (let offset = 20; offset + 1 < packet.length && packet[offset + 1]! >= 2; offset += packet[offset + 1]!) {
    if (packet[offset] === 80) return true;
  }
  return false;
}

async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const socketCount = Math.ceil(options.inflight / 256);
  const sockets: dgram.Socket[] = [];
  type Slot = { sentAt: number; authenticator: Buffer; identifier: number; socket: number; busy: boolean };
  const slots: Slot[] = [];
  const latencies: number[] = [];
  let sent = 0;
  let answered = 0;
  let accepts = 0;
  let rejects = 0;
  let lost = 0;
  let badReplies = 0;
  let missingMa = 0;
  let lateAnswers = 0;
  let running = true;
  const lateMs = options.lateMs ?? Infinity;

  for (let s = 0; s < socketCount; s += 1) {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024);
    } catch {
      // capped by the kernel
    }
    sockets.push(socket);
  }
  for (let i = 0; i < options.inflight; i += 1) {
    slots.push({ sentAt: 0, authenticator: Buffer.alloc(16), identifier: i % 256, socket: Math.floor(i / 256), busy: false });
  }

  const sendOn = (slotIndex: number) => {
    const slot = slots[slotIndex]!;
    if (!running || (options.maxRequests !== undefined && sent >= options.maxRequests)) {
      slot.busy = false;
      return;
    }
    const packet = fillRequest(templateFor(options.macFor(sent)), slot.identifier, slot.authenticator);
    slot.sentAt = performance.now();
    slot.busy = true;
    sent += 1;
    sockets[slot.socket]!.send(packet, options.port, HOST);
  };

  sockets.forEach((socket, socketIndex) => {
    socket.on("message", (message) => {
      const identifier = message[1] ?? 0;
      const slotIndex = socketIndex * 256 + identifier;
      const slot = slots[slotIndex];
      if (!slot?.busy) return;
      // Every reply: code, length and Response Authenticator (RFC 2865 §3), Message-Authenticator present.
      // Every 8th also gets the codec's full decode and verification, Message-Authenticator included
      // (a benchmark, not a conformance test: the tests verify every one) — so the generator, which has one
      // core like the server, stays cheaper per request than the servers it measures.
      const code = message[0];
      if (
        (code !== RadiusCode.AccessAccept && code !== RadiusCode.AccessReject) ||
        !responseAuthenticatorOk(message, slot.authenticator)
      ) {
        badReplies += 1;
        return;
      }
      if ((answered & 7) === 0) {
        const decoded = decodePacket(message);
        const request = { code: RadiusCode.AccessRequest, identifier: slot.identifier, authenticator: slot.authenticator };
        if (!decoded.ok || !verifyResponse(decoded.packet, request, SECRET_BYTES, { requireMessageAuthenticator: true }).ok) {
          badReplies += 1;
          return;
        }
      }
      if (!hasMessageAuthenticator(message)) missingMa += 1;
      const latency = performance.now() - slot.sentAt;
      latencies.push(latency);
      if (latency > lateMs) lateAnswers += 1;
      answered += 1;
      if (code === RadiusCode.AccessAccept) accepts += 1;
      else rejects += 1;
      sendOn(slotIndex);
    });
  });

  const started = performance.now();
  const serverCpuAtStart = processCpuSeconds(options.serverPid);
  const generatorCpuAtStart = process.cpuUsage();
  // Requests unanswered after 3 s are counted lost and the slot moves on.
  const reaper = setInterval(() => {
    const now = performance.now();
    slots.forEach((slot, index) => {
      if (slot.busy && now - slot.sentAt > 3000) {
        lost += 1;
        sendOn(index);
      }
    });
  }, 250);
  for (let i = 0; i < options.inflight; i += 1) sendOn(i);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      const elapsed = performance.now() - started;
      const allSent = options.maxRequests !== undefined && sent >= options.maxRequests;
      if (elapsed >= options.seconds * 1000 || (allSent && !slots.some((slot) => slot.busy)) || elapsed > 120_000) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  running = false;
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = (processCpuSeconds(options.serverPid) - serverCpuAtStart) / seconds;
  const generatorUsage = process.cpuUsage(generatorCpuAtStart);
  const generatorCpu = (generatorUsage.user + generatorUsage.system) / 1e6 / seconds;
  clearInterval(reaper);
  // Let stragglers land so late answers are counted, then close.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const socket of sockets) socket.close();
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return {
    label: options.label,
    sent,
    answered,
    accepts,
    rejects,
    lost,
    badReplies,
    missingMa,
    lateAnswers,
    seconds,
    serverCpu,
    generatorCpu,
    p50: pct(50),
    p99: pct(99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

function report(result: LoadResult): void {
  const rate = result.answered / result.seconds;
  console.log(
    `${result.label.padEnd(34)} ${rate.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(7)} ms   p99 ${result.p99
      .toFixed(2)
      .padStart(7)} ms   max ${result.max.toFixed(1).padStart(7)} ms   answered ${result.answered}/${result.sent}  accept ${
      result.accepts
    } reject ${result.rejects}  lost ${result.lost}  bad ${result.badReplies}  no-MA ${result.missingMa}${
      Number.isFinite(result.lateAnswers) && result.lateAnswers ? `  LATE ${result.lateAnswers}` : ""
    }${
      Number.isFinite(result.serverCpu)
        ? `  CPU server ${(100 * result.serverCpu).toFixed(0)}% (${((1e6 * result.serverCpu * result.seconds) / Math.max(1, result.answered)).toFixed(0)} µs/req)`
        : ""
    } generator ${(100 * result.generatorCpu).toFixed(0)}%`,
  );
}

// ---------------------------------------------------------------------------------------------------
// FreeRADIUS from a generated configuration.

function freeradiusBinary(): string | undefined {
  for (const candidate of ["/usr/sbin/freeradius", "/usr/sbin/radiusd"]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

function writeFreeradiusConfig(dir: string, port: number, macs: string[]): void {
  const conf = `${freeradiusMainConfig(dir, SECRET)}modules {
  files {
    filename = ${dir}/mab-users
    key = "%{Calling-Station-Id}"
  }
}
server bench {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${port}
  }
  authorize {
    files
  }
  authenticate {
  }
  post-auth {
  }
}
`;
  fs.writeFileSync(path.join(dir, "radiusd.conf"), conf);
  // The engine's reply for a compliant device in this benchmark: tagged VLAN 10 + the CORP dACL AVPair,
  // Message-Authenticator (FreeRADIUS 3.2.1 does not add one by itself).
  const users = macs
    .map(
      (mac) =>
        `"${dashed(mac)}" Auth-Type := Accept\n\tMessage-Authenticator = 0x00,\n\tTunnel-Type:1 = VLAN,\n\tTunnel-Medium-Type:1 = IEEE-802,\n\tTunnel-Private-Group-Id:1 = "10",\n\tCisco-AVPair = "ACS:CiscoSecure-Defined-ACL=CORP"\n`,
    )
    .join("\n");
  fs.writeFileSync(path.join(dir, "mab-users"), users);
}

async function startFreeradius(dir: string, macs: string[]): Promise<{ port: number; child: ChildProcess }> {
  const binary = freeradiusBinary();
  if (!binary) throw new Error("FreeRADIUS is not installed (Debian: sudo apt-get install -y freeradius)");
  const port = await freePort("udp");
  writeFreeradiusConfig(dir, port, macs);
  const [command, argv] = pinned(0, binary, ["-f", "-l", "stdout", "-d", dir, "-n", "radiusd"]);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.resume();
  await waitForLine(child, /Ready to process requests/, "FreeRADIUS", 30_000);
  return { port, child };
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (args.role === "engine") return runEngineChild();
  const seconds = Number(args.seconds);
  const inflight = Number(args.inflight);
  const macCount = Number(args.macs);
  const coldSeconds = Number(args["cold-seconds"]);
  const coldInflight = Number(args["cold-inflight"]);
  const latencyMs = Number(args.latency);
  const deadlineMs = Number(args.deadline);
  if (hasTaskset) execFileSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  console.log(
    `RADIUS benchmark: MAB + Message-Authenticator, ${inflight} in flight, ${macCount} MACs, ${seconds} s per run; ${os.cpus().length} CPUs${hasTaskset ? " (servers on CPU 0, load generator on CPU 1)" : ""}`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-radius-"));
  const children: ChildProcess[] = [];
  try {
    // Simulator: warm MACs are synthetic devices 0..macs-1, cold ones follow. Compliant ones only for the warm set.
    const coldPool = Math.max(50_000, Math.ceil(coldSeconds * 6000));
    const sim = await startSimulatorChild({ devices: macCount + coldPool, dataDir: path.join(dir, "sim") });
    children.push(sim.child);
    const setLatency = (ms: number) =>
      fetch(`http://${HOST}:${sim.controlPort}/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ latencyMs: ms, jitterMs: 0 }),
      });
    // Synthetic devices are a pure function of their index: pick the registered, compliant ones.
    const now = Date.now();
    const warmMacs: string[] = [];
    for (let i = 0; warmMacs.length < macCount && i < macCount + coldPool; i += 1) {
      const device = syntheticDevice(i, now);
      if (device.registered && device.compliant) warmMacs.push(syntheticDeviceMac(i));
    }
    const warmSet = new Set(warmMacs);
    const coldMacs: string[] = [];
    for (let i = 0; i < macCount + coldPool; i += 1) {
      const mac = syntheticDeviceMac(i);
      if (!warmSet.has(mac)) coldMacs.push(mac);
    }

    // Database: migrations, the NAD, the simulator as MDM server, its CA trusted.
    const dataDir = path.join(dir, "engine");
    const key = crypto.randomBytes(32);
    const box = SecretBox.fromKey(key);
    const { db } = await deployBenchDb(dataDir);
    // Same reply as the FreeRADIUS side: VLAN 10 + dACL CORP.
    await db.authorizationProfile.update({ where: { name: "Corporate Access" }, data: { dacl: "CORP" } });
    await addSimulatorMdmServer(db, box, {
      caPem: sim.caPem,
      host: HOST,
      port: sim.port,
      apiVersion: 2,
      redirectUrl: `https://${HOST}:${sim.port}/enroll`,
      actor: "bench",
    });
    await createNetworkDevice(
      db,
      box,
      { name: "Bench", address: HOST, secret: SECRET, vendorProfile: "cisco", coaPort: 3799, requireMessageAuthenticator: true },
      "bench",
    );
    await db.$disconnect();

    const [command, argv] = pinned(0, process.execPath, [
      ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF_DIR] : []),
      await bundleEngineChild(fileURLToPath(import.meta.url), "radius-engine"),
      "--role",
      "engine",
      "--data-dir",
      dataDir,
      "--key-b64",
      key.toString("base64"),
      "--deadline",
      String(deadlineMs),
      "--suppress-repeats",
      String(args["suppress-repeats"]),
    ]);
    const engine = spawn(command, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.push(engine);
    let engineLog = "";
    engine.stderr?.on("data", (chunk: Buffer) => (engineLog = (engineLog + chunk.toString()).slice(-4000)));
    const ready = await waitForLine(engine, /READY (\d+) (\d+)/, "engine").catch((error: Error) => {
      throw new Error(`${error.message}\n${engineLog}`);
    });
    const authPort = Number(ready[1]);
    const controlPort = Number(ready[2]);
    const metric = async (name: string) => {
      const text = await (
        await fetch(`http://${HOST}:${controlPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      return text
        .split("\n")
        .filter((line) => line.startsWith(name))
        .join("; ");
    };

    // Fill the compliance cache: every warm MAC once (live lookups, no simulator latency).
    await setLatency(0);
    const fill = await runLoad({
      label: "fill cache (live lookups)",
      port: authPort,
      inflight: 64,
      seconds: 120,
      macFor: (n) => warmMacs[n % warmMacs.length]!,
      maxRequests: warmMacs.length,
    });
    report(fill);

    // Short warm-up of the JIT, then the measured runs.
    await runLoad({ label: "warm-up", port: authPort, inflight, seconds: 1, macFor: (n) => warmMacs[n % warmMacs.length]! });
    const warm = await runLoad({
      label: "Gatehouse warm (cache hit)",
      port: authPort,
      serverPid: engine.pid,
      inflight,
      seconds,
      macFor: (n) => warmMacs[(n * 7919) % warmMacs.length]!,
    });
    report(warm);

    let freeradius: LoadResult | undefined;
    if (!args["no-freeradius"]) {
      const fr = await startFreeradius(path.join(dir, "freeradius"), warmMacs);
      children.push(fr.child);
      await runLoad({ label: "warm-up", port: fr.port, inflight, seconds: 1, macFor: (n) => warmMacs[n % warmMacs.length]! });
      freeradius = await runLoad({
        label: "FreeRADIUS (files, same reply)",
        port: fr.port,
        serverPid: fr.child.pid,
        inflight,
        seconds,
        macFor: (n) => warmMacs[(n * 7919) % warmMacs.length]!,
      });
      report(freeradius);
      await stopChild(fr.child);
      const ratio = warm.answered / warm.seconds / (freeradius.answered / freeradius.seconds);
      console.log(`warm path ratio Gatehouse / FreeRADIUS: ${ratio.toFixed(2)}× (target ≥ 1.0×)`);
    }

    let cold: LoadResult | undefined;
    if (!args["no-cold"]) {
      await setLatency(latencyMs);
      cold = await runLoad({
        label: `Gatehouse cold (MDM ${latencyMs} ms)`,
        port: authPort,
        serverPid: engine.pid,
        inflight: coldInflight,
        seconds: coldSeconds,
        macFor: (n) => coldMacs[n % coldMacs.length]!,
        lateMs: deadlineMs + 50,
      });
      report(cold);
      console.log(
        `cold path: ${(cold.answered / cold.seconds).toFixed(0)} auth/s (target ≥ 2000), answers later than the ${deadlineMs} ms deadline + 50 ms: ${cold.lateAnswers} (target 0), lost: ${cold.lost}`,
      );
    }
    console.log(`engine ${await metric("gatehouse_mdm_lookups_total")}`);
    console.log(`engine ${await metric("gatehouse_events_")}`);
    console.log(`engine ${await metric("gatehouse_radius_drops_total")}`);
    if (engineLog.includes("failed")) console.log(`engine log:\n${engineLog}`);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
