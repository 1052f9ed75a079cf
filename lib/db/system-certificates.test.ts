import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedServerCertificate } from "../engine/pki/self-signed";
import { SecretBox } from "../secret-box";
import { getConfigVersion } from "./config-state";
import {
  ensureEapServerCertificate,
  generateSelfSignedSystemCertificate,
  getEapServerCredentials,
  importSystemCertificate,
  listSystemCertificates,
} from "./system-certificates";
import { createTestDb, rejection, type TestDb } from "./testing";

let t: TestDb;
const box = SecretBox.fromKey(crypto.randomBytes(32));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

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

  it("generates an ECDSA P-256 certificate on request", async () => {
    const view = await generateSelfSignedSystemCertificate(
      t.db,
      box,
      { commonName: "ec.example", keyAlgorithm: "ecdsa-p256", useForEap: false },
      "admin",
    );
    expect(view).toMatchObject({ keyAlgorithm: "ECDSA-P256", usedForEap: false, isSelfSigned: true });
  });
});
