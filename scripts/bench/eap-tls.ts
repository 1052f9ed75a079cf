/**
 * EAP-TLS benchmark (a script, not a test): full handshakes per second, Gatehouse's engine vs FreeRADIUS.
 *
 *   npx tsx scripts/bench/eap-tls.ts [--seconds 10] [--concurrency 16] [--tls 1.2,1.3] [--rounds 2]
 *                                    [--fragment 1024] [--client-key rsa-2048|ecdsa-p256] [--resume]
 *                                    [--warmup 5] [--no-freeradius] [--no-eapol]
 *
 * The same certificates (an RSA 2048 EAP server certificate, device certificates from one test CA, made here
 * with lib/engine/pki), the same fragment size and the same load against both servers: an in-process EAP-TLS
 * peer (eap-peer.ts: RADIUS over node:dgram, node:tls client) keeping `--concurrency` conversations going back
 * to back, each one a full handshake (no resumption unless `--resume`), every reply verified and every
 * Access-Accept's MS-MPPE keys checked against the MSK the client derives. The engine (child process, bundled
 * as it ships) and FreeRADIUS (Debian `freeradius`, from a generated configuration with the `eap` module)
 * run pinned to CPU 0, this process on CPU 1; both processes' CPU use is printed, so a run limited by the load
 * generator says so. Before the measured runs, one `eapol_test` handshake per server and TLS version proves a
 * real supplicant works too. Targets only 127.0.0.1 and stops by itself.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb, prepareDb } from "../../lib/db/client";
import { createNetworkDevice } from "../../lib/db/network-devices";
import { generateSelfSignedSystemCertificate, getEapServerCredentials } from "../../lib/db/system-certificates";
import { addTrustedCertificate } from "../../lib/db/trusted-certificates";
import { startEngine } from "../../lib/engine/engine";
import { createCertificateAuthority, issueCertificate } from "../../lib/engine/pki/issue";
import { SecretBox } from "../../lib/secret-box";
import { EapTlsPeer, percentile, runLoad, type LoadResult, type TlsVersion } from "./eap-peer";
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
  stopChild,
  waitForLine,
} from "./support";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    tls: { type: "string", default: "1.2,1.3" },
    rounds: { type: "string", default: "2" },
    fragment: { type: "string", default: "1024" },
    "client-key": { type: "string", default: "rsa-2048" },
    resume: { type: "boolean", default: false },
    warmup: { type: "string", default: "5" },
    "no-freeradius": { type: "boolean", default: false },
    "no-eapol": { type: "boolean", default: false },
    role: { type: "string" },
    "data-dir": { type: "string" },
    "key-b64": { type: "string" },
  },
});

const SECRET = "bench-eap-secret";
const TOKEN = "bench-eap-token-0123456789abcdef";
const GUID = "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f";

// ---------------------------------------------------------------------------------------------------
// Engine child: a real startEngine on a prepared SQLite database, as the product runs it (repeat
// suppression of the Live Log at its default of 60 s).

async function runEngineChild(): Promise<void> {
  const target = benchDbTarget(args["data-dir"]!);
  const db = createDb(target);
  await prepareDb(db, target);
  const engine = await startEngine({
    db,
    dbTarget: target,
    control: { host: HOST, port: 0, token: TOKEN },
    secretBox: SecretBox.fromKey(Buffer.from(args["key-b64"]!, "base64")),
    radius: { host: HOST, authPort: 0, acctPort: 0 },
    suppressRepeatsSeconds: 60,
    eap: { fragmentSize: Number(args.fragment) },
    log: (message) => process.stderr.write(`engine: ${message}\n`),
  });
  process.stdout.write(`READY ${engine.radius!.authPort}\n`);
  process.once("SIGTERM", () => {
    void engine
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------------
// FreeRADIUS from a generated configuration: TLS 1.2 and 1.3 both allowed (the peer picks), the same
// fragment size, no session cache (FreeRADIUS's default) unless --resume.

interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function writeFreeradiusConfig(dir: string, port: number, pki: Pki): void {
  fs.mkdirSync(path.join(dir, "tlscache"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "radiusd.conf"),
    `${freeradiusMainConfig(dir, SECRET)}modules {
  eap {
    default_eap_type = tls
    timer_expire = 60
    max_sessions = 4096
    tls-config tls-common {
      private_key_file = ${pki.serverKey}
      certificate_file = ${pki.serverCert}
      ca_file = ${pki.caCert}
      fragment_size = ${Number(args.fragment)}
      tls_min_version = "1.2"
      tls_max_version = "1.3"
      # As Debian ships it: OpenSSL's default groups (X25519 first, as the engine), no HelloRetryRequest.
      ecdh_curve = ""
      cache {
        enable = ${args.resume ? "yes" : "no"}
        lifetime = 1
        max_entries = 10000
        # FreeRADIUS 3.2 keeps resumable sessions only in files (two per session), named after the cache.
        name = "bench"
        persist_dir = "${dir}/tlscache"
      }
    }
    tls {
      tls = tls-common
    }
  }
}
server bench {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${port}
  }
  authorize {
    eap
  }
  authenticate {
    eap
  }
  post-auth {
  }
}
`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Measurement.

interface Server {
  label: string;
  port: number;
  pid: number | undefined;
}

interface Measured {
  result: LoadResult;
  /** CPU seconds used during the window. */
  serverCpu: number;
  generatorCpu: number;
}

