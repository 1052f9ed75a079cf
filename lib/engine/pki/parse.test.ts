// Must load before @peculiar/x509 (used here only to build a CSR fixture).
import "./reflect-metadata";
import { generateKeyPairSync, webcrypto, X509Certificate as NodeX509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueCertificate, type IssuedCertificate } from "./issue";
import { CERTIFICATE_REJECTION_MESSAGES, certificateValidity, parseCertificates } from "./parse";

const DAY = 86_400_000;
let rsaCa: IssuedCertificate;
let ecCa: IssuedCertificate;
let server: IssuedCertificate;
let expired: IssuedCertificate;
let csrPem: string;

beforeAll(async () => {
  rsaCa = await createCertificateAuthority({
    commonName: "Parse Test Root CA",
    organization: "Gatehouse",
    keyAlgorithm: "rsa-2048",
  });
  ecCa = await createCertificateAuthority({ commonName: "Parse Test EC CA" });
  server = await issueCertificate({
    issuer: rsaCa,
    commonName: "mdm.example.test",
    profile: "server",
    hostnames: ["mdm.example.test", "192.0.2.10"],
    uris: ["ID:Mobileiron:GUID:abc-123"],
  });
  expired = await issueCertificate({
    issuer: ecCa,
    commonName: "old.example.test",
    profile: "client",
    notBefore: new Date(Date.now() - 400 * DAY),
    notAfter: new Date(Date.now() - 10 * DAY),
  });
  const crypto = webcrypto as unknown as Crypto;
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: "CN=csr.example.test", keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } },
    crypto,
  );
  csrPem = csr.toString("pem");
});

function derOf(pem: string): Uint8Array {
  return new Uint8Array(new NodeX509Certificate(pem).raw);
}

