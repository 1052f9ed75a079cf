import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueCertificate, type IssuedCertificate } from "../engine/pki/issue";
import { createSelfSignedServerCertificate } from "../engine/pki/self-signed";
import { SecretBox } from "../secret-box";
import { generateSelfSignedSchema, importSystemCertificateSchema } from "../validation/system-certificates";
import { getConfigVersion } from "./config-state";
import {
  deleteSystemCertificate,
  ensureEapServerCertificate,
  exportSystemCertificatePem,
  generateSelfSignedSystemCertificate,
  getEapServerCredentials,
  importSystemCertificate,
  listSystemCertificates,
  useSystemCertificateForEap,
} from "./system-certificates";
import { createTestDb, rejection, type TestDb } from "./testing";

let t: TestDb;
let ca: IssuedCertificate;
let dir: string;
const box = SecretBox.fromKey(crypto.randomBytes(32));
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDb();
  ca = await createCertificateAuthority({ commonName: "Test Issuing CA" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-syscert-"));
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const serverCertificate = (commonName: string, extra: Partial<Parameters<typeof issueCertificate>[0]> = {}) =>
  issueCertificate({ issuer: ca, commonName, profile: "server", hostnames: [commonName], ...extra });

/** A PKCS #12 file written by the OpenSSL command line (not by our own writer), base64. */
function opensslPkcs12(issued: IssuedCertificate, password: string, legacy = false): string {
  const name = crypto.randomUUID();
  const certificate = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  const out = path.join(dir, `${name}.p12`);
  fs.writeFileSync(certificate, `${issued.certificatePem}\n${ca.certificatePem}\n`);
  fs.writeFileSync(key, issued.privateKeyPem);
  const legacyArgs = legacy ? ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"] : [];
  execFileSync("openssl", [
    "pkcs12",
    "-export",
    "-in",
    certificate,
    "-inkey",
    key,
    "-out",
    out,
    "-passout",
    `pass:${password}`,
    ...legacyArgs,
  ]);
  return fs.readFileSync(out).toString("base64");
}

const pem = (input: { certificatePem: string; privateKeyPem: string; passphrase?: string; friendlyName?: string }) =>
  importSystemCertificateSchema.parse({ format: "pem", ...input });

describe("system certificates (EAP server certificate)", () => {
  it("creates a self-signed RSA 2048 EAP certificate once, with the key sealed at rest", async () => {
    expect(await ensureEapServerCertificate(t.db, box, { commonName: "radius.example" })).toEqual({ created: true });
    expect(await ensureEapServerCertificate(t.db, box, { commonName: "radius.example" })).toEqual({ created: false });
    const row = await t.db.systemCertificate.findFirstOrThrow();
    expect(row.privateKeyEncrypted).toMatch(/^v1:/);
    expect(row.privateKeyEncrypted).not.toContain("PRIVATE KEY");
    const credentials = await getEapServerCredentials(t.db, box);
    const certificate = new crypto.X509Certificate(credentials!.certificatePem);
    expect(certificate.checkPrivateKey(crypto.createPrivateKey(credentials!.privateKeyPem))).toBe(true);
    expect(certificate.subject).toContain("CN=radius.example");
    expect(row).toMatchObject({ keyAlgorithm: "RSA-2048", isSelfSigned: true, usedForEap: true });
  });

  it("imports a certificate with its key and makes it the one EAP certificate in use", async () => {
    const issued = await createSelfSignedServerCertificate({ commonName: "imported.example", keyAlgorithm: "ecdsa-p256" });
    const before = await getConfigVersion(t.db);
    const view = await importSystemCertificate(
      t.db,
      box,
      { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem, friendlyName: "Imported", useForEap: true },
      "admin",
    );
    expect(view).not.toHaveProperty("privateKeyEncrypted");
    expect(view).toMatchObject({ keyAlgorithm: "ECDSA-P256", usedForEap: true });
    expect((await listSystemCertificates(t.db)).filter((row) => row.usedForEap).map((row) => row.friendlyName)).toEqual([
      "Imported",
    ]);
    expect(await getConfigVersion(t.db)).toBe(before + 1);
  });

  it("refuses a key that does not belong to the certificate, naming the field", async () => {
    const a = await createSelfSignedServerCertificate({ commonName: "a.example", keyAlgorithm: "ecdsa-p256" });
    const b = await createSelfSignedServerCertificate({ commonName: "b.example", keyAlgorithm: "ecdsa-p256" });
    const error = await rejection(
      importSystemCertificate(
        t.db,
        box,
        { certificatePem: a.certificatePem, privateKeyPem: b.privateKeyPem, friendlyName: "Mismatch", useForEap: false },
        "admin",
      ),
    );
    expect(error.code).toBe("VALIDATION");
    expect(error.fields).toEqual({ privateKeyPem: "This key does not match the certificate's public key" });
  });
});

describe("generating a self-signed certificate", () => {
  it("uses the key type, SANs and validity asked for, for server authentication", async () => {
    const input = generateSelfSignedSchema.parse({
      commonName: "radius.corp.example",
      dnsNames: ["radius.corp.example", "*.radius.corp.example"],
      keyAlgorithm: "ecdsa-p384",
      validityDays: 90,
    });
    const view = await generateSelfSignedSystemCertificate(t.db, box, input, "admin");
    expect(view).toMatchObject({
      friendlyName: "radius.corp.example (self-signed)",
      keyAlgorithm: "ECDSA-P384",
      usedForEap: false,
      isSelfSigned: true,
      extendedKeyUsage: ["Server Authentication"],
      subjectAltNames: [
        { type: "DNS", value: "radius.corp.example" },
        { type: "DNS", value: "*.radius.corp.example" },
      ],
      signatureAlgorithm: "ecdsa-with-SHA384",
    });
    expect(Math.round((view.notAfter.getTime() - Date.now()) / DAY)).toBe(90);
  });

  it("refuses a friendly name that is taken, and invalid fields with a message for each", async () => {
    const taken = await rejection(
      generateSelfSignedSystemCertificate(
        t.db,
        box,
        { commonName: "x.example", keyAlgorithm: "ecdsa-p256", friendlyName: "imported", useForEap: false },
        "admin",
      ),
    );
    expect(taken.code).toBe("CONFLICT");
    expect(taken.fields).toEqual({ friendlyName: "This friendly name is taken" });

    const invalid = generateSelfSignedSchema.safeParse({
      commonName: "",
      dnsNames: ["ok.example", "not a name"],
      keyAlgorithm: "dsa-1024",
      validityDays: 0,
    });
    expect(invalid.success).toBe(false);
    const messages = Object.fromEntries(invalid.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      commonName: "Enter the common name (CN), e.g. the RADIUS server's host name",
      "dnsNames.1": '"not a name" is not a DNS name',
      keyAlgorithm: "Choose a key type",
      validityDays: "At least 1 day",
    });
  });
});

describe("importing a certificate and its key", () => {
  it("opens an encrypted PEM key with its passphrase, naming the passphrase field when it is missing or wrong", async () => {
    const issued = await serverCertificate("encrypted.example");
    const encrypted = crypto
      .createPrivateKey(issued.privateKeyPem)
      .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "open sesame" })
      .toString();
    const input = { certificatePem: issued.certificatePem, privateKeyPem: encrypted };
    const missing = await rejection(importSystemCertificate(t.db, box, pem(input), "admin"));
    expect(missing.fields).toEqual({ passphrase: "This key is encrypted: enter its passphrase" });
    const wrong = await rejection(importSystemCertificate(t.db, box, pem({ ...input, passphrase: "nope" }), "admin"));
    expect(wrong.fields).toEqual({ passphrase: "Wrong passphrase: the key cannot be decrypted with it" });

    const view = await importSystemCertificate(t.db, box, pem({ ...input, passphrase: "open sesame" }), "admin");
    expect(view).toMatchObject({ friendlyName: "encrypted.example", isSelfSigned: false, issuerCommonName: "Test Issuing CA" });
    // The key is stored decrypted (sealed), so the engine needs no passphrase; neither secret is in the audit log.
    const credentials = await t.db.systemCertificate.findUniqueOrThrow({ where: { id: view.id } });
    expect(crypto.createPrivateKey(box.open(credentials.privateKeyEncrypted)).asymmetricKeyType).toBe("ec");
    const audit = JSON.stringify(await t.db.auditEvent.findMany());
    expect(audit).not.toContain("open sesame");
    expect(audit).not.toContain("PRIVATE KEY");
  });

  it("puts the certificate the key belongs to first and keeps the issuing CA as its chain", async () => {
    const issued = await serverCertificate("chain.example");
    const view = await importSystemCertificate(
      t.db,
      box,
      pem({ certificatePem: `${ca.certificatePem}\n${issued.certificatePem}`, privateKeyPem: issued.privateKeyPem }),
      "admin",
    );
    expect(view.subjectCommonName).toBe("chain.example");
    expect(view.chain.map((entry) => entry.subject)).toEqual(["CN=Test Issuing CA"]);
    const { pem: exported } = await exportSystemCertificatePem(t.db, { id: view.id, actor: "admin" });
    expect(new crypto.X509Certificate(exported).subject).toBe("CN=chain.example");
    expect(exported.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(exported).not.toContain("PRIVATE KEY");
  });

  it("refuses expired certificates and certificates whose extended key usage excludes server authentication", async () => {
    const expired = await serverCertificate("expired.example", {
      notBefore: new Date(Date.UTC(2024, 0, 1)),
      notAfter: new Date(Date.UTC(2025, 0, 31)),
    });
    const tooOld = await rejection(
      importSystemCertificate(
        t.db,
        box,
        pem({ certificatePem: expired.certificatePem, privateKeyPem: expired.privateKeyPem }),
        "admin",
      ),
    );
    expect(tooOld.message).toBe("This certificate expired on 2025-01-31");
    expect(tooOld.fields).toEqual({ certificatePem: "Expired on 2025-01-31: supplicants refuse an expired server certificate" });

    const clientOnly = await serverCertificate("client-only.example", { profile: "client" });
    const wrongUsage = await rejection(
      importSystemCertificate(
        t.db,
        box,
        pem({ certificatePem: clientOnly.certificatePem, privateKeyPem: clientOnly.privateKeyPem }),
        "admin",
      ),
    );
    expect(wrongUsage.fields?.certificatePem).toMatch(/^Its Extended Key Usage lacks Server Authentication/);

    const keyInCertificateField = await rejection(
      importSystemCertificate(
        t.db,
        box,
        pem({ certificatePem: clientOnly.privateKeyPem, privateKeyPem: clientOnly.privateKeyPem }),
        "admin",
      ),
    );
    expect(keyInCertificateField.fields).toEqual({
      certificatePem: "This is a private key: paste it in the private key field, and the certificate here",
    });
    expect(await t.db.systemCertificate.count({ where: { subject: { contains: "expired.example" } } })).toBe(0);
  });

  it("imports a PKCS#12 file written by OpenSSL, and says when the password or the file is the problem", async () => {
    const issued = await serverCertificate("p12.example", { keyAlgorithm: "rsa-2048" });
    const file = opensslPkcs12(issued, "p12-pass");
    const wrong = await rejection(
      importSystemCertificate(t.db, box, { format: "pkcs12", pkcs12: file, password: "bad", useForEap: false }, "admin"),
    );
    expect(wrong.fields).toEqual({ password: "The password does not open this PKCS#12 file." });
    const notP12 = await rejection(
      importSystemCertificate(
        t.db,
        box,
        { format: "pkcs12", pkcs12: Buffer.from("hello").toString("base64"), password: "x", useForEap: false },
        "admin",
      ),
    );
    expect(notP12.fields).toEqual({ pkcs12: "This is not a PKCS#12 file (.p12 / .pfx): it could not be decoded." });
    const legacy = await rejection(
      importSystemCertificate(
        t.db,
        box,
        { format: "pkcs12", pkcs12: opensslPkcs12(issued, "p12-pass", true), password: "p12-pass", useForEap: false },
        "admin",
      ),
    );
    expect(legacy.fields?.pkcs12).toMatch(/^This PKCS#12 file uses legacy encryption/);

    const view = await importSystemCertificate(
      t.db,
      box,
      { format: "pkcs12", pkcs12: file, password: "p12-pass", friendlyName: "From PKCS#12", useForEap: false },
      "admin",
    );
    expect(view).toMatchObject({ friendlyName: "From PKCS#12", keyAlgorithm: "RSA-2048", subjectCommonName: "p12.example" });
    expect(view.chain).toHaveLength(1);
    const duplicate = await rejection(
      importSystemCertificate(t.db, box, { format: "pkcs12", pkcs12: file, password: "p12-pass", useForEap: false }, "admin"),
    );
    expect(duplicate.fields).toEqual({ pkcs12: 'Already imported as "From PKCS#12"' });
  });
});

describe("the EAP certificate in use", () => {
  it("moves to the certificate chosen, moves the configuration version and refuses expired ones", async () => {
    const [current, other] = await Promise.all([
      listSystemCertificates(t.db).then((rows) => rows.find((row) => row.usedForEap)!),
      generateSelfSignedSystemCertificate(
        t.db,
        box,
        { commonName: "next.example", keyAlgorithm: "ecdsa-p256", useForEap: false },
        "admin",
      ),
    ]);
    const before = await getConfigVersion(t.db);
    await useSystemCertificateForEap(t.db, { id: other.id }, "admin");
    expect(await getConfigVersion(t.db)).toBe(before + 1);
    expect((await getEapServerCredentials(t.db, box))?.id).toBe(other.id);
    const rows = await listSystemCertificates(t.db);
    expect(rows.filter((row) => row.usedForEap).map((row) => row.id)).toEqual([other.id]);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: other.id, action: "update" } });
    expect(audit.summary).toBe(
      `System certificate next.example (self-signed) is now the EAP server certificate (was ${current.friendlyName})`,
    );

    await t.db.systemCertificate.update({ where: { id: current.id }, data: { notAfter: new Date(Date.now() - DAY) } });
    const expired = await rejection(useSystemCertificateForEap(t.db, { id: current.id }, "admin"));
    expect(expired.code).toBe("CONFLICT");
    expect(expired.message).toMatch(/expired on .*; supplicants would refuse it/);
  });

  it("cannot be deleted; another certificate can, and the deletion is audited", async () => {
    const inUse = (await listSystemCertificates(t.db)).find((row) => row.usedForEap)!;
    const refused = await rejection(deleteSystemCertificate(t.db, { id: inUse.id, actor: "admin" }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(
      `${inUse.friendlyName} is the EAP server certificate in use and cannot be deleted. Use another certificate for EAP first.`,
    );
    const spare = (await listSystemCertificates(t.db)).find((row) => !row.usedForEap)!;
    expect(await deleteSystemCertificate(t.db, { id: spare.id, actor: "admin" })).toEqual({ deleted: spare.id });
    expect(await t.db.systemCertificate.findUnique({ where: { id: spare.id } })).toBeNull();
    expect(await t.db.auditEvent.findFirst({ where: { entityId: spare.id, action: "delete" } })).toMatchObject({
      actor: "admin",
      summary: expect.stringContaining(`Deleted system certificate ${spare.friendlyName}`),
    });
    expect((await rejection(deleteSystemCertificate(t.db, { id: spare.id, actor: "admin" }))).code).toBe("NOT_FOUND");
  });
});
