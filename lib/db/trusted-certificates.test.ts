import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueCertificate, type IssuedCertificate } from "../engine/pki/issue";
import { SecretBox } from "../secret-box";
import { listAuditEvents } from "./audit";
import { createMdmServer, recordMdmTestResult } from "./mdm-servers";
import { createTestDb, rejection, successfulTest as success, type TestDb } from "./testing";
import {
  deleteTrustedCertificate,
  getTrustedCertificateOrThrow,
  importTrustedCertificates,
  listMdmTrustAnchors,
  listTrustedCertificates,
  updateTrustedCertificate,
} from "./trusted-certificates";

let t: TestDb;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
const box = SecretBox.fromKey(Buffer.alloc(32, 7));
const importInput = (content: string, extra: Record<string, unknown> = {}) => ({
  content,
  encoding: "text" as const,
  trustForMdm: true,
  trustForClientAuth: false,
  ...extra,
});

beforeAll(async () => {
  t = await createTestDb();
  root = await createCertificateAuthority({ commonName: "Store Root CA" });
  intermediate = await issueCertificate({ issuer: root, commonName: "Store Server", profile: "server", hostnames: ["mdm.test"] });
});
afterAll(() => t.cleanup());

describe("trusted certificate store", () => {
  it("imports a bundle all at once, names certificates by CN, and derives details from the PEM", async () => {
    const rows = await importTrustedCertificates(
      t.db,
      importInput(`${intermediate.certificatePem}${root.certificatePem}`),
      "admin",
    );
    expect(rows.map((r) => r.friendlyName)).toEqual(["Store Server", "Store Root CA"]);
    const view = await getTrustedCertificateOrThrow(t.db, { id: rows[1]!.id });
    expect(view).toMatchObject({ isCa: true, isSelfSigned: true, keyAlgorithm: "EC", keySize: 256, status: "valid" });
    expect(view.pem).toContain("BEGIN CERTIFICATE");
    expect((await listMdmTrustAnchors(t.db)).length).toBe(2);
  });

  it("imports an uploaded DER file (base64 of the bytes) with the friendly name given", async () => {
    const other = await createCertificateAuthority({ commonName: "DER Root", keyAlgorithm: "rsa-2048" });
    const der = Buffer.from(other.certificatePem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const [row] = await importTrustedCertificates(
      t.db,
      { ...importInput(der.toString("base64")), encoding: "base64", friendlyName: "Uploaded DER", fileName: "root.der" },
      "admin",
    );
    const view = await getTrustedCertificateOrThrow(t.db, { id: row!.id });
    expect(view).toMatchObject({
      friendlyName: "Uploaded DER",
      keyAlgorithm: "RSA",
      keySize: 2048,
      subjectCommonName: "DER Root",
    });
    const fresh = await createCertificateAuthority({ commonName: "Fresh" });
    const taken = await rejection(
      importTrustedCertificates(t.db, { ...importInput(fresh.certificatePem), friendlyName: "uploaded der" }, "admin"),
    );
    expect(taken.fields?.friendlyName).toBe("This friendly name is taken");
    await deleteTrustedCertificate(t.db, { id: row!.id, force: false, actor: "admin" });
  });

  it("stores nothing for a duplicate, a private key or garbage, and says why", async () => {
    const before = (await listTrustedCertificates(t.db)).length;
    const duplicate = await rejection(importTrustedCertificates(t.db, importInput(root.certificatePem), "admin"));
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.fields?.existingId).toBeDefined();
    const key = await rejection(
      importTrustedCertificates(t.db, importInput(`${root.certificatePem}${root.privateKeyPem}`), "admin"),
    );
    expect(key.fields?.content).toMatch(/private key was uploaded/);
    const garbage = await rejection(importTrustedCertificates(t.db, importInput("garbage"), "admin"));
    expect(garbage.code).toBe("VALIDATION");
    expect((await listTrustedCertificates(t.db)).length).toBe(before);
  });

  it("edits the trust flags with an audit of the changed fields, and warns before deleting a certificate MDM servers depend on", async () => {
    const [rootRow] = (await listTrustedCertificates(t.db)).filter((r) => r.friendlyName === "Store Root CA");
    const updated = await updateTrustedCertificate(t.db, {
      id: rootRow!.id,
      input: { friendlyName: "Root", trustForMdm: true, trustForClientAuth: true },
      actor: "admin",
    });
    expect(updated.trustForClientAuth).toBe(true);
    const server = await createMdmServer(t.db, box, { ...baseServer("Anchored"), password: "pw" }, "admin");
    await recordMdmTestResult(t.db, {
      id: server.id,
      actor: "admin",
      result: {
        ...success,
        steps: [
          {
            name: "tls",
            ok: true,
            ms: 1,
            detail: "",
            data: {
              serverName: "mdm.test",
              peerChain: [],
              trustedCertificates: 2,
              anchor: { ...certInfo, fingerprint256: rootRow!.fingerprintSha256, trustIndex: 1 },
            },
          },
        ],
      },
    });
    expect((await getTrustedCertificateOrThrow(t.db, { id: rootRow!.id })).usedBy.map((s) => s.name)).toEqual(["Anchored"]);
    const refused = await rejection(deleteTrustedCertificate(t.db, { id: rootRow!.id, force: false, actor: "admin" }));
    expect(refused.message).toMatch(/Anchored/);
    await deleteTrustedCertificate(t.db, { id: rootRow!.id, force: true, actor: "admin" });
    const audit = await listAuditEvents(t.db);
    expect(audit.map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/Updated trusted certificate Root: friendlyName Store Root CA → Root/),
    );
  });
});

const certInfo = {
  subject: "CN=x",
  issuer: "CN=x",
  serialNumber: "01",
  validFrom: "",
  validTo: "",
  fingerprint256: "",
  selfSigned: true,
};

function baseServer(name: string) {
  return {
    name,
    serverType: "mdm" as const,
    authType: "basic" as const,
    host: "mdm.test",
    port: 443,
    instance: undefined,
    username: "iseapi",
    description: undefined,
    pollingIntervalMinutes: 0,
    cacheExpirationMinutes: 60,
    deviceIdentifiers: ["mac" as const],
    isEnabled: true,
  };
}
