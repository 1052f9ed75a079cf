// Device identity certificates from the simulator's control API, opened the way supplicants open them:
// PKCS #12 by OpenSSL (node:tls) and by the product's PKCS #12 reader, PEM by node:crypto.
import crypto from "node:crypto";
import http from "node:http";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjectAltNameEntries } from "../engine/eap/certificate-identity";
import { readPkcs12 } from "../engine/pki/pkcs12";
import { request, startTestSimulator, type TestSimulator } from "./test-support";

let t: TestSimulator;
/** Inventory: a compliant iPhone of alice.martin. */
const MAC = "0026B424FEB4";
const GUID = "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f";

beforeAll(async () => {
  t = await startTestSimulator();
});
afterAll(async () => {
  await t.close();
});

/** A control API POST whose answer is kept as bytes (a PKCS #12 file is binary). */
function post(path: string, json?: unknown) {
  const url = `http://127.0.0.1:${t.sim.controlPort}${path}`;
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

const deviceCa = () => new crypto.X509Certificate(t.sim.deviceCaCertPem);

function expectClientCertificateOfTheDeviceCa(certificate: crypto.X509Certificate) {
  expect(certificate.checkIssued(deviceCa())).toBe(true);
  expect(certificate.verify(deviceCa().publicKey)).toBe(true);
  // EKU clientAuth (1.3.6.1.5.5.7.3.2), nothing else: a supplicant's identity, never a server's.
  expect(certificate.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
  expect(certificate.ca).toBe(false);
}

describe("device identity certificates (control API)", () => {
  it("issues a PKCS#12 that opens with the caller's password and carries the GUID in a SAN URI", async () => {
    const response = await post(`/devices/${MAC}/certificate`, { format: "pkcs12", password: "device-pass" });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/x-pkcs12");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="device-0026b424feb4.p12"');

    // OpenSSL (what wpa_supplicant and Windows-style importers rely on) opens it with the password only.
    expect(() => tls.createSecureContext({ pfx: response.body, passphrase: "device-pass" })).not.toThrow();
    expect(() => tls.createSecureContext({ pfx: response.body, passphrase: "wrong" })).toThrow();

    const opened = await readPkcs12(response.body, "device-pass");
    const [leafPem, caPem] = opened.certificatesPem;
    const leaf = new crypto.X509Certificate(leafPem!);
    expect(new crypto.X509Certificate(caPem!).fingerprint256).toBe(deviceCa().fingerprint256);
    expect(leaf.checkPrivateKey(opened.privateKey)).toBe(true);
    expect(opened.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(subjectAltNameEntries(leaf.subjectAltName)).toEqual([{ type: "URI", value: `ID:Gatehouse:GUID:${GUID}` }]);
    expect(leaf.subject).toContain("CN=alice.martin");
    expectClientCertificateOfTheDeviceCa(leaf);
    await expect(readPkcs12(response.body, "wrong")).rejects.toThrow("The password does not open this PKCS#12 file.");
  });

  it("puts the GUID in the subject CN with the vendor asked for, on an ECDSA key, when asked", async () => {
    const response = await post(`/devices/${GUID}/certificate`, {
      format: "pkcs12",
      password: "p",
      guidIn: "cn",
      vendor: "Intune",
      keyAlgorithm: "ecdsa-p256",
    });
    expect(response.status).toBe(200);
    const opened = await readPkcs12(response.body, "p");
    const leaf = new crypto.X509Certificate(opened.certificatesPem[0]!);
    expect(leaf.subject).toContain(`CN=ID:Intune:GUID:${GUID}`);
    expect(leaf.subjectAltName).toBeUndefined();
    expect(opened.privateKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expectClientCertificateOfTheDeviceCa(leaf);
  });

  it("hands out PEM: the certificate then its key in one file, the key encrypted when a password is given", async () => {
    const plain = await post(`/devices/${MAC}/certificate`, { format: "pem" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-type"]).toBe("application/x-pem-file");
    const text = plain.body.toString();
    const leaf = new crypto.X509Certificate(text);
    expect(leaf.checkPrivateKey(crypto.createPrivateKey(text))).toBe(true);
    expectClientCertificateOfTheDeviceCa(leaf);

    const encrypted = (await post(`/devices/${MAC}/certificate`, { format: "pem", password: "secret" })).body.toString();
    expect(encrypted).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(() => crypto.createPrivateKey(encrypted)).toThrow();
    const key = crypto.createPrivateKey({ key: encrypted, passphrase: "secret" });
    expect(new crypto.X509Certificate(encrypted).checkPrivateKey(key)).toBe(true);
  });

  it("serves the device CA, apart from the CA of the simulator's HTTPS certificate", async () => {
    const response = await request(`http://127.0.0.1:${t.sim.controlPort}/device-ca`);
    expect(response.status).toBe(200);
    const ca = new crypto.X509Certificate(response.body);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain("CN=Gatehouse MDM Simulator Device CA");
    expect(ca.fingerprint256).not.toBe(new crypto.X509Certificate(t.sim.caCertPem).fingerprint256);
  });

  it("refuses a PKCS#12 without a password, unknown devices and invalid requests with the reason", async () => {
    const noPassword = await post(`/devices/${MAC}/certificate`, { format: "pkcs12" });
    expect(noPassword.status).toBe(400);
    expect(JSON.parse(noPassword.body.toString())).toEqual({
      error: "Invalid certificate request: password: a PKCS#12 file needs a password (the supplicant's private key password)",
    });
    const unknown = await post("/devices/AABBCCDDEEFF/certificate", { format: "pem" });
    expect(unknown.status).toBe(404);
    const badKey = await post(`/devices/${MAC}/certificate`, { format: "pem", keyAlgorithm: "dsa-1024" });
    expect(badKey.status).toBe(400);
    expect(JSON.parse(badKey.body.toString()).error).toMatch(/keyAlgorithm/);
    const unknownField = await post(`/devices/${MAC}/certificate`, { format: "pem", colour: "red" });
    expect(JSON.parse(unknownField.body.toString()).error).toMatch(/colour/);
    expect((await t.control("GET", `/devices/${MAC}/certificate`)).status).toBe(405);
  });
});
