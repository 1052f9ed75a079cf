// EAP-TLS end to end with a real supplicant: wpa_supplicant's eapol_test ↔ the engine (RADIUS on loopback) ↔
// the MDM simulator over TLS. Certificates are made in TypeScript (lib/engine/pki). Nothing is mocked.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuthEvents, type AuthEventView } from "../../db/auth-events";
import { getEndpointByMac } from "../../db/endpoints";
import { listSystemCertificates } from "../../db/system-certificates";
import { addTrustedCertificate } from "../../db/trusted-certificates";
import { createCertificateAuthority, issueCertificate, type IssuedCertificate } from "../pki/issue";
import { startTestEngine, type TestEngineWithSimulator } from "../test-support";

function findEapolTest(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v eapol_test"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

// `npm test` installs eapol_test when missing (scripts/test.mjs); a run without it fails saying what to install.
const eapolTest = findEapolTest();

const SECRET = "testing123-eap";
/** Simulator inventory: compliant (00-26-B4-24-FE-B4) and non-compliant (…FE-B5) devices, by GUID. */
const COMPLIANT_GUID = "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f";
const NONCOMPLIANT_GUID = "7a2d3e8f-9cab-4d4e-8f30-2b3c4d5e6f70";
/** Not in the inventory: a match can only come from the certificate's GUID. */
const UNKNOWN_MAC = "02:00:00:00:00:01";

let harness: TestEngineWithSimulator | undefined;
let dir: string;
let serverCaPath: string;
const files: Record<string, { cert: string; key: string }> = {};

async function writeIdentity(name: string, issued: IssuedCertificate, chain: IssuedCertificate[] = []) {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  fs.writeFileSync(cert, [issued.certificatePem, ...chain.map((c) => c.certificatePem)].join("\n"));
  fs.writeFileSync(key, issued.privateKeyPem, { mode: 0o600 });
  files[name] = { cert, key };
}

type EapolOptions = {
  tls13?: boolean;
  fragmentSize?: number;
  mac?: string;
  reauthentications?: number;
  timeoutSeconds?: number;
};

function runEapol(identity: string, options: EapolOptions = {}): Promise<{ code: number | null; output: string }> {
  const conf = path.join(dir, `eapol-${identity}-${Math.random().toString(36).slice(2)}.conf`);
  fs.writeFileSync(
    conf,
    `network={
  key_mgmt=WPA-EAP
  eap=TLS
  identity="host/${identity}"
  ca_cert="${serverCaPath}"
  client_cert="${files[identity]!.cert}"
  private_key="${files[identity]!.key}"
  phase1="tls_disable_tlsv1_3=${options.tls13 ? 0 : 1}"
${options.fragmentSize ? `  fragment_size=${options.fragmentSize}\n` : ""}}
`,
  );
  const args = [
    "-c",
    conf,
    "-a",
    "127.0.0.1",
    "-p",
    String(harness!.engine.radius!.authPort),
    "-s",
    SECRET,
    "-M",
    options.mac ?? UNKNOWN_MAC,
    "-t",
    String(options.timeoutSeconds ?? 10),
    ...(options.reauthentications ? ["-r", String(options.reauthentications)] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(eapolTest!, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The Live Log's newest events, newest first. */
async function latestEvents(count = 5): Promise<AuthEventView[]> {
  await harness!.engine.flushEvents();
  const page = await listAuthEvents(harness!.t.db, { take: count });
  return page.items;
}

/** Tunnel-Private-Group-Id (81) as eapol_test dumps the Access-Accept: `Attribute 81 (Tunnel-Private-Group-Id) length=5` then the value. */
function vlanOf(output: string): string | undefined {
  const match = output.match(/Attribute 81 \(Tunnel-Private-Group-Id\) length=\d+\s+Value: ([0-9a-f]+)/);
  if (!match) return undefined;
  // Tag octet first (RFC 2868 §3.6).
  return Buffer.from(match[1]!, "hex").subarray(1).toString("utf8");
}

describe("EAP-TLS with eapol_test, engine and MDM simulator", () => {
  beforeAll(async () => {
    if (!eapolTest) throw new Error("eapol_test is missing: install Debian's eapoltest (sudo apt-get install -y eapoltest)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-eap-"));
    harness = await startTestEngine({
      mdm: { apiVersion: 3 },
      nads: [{ secret: SECRET }],
      radius: true,
      engine: { configPollMs: 100, eventFlushMs: 50, mdmDeadlineMs: 1500 },
    });
    const { t, engine } = harness;
    // The engine created its self-signed EAP server certificate at start: the supplicant trusts it.
    const [eapCertificate] = await listSystemCertificates(t.db);
    expect(eapCertificate).toMatchObject({ usedForEap: true, isSelfSigned: true, keyAlgorithm: "RSA-2048" });
    serverCaPath = path.join(dir, "eap-server.pem");
    fs.writeFileSync(serverCaPath, eapCertificate!.pem);

    const deviceCa = await createCertificateAuthority({ commonName: "Gatehouse Test Device CA", keyAlgorithm: "rsa-2048" });
    const rogueCa = await createCertificateAuthority({ commonName: "Rogue Device CA", keyAlgorithm: "rsa-2048" });
    await addTrustedCertificate(
      t.db,
      { pem: deviceCa.certificatePem, friendlyName: "Device CA", trustForMdm: false, trustForClientAuth: true },
      "test",
    );
    const client = (commonName: string, extra: Partial<Parameters<typeof issueCertificate>[0]> = {}) =>
      issueCertificate({ issuer: deviceCa, commonName, profile: "client", keyAlgorithm: "rsa-2048", ...extra });
    await writeIdentity("san-compliant", await client("alice-iphone", { uris: [`ID:Mobileiron:GUID:${COMPLIANT_GUID}`] }));
    await writeIdentity("cn-noncompliant", await client(`ID:Intune:GUID:${NONCOMPLIANT_GUID}`));
    await writeIdentity("bare-cn-compliant", await client(COMPLIANT_GUID, { keyAlgorithm: "ecdsa-p256" }));
    await writeIdentity(
      "rogue",
      await issueCertificate({
        issuer: rogueCa,
        commonName: "rogue",
        profile: "client",
        keyAlgorithm: "rsa-2048",
        uris: [`ID:Mobileiron:GUID:${COMPLIANT_GUID}`],
      }),
    );
    const day = 86_400_000;
    await writeIdentity(
      "expired",
      await client("expired", {
        uris: [`ID:Mobileiron:GUID:${COMPLIANT_GUID}`],
        notBefore: new Date(Date.now() - 400 * day),
        notAfter: new Date(Date.now() - day),
      }),
    );
    await writeIdentity(
      "server-eku",
      await client("wrong-eku", { profile: "server", uris: [`ID:Mobileiron:GUID:${COMPLIANT_GUID}`] }),
    );
    // A large chain: a 3072-bit key, many SAN entries, and the CA sent along.
    await writeIdentity(
      "large",
      await client("large-chain-device", {
        keyAlgorithm: "rsa-3072",
        uris: [`ID:Mobileiron:GUID:${COMPLIANT_GUID}`, ...Array.from({ length: 40 }, (_, i) => `urn:example:extra-entry-${i}`)],
        hostnames: Array.from({ length: 40 }, (_, i) => `host-${i}.devices.example.com`),
      }),
      [deviceCa],
    );
    await engine.syncConfig();
  }, 60_000);

  afterAll(async () => {
    await harness?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("accepts a compliant device over TLS 1.2 with MPPE keys, found by the GUID in its SAN URI", async () => {
    const result = await runEapol("san-compliant");
    expect(result.output).toContain("MPPE keys OK: 1  mismatch: 0");
    expect(result.output).toMatch(/SUCCESS$/m);
    expect(vlanOf(result.output)).toBe("10");
    const [event] = await latestEvents(1);
    expect(event).toMatchObject({
      method: "eap-tls",
      decision: "accept",
      ruleName: "MDM Compliant",
      profiles: ["Corporate Access"],
      userName: "host/san-compliant",
      mac: "020000000001",
    });
    expect(event?.trace).toMatchObject({ tls: { protocol: "TLSv1.2", resumed: false }, deviceGuid: COMPLIANT_GUID });
  });

  it("accepts over TLS 1.3 (RFC 9190) with MPPE keys", async () => {
    const result = await runEapol("san-compliant", { tls13: true, mac: "02:00:00:00:00:02" });
    expect(result.output).toContain("MPPE keys OK: 1  mismatch: 0");
    expect(result.output).toMatch(/SUCCESS$/m);
    const [event] = await latestEvents(1);
    expect(event?.trace).toMatchObject({ tls: { protocol: "TLSv1.3" } });
  });

  it("quarantines a non-compliant device found by the GUID in its CN, and stores the GUID on the endpoint", async () => {
    const result = await runEapol("cn-noncompliant", { mac: "02:00:00:00:00:03" });
    expect(result.output).toMatch(/SUCCESS$/m);
    expect(vlanOf(result.output)).toBe("99");
    const [event] = await latestEvents(1);
    expect(event).toMatchObject({ decision: "accept", ruleName: "MDM NonCompliant", profiles: ["Quarantine"] });
    expect(event?.mdmAttributes).toMatchObject({ DeviceCompliantStatus: "NonCompliant" });
    const endpoint = await getEndpointByMac(harness!.t.db, { mac: "020000000003" });
    expect(endpoint).toMatchObject({ guid: NONCOMPLIANT_GUID, compliant: false });
  });

  it("reads a bare GUID CN (ECDSA client key) over TLS 1.3", async () => {
    const result = await runEapol("bare-cn-compliant", { tls13: true, mac: "02:00:00:00:00:04" });
    expect(result.output).toMatch(/SUCCESS$/m);
    expect(vlanOf(result.output)).toBe("10");
  });

  it("rejects a certificate from a CA not trusted for client authentication (TLS 1.2 and 1.3)", async () => {
    for (const tls13 of [false, true]) {
      const result = await runEapol("rogue", { tls13, mac: "02:00:00:00:00:05" });
      expect(result.output).toMatch(/FAILURE$/m);
      expect(result.output).not.toMatch(/SUCCESS$/m);
      const [event] = await latestEvents(1);
      expect(event).toMatchObject({ decision: "reject", method: "eap-tls" });
      expect(event?.failureReason).toContain("not trusted");
    }
  });

  it("rejects an expired client certificate, and one without the clientAuth EKU", async () => {
    const expired = await runEapol("expired", { mac: "02:00:00:00:00:06" });
    expect(expired.output).toMatch(/FAILURE$/m);
    expect((await latestEvents(1))[0]?.failureReason).toBe("Client certificate has expired");
    const wrongUsage = await runEapol("server-eku", { tls13: true, mac: "02:00:00:00:00:07" });
    expect(wrongUsage.output).toMatch(/FAILURE$/m);
    expect((await latestEvents(1))[0]?.failureReason).toContain("not valid for client authentication");
  });

  it("fragments a large chain both ways with a small fragment size", async () => {
    const result = await runEapol("large", { fragmentSize: 300, mac: "02:00:00:00:00:08" });
    expect(result.output).toContain("MPPE keys OK: 1  mismatch: 0");
    expect(result.output).toMatch(/SUCCESS$/m);
  });

  it("resumes TLS 1.2 and TLS 1.3 sessions on re-authentication, deciding authorization again", async () => {
    for (const tls13 of [false, true]) {
      const before = await latestEvents(1);
      const result = await runEapol("san-compliant", { tls13, reauthentications: 2, mac: "02:00:00:00:00:09" });
      // eapol_test counts over the first authentication and each re-authentication.
      expect(result.output).toContain("MPPE keys OK: 3  mismatch: 0");
      expect(result.output).toMatch(/SUCCESS$/m);
      const events = (await latestEvents(3)).filter((event) => event.id !== before[0]?.id);
      expect(events).toHaveLength(3);
      expect(events.every((event) => event.decision === "accept" && event.ruleName === "MDM Compliant")).toBe(true);
      expect(events.map((event) => (event.trace as { tls: { resumed: boolean } }).tls.resumed).sort()).toEqual([
        false,
        true,
        true,
      ]);
    }
  });
});