async function measure(server: Server, peer: EapTlsPeer, seconds: number): Promise<Measured> {
  let serverStart = NaN;
  let serverCpu = NaN;
  let generatorStart = process.cpuUsage();
  let generatorCpu = NaN;
  const result = await runLoad({
    peer,
    concurrency: Number(args.concurrency),
    seconds,
    resume: args.resume,
    onWindow: (edge) => {
      if (edge === "start") {
        serverStart = processCpuSeconds(server.pid);
        generatorStart = process.cpuUsage();
      } else {
        serverCpu = processCpuSeconds(server.pid) - serverStart;
        const usage = process.cpuUsage(generatorStart);
        generatorCpu = (usage.user + usage.system) / 1e6;
      }
    },
  });
  return { result, serverCpu, generatorCpu };
}

/** Prints one run; returns whether the load generator, not the server, was the limit. */
function report(label: string, { result, serverCpu, generatorCpu }: Measured): boolean {
  const rate = result.ok / result.seconds;
  const perHandshake = (cpu: number) => (result.ok ? ((1e6 * cpu) / result.ok).toFixed(0) : "–");
  const share = (cpu: number) => `${((100 * cpu) / result.seconds).toFixed(0)}%`;
  const p50 = percentile(result.latencies, 50).toFixed(1);
  const p99 = percentile(result.latencies, 99).toFixed(1);
  const roundTrips = (result.roundTrips / Math.max(1, result.ok + result.failed)).toFixed(1);
  console.log(
    [
      `${label.padEnd(30)} ${rate.toFixed(1).padStart(7)} handshakes/s`,
      `p50 ${p50.padStart(6)} ms  p99 ${p99.padStart(6)} ms`,
      `ok ${result.ok} failed ${result.failed}${args.resume ? ` resumed ${result.resumed}` : ""}${result.retransmits ? ` retransmits ${result.retransmits}` : ""}`,
      `${roundTrips} round trips each`,
      `CPU server ${share(serverCpu)} (${perHandshake(serverCpu)} µs/handshake), generator ${share(generatorCpu)} (${perHandshake(generatorCpu)} µs/handshake)`,
    ].join("  "),
  );
  const indent = "".padEnd(31);
  console.log(`${indent}negotiated: ${[...result.ciphers].join(", ")}`);
  for (const [kind, { count, message }] of result.failures) console.log(`${indent}failed ${count}× ${kind}: ${message}`);
  // The closed loop keeps every conversation busy, so one side is saturated: say which.
  const generatorLimited = generatorCpu / result.seconds > 0.9 && serverCpu / result.seconds < 0.9;
  if (generatorLimited) {
    console.log(`${indent}! the load generator was the limit (server CPU below 90 %): compare the µs/handshake figures`);
  }
  return generatorLimited;
}