describe("parseCertificates", () => {
  it("describes a self-signed RSA root CA", () => {
    const result = parseCertificates(rsaCa.certificatePem);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [cert] = result.certificates;
    const node = new NodeX509Certificate(rsaCa.certificatePem);
    expect(cert).toMatchObject({
      subjectCommonName: "Parse Test Root CA",
      subject: "CN=Parse Test Root CA, O=Gatehouse",
      issuer: "CN=Parse Test Root CA, O=Gatehouse",
      keyAlgorithm: "RSA",
      keySize: 2048,
      isCa: true,
      isSelfSigned: true,
      basicConstraints: { isCa: true, pathLength: 0, critical: true },
      keyUsage: ["Certificate Sign", "CRL Sign"],
      version: 3,
      signatureAlgorithm: "sha256WithRSAEncryption",
    });
    expect(cert!.fingerprintSha256).toBe(node.fingerprint256);
    expect(cert!.fingerprintSha1).toBe(node.fingerprint);
    expect(cert!.serialNumber).toBe(node.serialNumber.toUpperCase().replace(/^(00)+/, ""));
    expect(cert!.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
    expect(new NodeX509Certificate(cert!.pem).fingerprint256).toBe(node.fingerprint256);
  });

  it("describes an EC end-entity certificate: SANs, EKU, key usage, not self-signed", () => {
    const result = parseCertificates(server.certificatePem);
    if (!result.ok) throw new Error(result.message);
    const [cert] = result.certificates;
    expect(cert).toMatchObject({
      keyAlgorithm: "EC",
      keyCurve: "P-256",
      keySize: 256,
      isCa: false,
      isSelfSigned: false,
      extendedKeyUsage: ["Server Authentication"],
      keyUsage: ["Digital Signature"],
      issuerCommonName: "Parse Test Root CA",
    });
    expect(cert!.subjectAltNames).toEqual([
      { type: "DNS", value: "mdm.example.test" },
      { type: "IP", value: "192.0.2.10" },
      { type: "URI", value: "ID:Mobileiron:GUID:abc-123" },
    ]);
    expect(cert!.authorityKeyIdentifier).toBeDefined();
  });

  it("reads a chain bundle of several PEM certificates, with text around them", () => {
    const bundle = `subject=server\n${server.certificatePem}\nissuer=root\n${rsaCa.certificatePem}\n${ecCa.certificatePem}`;
    const result = parseCertificates(bundle);
    if (!result.ok) throw new Error(result.message);
    expect(result.certificates.map((c) => c.subjectCommonName)).toEqual([
      "mdm.example.test",
      "Parse Test Root CA",
      "Parse Test EC CA",
    ]);
  });

  it("reads DER bytes, a PEM file as bytes, and bare base64", () => {
    const der = derOf(rsaCa.certificatePem);
    const fromDer = parseCertificates(der);
    const fromBytes = parseCertificates(new TextEncoder().encode(rsaCa.certificatePem.replace(/\n/g, "\r\n")));
    const fromBase64 = parseCertificates(Buffer.from(der).toString("base64"));
    for (const result of [fromDer, fromBytes, fromBase64]) {
      if (!result.ok) throw new Error(result.message);
      expect(result.certificates[0]!.subjectCommonName).toBe("Parse Test Root CA");
    }
  });

  it("reads an expired certificate and flags it expired", () => {
    const result = parseCertificates(expired.certificatePem);
    if (!result.ok) throw new Error(result.message);
    expect(certificateValidity(result.certificates[0]!)).toBe("expired");
    expect(result.certificates[0]!.extendedKeyUsage).toEqual(["Client Authentication"]);
  });

  it("flags not yet valid and expiring within 30 days", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(certificateValidity({ notBefore: new Date("2030-02-01"), notAfter: new Date("2031-01-01") }, now)).toBe(
      "not-yet-valid",
    );
    expect(certificateValidity({ notBefore: new Date("2029-01-01"), notAfter: new Date("2030-01-20") }, now)).toBe("expiring");
    expect(certificateValidity({ notBefore: new Date("2029-01-01"), notAfter: new Date("2030-06-01") }, now)).toBe("valid");
  });

  it("rejects a private key (PEM, with or without a certificate, and DER) and says it was not stored", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pkcs1 = privateKey.export({ format: "pem", type: "pkcs1" }) as string;
    const pkcs8Der = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
    for (const input of [server.privateKeyPem, pkcs1, `${server.certificatePem}${server.privateKeyPem}`, pkcs8Der]) {
      const result = parseCertificates(input);
      expect(result).toMatchObject({ ok: false, reason: "PRIVATE_KEY" });
    }
    expect(CERTIFICATE_REJECTION_MESSAGES.PRIVATE_KEY).toMatch(/private key was uploaded.*not stored/i);
  });

  it("rejects a CSR in PEM and DER", () => {
    expect(parseCertificates(csrPem)).toMatchObject({ ok: false, reason: "CSR" });
    const der = new Uint8Array(Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
    expect(parseCertificates(der)).toMatchObject({ ok: false, reason: "CSR" });
  });

  it("rejects garbage, empty input and corrupt PEM/DER", () => {
    expect(parseCertificates("hello, this is not a certificate")).toMatchObject({ ok: false, reason: "NOT_A_CERTIFICATE" });
    expect(parseCertificates("not a certificate at all")).toMatchObject({ ok: false, reason: "NOT_A_CERTIFICATE" });
    expect(parseCertificates("   \n")).toMatchObject({ ok: false, reason: "EMPTY" });
    expect(parseCertificates(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))).toMatchObject({
      ok: false,
      reason: "NOT_A_CERTIFICATE",
    });
    const lines = rsaCa.certificatePem.split("\n");
    const truncated = [...lines.slice(0, 6), lines.at(-2), ""].join("\n");
    expect(parseCertificates(truncated)).toMatchObject({ ok: false, reason: "CORRUPT" });
    const der = derOf(rsaCa.certificatePem);
    expect(parseCertificates(der.subarray(0, der.length - 40))).toMatchObject({ ok: false, reason: "CORRUPT" });
    const flipped = new Uint8Array(der);
    flipped[1] = 0x10; // a wrong outer length
    expect(parseCertificates(flipped).ok).toBe(false);
    expect(parseCertificates("-----BEGIN CERTIFICATE-----\nAAAA")).toMatchObject({ ok: false, reason: "CORRUPT" });
  });
});
