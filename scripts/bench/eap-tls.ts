/**
 * EAP-TLS benchmark (a script, not a test): full handshakes per second, Gatehouse's engine vs FreeRADIUS.
 *
 *   npx tsx scripts/bench/eap-tls.ts [--seconds 10] [--parallel 8] [--tls13] [--no-freeradius]
 *
 * The same certificates (an RSA 2048 EAP server certificate and an RSA 2048 device certificate from one test
 * CA, made here with lib/engine/pki) and the same load: `--parallel` loops, each running wpa_supplicant's
 * eapol_test back to back (one full handshake per run: no re-authentication, so no resumption). The engine
 * (child process, run with tsx) and FreeRADIUS (Debian `freeradius`, from a generated configuration with the
 * `eap` module) are pinned to CPU 0 when taskset is there; the eapol_test processes run on the other CPUs.
 * Spawning eapol_test costs the load side milliseconds per run, so absolute figures understate both servers;
 * the ratio of the two runs is the figure to read. Targets only 127.0.0.1 and stops by itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createDb, prepareDb } from "../../lib/db/client";
import { createNetworkDevice } from "../../lib/db/network-devices";
import { generateSelfSignedSystemCertificate, getEapServerCredentials } from "../../lib/db/system-certificates";
import { addTrustedCertificate } from "../../lib/db/trusted-certificates";
import { startEngine } from "../../lib/engine/engine";
import { createCertificateAuthority, issueCertificate } from "../../lib/engine/pki/issue";
import { SecretBox } from "../../lib/secret-box";
import { benchDbTarget, deployBenchDb, freePort, hasTaskset, HOST, pinned, root, stopChild, waitForLine } from "./support";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    parallel: { type: "string", default: "8" },
    tls13: { type: "boolean", default: false },
    "no-freeradius": { type: "boolean", default: false },
    role: { type: "string" },
    "data-dir": { type: "string" },
    "key-b64": { type: "string" },
  },
});

const SECRET = "bench-eap-secret";
const TOKEN = "bench-eap-token-0123456789abcdef";

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

function writeFreeradiusConfig(dir: string, port: number, pki: Pki): void {
  fs.mkdirSync(path.join(dir, "run"), { recursive: true });
  fs.mkdirSync(path.join(dir, "log"), { recursive: true });
  fs.writeFileSync(path.join(dir, "dictionary"), "");
  fs.writeFileSync(
    path.join(dir, "radiusd.conf"),
    `
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = \${exec_prefix}/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/log
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
  destination = stdout
  colourise = no
  auth = no
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 4
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
  max_requests_per_server = 0
  auto_limit_acct = no
}
client bench {
  ipaddr = 127.0.0.1
  secret = ${SECRET}
  require_message_authenticator = yes
}
modules {
  eap {
    default_eap_type = tls
    timer_expire = 60
    max_sessions = 4096
    tls-config tls-common {
      private_key_file = ${pki.serverKey}
      certificate_file = ${pki.serverCert}
      ca_file = ${pki.caCert}
      fragment_size = 1024
      tls_min_version = "1.2"
      tls_max_version = "${args.tls13 ? "1.3" : "1.2"}"
      cache {
        enable = no
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

interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** `parallel` loops of eapol_test runs for `seconds`; full handshakes that ended in SUCCESS per second. */
async function load(port: number, conf: string): Promise<{ ok: number; failed: number; seconds: number }> {
  const seconds = Number(args.seconds);
  const parallel = Number(args.parallel);
  const cpus = os.cpus().length;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const once = () =>
    new Promise<boolean>((resolve) => {
      const argv = ["-c", conf, "-a", HOST, "-p", String(port), "-s", SECRET, "-t", "10"];
      const [command, rest] =
        hasTaskset && cpus > 1 ? ["taskset", ["-c", `1-${cpus - 1}`, "eapol_test", ...argv]] : ["eapol_test", argv];
      const child = spawn(command, rest, { stdio: ["ignore", "pipe", "ignore"] });
      let tail = "";
      child.stdout.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-200)));
      child.on("close", () => resolve(/\nSUCCESS\s*$/.test(tail)));
    });
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        if (await once()) ok += 1;
        else failed += 1;
      }
    }),
  );
  return { ok, failed, seconds: (performance.now() - started) / 1000 };
}

function report(label: string, result: { ok: number; failed: number; seconds: number }): number {
  const rate = result.ok / result.seconds;
  console.log(
    `${label.padEnd(28)} ${rate.toFixed(1).padStart(8)} handshakes/s  (${result.ok} ok, ${result.failed} failed, ${result.seconds.toFixed(1)} s)`,
  );
  return rate;
}

async function main(): Promise<void> {
  if (args.role === "engine") return runEngineChild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-eap-"));
  const children: ChildProcess[] = [];
  try {
    console.log(
      `EAP-TLS benchmark: full handshakes, TLS ${args.tls13 ? "1.3" : "1.2"}, RSA 2048, ${args.parallel} eapol_test loops, ${args.seconds} s per server; ${os.cpus().length} CPUs${hasTaskset ? " (servers on CPU 0)" : ""}`,
    );
    const key = crypto.randomBytes(32);
    const box = SecretBox.fromKey(key);
    const dataDir = path.join(dir, "data");
    const { db } = await deployBenchDb(dataDir);
    const ca = await createCertificateAuthority({ commonName: "Bench Device CA", keyAlgorithm: "rsa-2048" });
    const device = await issueCertificate({
      issuer: ca,
      commonName: "bench-device",
      profile: "client",
      keyAlgorithm: "rsa-2048",
      uris: ["ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f"],
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
      {
        name: "bench",
        address: "127.0.0.1",
        vendorProfile: "cisco",
        coaPort: 3799,
        requireMessageAuthenticator: true,
        secret: SECRET,
      },
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
    const conf = write(
      "eapol.conf",
      `network={\n  key_mgmt=WPA-EAP\n  eap=TLS\n  identity="host/bench"\n  ca_cert="${pki.serverCert}"\n  client_cert="${pki.clientCert}"\n  private_key="${pki.clientKey}"\n  phase1="tls_disable_tlsv1_3=${args.tls13 ? 0 : 1}"\n}\n`,
    );

    const [command, argv] = pinned(0, process.execPath, [
      "--import",
      "tsx",
      path.join(root, "scripts/bench/eap-tls.ts"),
      "--role",
      "engine",
      "--data-dir",
      dataDir,
      "--key-b64",
      key.toString("base64"),
    ]);
    const engine = spawn(command, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.push(engine);
    engine.stderr?.resume();
    const ready = await waitForLine(engine, /READY (\d+)/, "engine");
    const gatehouse = report("Gatehouse engine", await load(Number(ready[1]), conf));
    await stopChild(engine);

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
      const reference = report("FreeRADIUS 3.2 (eap/tls)", await load(port, conf));
      await stopChild(freeradius);
      console.log(`→ ratio Gatehouse / FreeRADIUS: ${(gatehouse / reference).toFixed(2)}×`);
    }
  } finally {
    await Promise.all(children.map((child) => stopChild(child)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