/** One eapol_test handshake: SUCCESS and "MPPE keys OK" (the supplicant compares its MSK with the Accept's keys). */
function eapolSanity(label: string, port: number, conf: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("eapol_test", ["-c", conf, "-a", HOST, "-p", String(port), "-s", SECRET, "-t", "10"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", () => resolve(false));
    child.on("close", () => {
      const ok = /\nSUCCESS\s*$/.test(output) && /MPPE keys OK: 1/.test(output);
      console.log(`eapol_test ${label.padEnd(36)} ${ok ? "SUCCESS, MPPE keys OK" : `FAILED:\n${output.slice(-1500)}`}`);
      resolve(ok);
    });
  });
}

function loadNote(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (args.role === "engine") return runEngineChild();
  const versions = args.tls.split(",").map((v): TlsVersion => {
    if (v.trim() === "1.2") return "TLSv1.2";
    if (v.trim() === "1.3") return "TLSv1.3";
    throw new Error(`--tls takes 1.2, 1.3 or both ("1.2,1.3"), not "${v}"`);
  });
  const clientKey = args["client-key"];
  if (clientKey !== "rsa-2048" && clientKey !== "ecdsa-p256") throw new Error("--client-key is rsa-2048 or ecdsa-p256");
  const seconds = Number(args.seconds);
  const rounds = Number(args.rounds);
  const fragment = Number(args.fragment);
  if (hasTaskset) execFileSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  console.log(
    `EAP-TLS benchmark: ${args.resume ? "resumed" : "full"} handshakes, RSA 2048 server certificate, ${clientKey} client certificate, fragments of ${fragment}, ${args.concurrency} conversations in a closed loop, ${seconds} s per run; ${os.cpus().length} CPUs${hasTaskset ? " (servers on CPU 0, load generator on CPU 1)" : ""}; load average ${loadNote()}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-eap-"));
  const children: ChildProcess[] = [];
  try {
    const key = crypto.randomBytes(32);
    const box = SecretBox.fromKey(key);
    const dataDir = path.join(dir, "data");
    const { db } = await deployBenchDb(dataDir);
    const ca = await createCertificateAuthority({ commonName: "Bench Device CA", keyAlgorithm: "rsa-2048" });
    const device = await issueCertificate({
      issuer: ca,
      commonName: "bench-device",
      profile: "client",
      keyAlgorithm: clientKey,
      uris: [`ID:Mobileiron:GUID:${GUID}`],
    });
    await generateSelfSignedSystemCertificate(
      db,
      box,
      { commonName: "bench-eap", keyAlgorithm: "rsa-2048", useForEap: true },
      "bench",
    );
    await addTrustedCertificate(
      db,
      { pem: ca.certificatePem, friendlyName: "Bench CA", trustForMdm: false, trustForClientAuth: true },
      "bench",
    );
    await createNetworkDevice(
      db,
      box,
      { name: "bench", address: HOST, vendorProfile: "cisco", coaPort: 3799, requireMessageAuthenticator: true, secret: SECRET },
      "bench",
    );
    const server = (await getEapServerCredentials(db, box))!;
    await db.$disconnect();
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text, { mode: 0o600 });
      return file;
    };
    const pki: Pki = {
      caCert: write("ca.pem", ca.certificatePem),
      serverCert: write("server.pem", server.certificatePem),
      serverKey: write("server-key.pem", server.privateKeyPem),
      clientCert: write("client.pem", device.certificatePem),
      clientKey: write("client-key.pem", device.privateKeyPem),
    };

    const [command, argv] = pinned(0, process.execPath, [
      ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF_DIR] : []),
      await bundleEngineChild(fileURLToPath(import.meta.url), "eap-tls-engine"),
      "--role",
      "engine",
      "--data-dir",
      dataDir,
      "--key-b64",
      key.toString("base64"),
      "--fragment",
      String(fragment),
    ]);
    const engine = spawn(command, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.push(engine);
    let engineLog = "";
    engine.stderr?.on("data", (chunk: Buffer) => (engineLog = (engineLog + chunk.toString()).slice(-4000)));
    const ready = await waitForLine(engine, /READY (\d+)/, "engine").catch((error: Error) => {
      throw new Error(`${error.message}\n${engineLog}`);
    });
    const servers: Server[] = [{ label: "Gatehouse engine", port: Number(ready[1]), pid: engine.pid }];

    if (!args["no-freeradius"]) {
      const binary = ["/usr/sbin/freeradius", "/usr/sbin/radiusd"].find((candidate) => fs.existsSync(candidate));
      if (!binary) throw new Error("FreeRADIUS is not installed (Debian: sudo apt-get install -y freeradius)");
      const port = await freePort("udp");
      const frDir = path.join(dir, "freeradius");
      writeFreeradiusConfig(frDir, port, pki);
      const [frCommand, frArgv] = pinned(0, binary, ["-f", "-l", "stdout", "-d", frDir, "-n", "radiusd"]);
      const freeradius = spawn(frCommand, frArgv, { stdio: ["ignore", "pipe", "pipe"] });
      children.push(freeradius);
      freeradius.stderr?.resume();
      await waitForLine(freeradius, /Ready to process requests/, "FreeRADIUS", 30_000);
      servers.push({ label: "FreeRADIUS 3.2 (eap/tls)", port, pid: freeradius.pid });
    }

    if (!args["no-eapol"]) {
      for (const version of versions) {
        const conf = write(
          `eapol-${version}.conf`,
          `network={\n  key_mgmt=WPA-EAP\n  eap=TLS\n  identity="host/bench"\n  ca_cert="${pki.serverCert}"\n  client_cert="${pki.clientCert}"\n  private_key="${pki.clientKey}"\n  fragment_size=${fragment}\n  phase1="tls_disable_tlsv1_3=${version === "TLSv1.3" ? 0 : 1}"\n}\n`,
        );
        for (const target of servers) {
          if (!(await eapolSanity(`${target.label}, ${version}`, target.port, conf))) process.exitCode = 1;
        }
      }
    }

    const totals = new Map<string, { ok: number; seconds: number; serverCpu: number; generatorLimited: number }>();
    for (const version of versions) {
      const name = version === "TLSv1.3" ? "TLS 1.3" : "TLS 1.2";
      for (let round = 0; round < rounds; round += 1) {
        // Alternate which server goes first, so a change in the machine's other load hits both alike.
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const target of order) {
          const peer = new EapTlsPeer({
            host: HOST,
            port: target.port,
            secret: SECRET,
            clientCertPem: device.certificatePem,
            clientKeyPem: device.privateKeyPem,
            serverCaPem: server.certificatePem,
            tlsVersion: version,
            fragmentSize: fragment,
          });
          // Warm-up (not counted): the engine's JIT takes seconds to settle, FreeRADIUS starts its threads.
          await measure(target, peer, Number(args.warmup));
          const measured = await measure(target, peer, seconds);
          const generatorLimited = report(`${target.label}, ${name}`, measured);
          const key = `${target.label}|${version}`;
          const total = totals.get(key) ?? { ok: 0, seconds: 0, serverCpu: 0, generatorLimited: 0 };
          total.ok += measured.result.ok;
          total.seconds += measured.result.seconds;
          total.serverCpu += measured.serverCpu;
          if (generatorLimited) total.generatorLimited += 1;
          totals.set(key, total);
        }
      }
      if (servers.length === 2) {
        const engineTotal = totals.get(`${servers[0]!.label}|${version}`)!;
        const frTotal = totals.get(`${servers[1]!.label}|${version}`)!;
        const rate = (total: typeof engineTotal) => total.ok / total.seconds;
        const cpuPer = (total: typeof engineTotal) => (1e6 * total.serverCpu) / Math.max(1, total.ok);
        const limited = engineTotal.generatorLimited + frTotal.generatorLimited;
        console.log(
          `→ ${name}: Gatehouse / FreeRADIUS ${(rate(engineTotal) / rate(frTotal)).toFixed(2)}× handshakes/s (target ≥ 1.0×); ` +
            `server CPU per handshake ${cpuPer(engineTotal).toFixed(0)} vs ${cpuPer(frTotal).toFixed(0)} µs, ` +
            `i.e. ${(cpuPer(frTotal) / cpuPer(engineTotal)).toFixed(2)}× FreeRADIUS's handshakes per CPU second` +
            (limited ? ` (the generator limited ${limited} of ${2 * rounds} runs: read the CPU figure)` : ""),
        );
      }
    }
    console.log(`load average at the end ${loadNote()}`);
    if (/failed|error/i.test(engineLog)) console.log(`engine log (tail):\n${engineLog}`);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
