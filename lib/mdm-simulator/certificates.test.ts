import { X509Certificate } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureSimulatorCertificates } from "./certificates";
import { makeTempDir, requestErrorCode, startTestSimulator } from "./test-support";

const HOSTNAMES = ["localhost", "127.0.0.1", "::1"];
const dirs: string[] = [];

function tempDir(): string {
  const dir = makeTempDir("gatehouse-mdm-sim-certs-");
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), "utf8");

describe("simulator certificates", () => {
  it("creates the CA, server, expired, rogue CA and untrusted certificates with private keys at 0600", async () => {
    const dir = tempDir();
    const certificates = await ensureSimulatorCertificates({ dataDir: dir, hostnames: HOSTNAMES });
    expect(certificates.caCertPath).toBe(path.join(dir, "ca.pem"));
    expect(read(dir, "ca.pem")).toBe(certificates.caCertPem);

    for (const name of ["ca", "server", "expired", "rogue-ca", "untrusted"]) {
      expect(statSync(path.join(dir, `${name}-key.pem`)).mode & 0o777).toBe(0o600);
      expect(read(dir, `${name}.pem`)).toContain("BEGIN CERTIFICATE");
    }

    const ca = new X509Certificate(certificates.caCertPem);
    const rogue = new X509Certificate(certificates.rogueCaCertPem);
    const server = new X509Certificate(certificates.credentials.valid.cert);
    const expired = new X509Certificate(certificates.credentials.expired.cert);
    const untrusted = new X509Certificate(certificates.credentials.untrusted.cert);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(expired.verify(ca.publicKey)).toBe(true);
    expect(Date.parse(expired.validTo)).toBeLessThan(Date.now());
    expect(untrusted.verify(rogue.publicKey)).toBe(true);
    expect(untrusted.verify(ca.publicKey)).toBe(false);
    expect(server.subjectAltName).toContain("DNS:localhost");
    expect(server.subjectAltName).toContain("IP Address:127.0.0.1");
  });

  it("reuses the persisted certificates on restart", async () => {
    const dir = tempDir();
    const first = await startTestSimulator({ dataDir: dir });
    const caPem = first.sim.caCertPem;
    const serverPem = read(dir, "server.pem");
    await first.close();

    const second = await startTestSimulator({ dataDir: dir });
    try {
      expect(second.sim.caCertPem).toBe(caPem);
      expect(read(dir, "server.pem")).toBe(serverPem);
      // A client that trusted the first run's CA still connects.
      expect(await requestErrorCode(`${second.sim.baseUrl}/ciscoise/mdminfo/`, { ca: caPem })).toBe("ok");
    } finally {
      await second.close();
    }
  });

  it("reissues the server certificate from the same CA when a hostname is added", async () => {
    const dir = tempDir();
    const before = await ensureSimulatorCertificates({ dataDir: dir, hostnames: HOSTNAMES });
    const after = await ensureSimulatorCertificates({ dataDir: dir, hostnames: [...HOSTNAMES, "mdm.example.test"] });
    expect(after.caCertPem).toBe(before.caCertPem);
    expect(after.credentials.valid.cert).not.toBe(before.credentials.valid.cert);
    expect(new X509Certificate(after.credentials.valid.cert).subjectAltName).toContain("DNS:mdm.example.test");
    expect(new X509Certificate(after.credentials.untrusted.cert).subjectAltName).toContain("DNS:mdm.example.test");
  });

  it("serves extra hostnames so clients can verify the server by that name", async () => {
    const dir = tempDir();
    const sim = await startTestSimulator({ dataDir: dir, extraHostnames: ["mdm.gatehouse.test"] });
    try {
      const url = `${sim.sim.baseUrl}/ciscoise/mdminfo/`;
      // node:https takes the TLS server name (SNI and identity check) from the Host header.
      expect(await requestErrorCode(url, { ca: sim.sim.caCertPem, headers: { host: "mdm.gatehouse.test" } })).toBe("ok");
      expect(await requestErrorCode(url, { ca: sim.sim.caCertPem, headers: { host: "elsewhere.test" } })).toBe(
        "ERR_TLS_CERT_ALTNAME_INVALID",
      );
    } finally {
      await sim.close();
    }
  });

  it("refuses to start with an unreadable key instead of silently replacing the CA", async () => {
    const dir = tempDir();
    await ensureSimulatorCertificates({ dataDir: dir, hostnames: HOSTNAMES });
    writeFileSync(path.join(dir, "ca-key.pem"), "garbage");
    await expect(ensureSimulatorCertificates({ dataDir: dir, hostnames: HOSTNAMES })).rejects.toThrow(/ca-key\.pem/);
  });
});
