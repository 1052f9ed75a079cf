import { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import {
  createCertificateAuthority,
  importPrivateKeyPem,
  issueCertificate,
  loadIssuedCertificate,
  type IssuedCertificate,
} from "./issue";

/** Handshake against a throwaway TLS server; resolves with the client-side error code or "ok". */
async function handshake(server: IssuedCertificate, trusted: string[], servername = "localhost"): Promise<string> {
  const tlsServer = tls.createServer({ key: server.privateKeyPem, cert: server.certificatePem }, (socket) => socket.end());
  await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
  const { port } = tlsServer.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: "127.0.0.1", port, ca: trusted, servername }, () => {
        socket.destroy();
        resolve("ok");
      });
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
  }
}

describe("certificate issuing", () => {
  it("creates a CA whose server certificate node:tls accepts for its hostnames and IPs", async () => {
    const ca = await createCertificateAuthority({ commonName: "Test CA, Inc.", organization: "Gatehouse" });
    const server = await issueCertificate({
      issuer: ca,
      commonName: "localhost",
      profile: "server",
      hostnames: ["localhost", "127.0.0.1", "mdm.example"],
    });

    const leaf = new NodeX509Certificate(server.certificatePem);
    const root = new NodeX509Certificate(ca.certificatePem);
    expect(root.ca).toBe(true);
    // One CN containing a comma (escaped in node's rendering), not a CN plus a stray attribute.
    expect(root.subject.split("\n")).toEqual(["CN=Test CA\\, Inc.", "O=Gatehouse"]);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain("DNS:localhost");
    expect(leaf.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(leaf.subjectAltName).toContain("DNS:mdm.example");
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
    expect(server.privateKeyPem).toContain("BEGIN PRIVATE KEY");

    expect(await handshake(server, [ca.certificatePem])).toBe("ok");
    expect(await handshake(server, [ca.certificatePem], "mdm.example")).toBe("ok");
    expect(await handshake(server, [ca.certificatePem], "other.example")).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("yields certificates that fail verification against another CA or when expired", async () => {
    const ca = await createCertificateAuthority({ commonName: "Real CA" });
    const rogue = await createCertificateAuthority({ commonName: "Rogue CA" });
    const untrusted = await issueCertificate({
      issuer: rogue,
      commonName: "localhost",
      profile: "server",
      hostnames: ["localhost"],
    });
    const expired = await issueCertificate({
      issuer: ca,
      commonName: "localhost",
      profile: "server",
      hostnames: ["localhost"],
      notBefore: new Date(Date.now() - 400 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    expect(await handshake(untrusted, [ca.certificatePem])).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(await handshake(expired, [ca.certificatePem])).toBe("CERT_HAS_EXPIRED");
  });

  it("issues RSA client certificates with MDM GUID SAN URIs", async () => {
    const ca = await createCertificateAuthority({ commonName: "Device CA" });
    const device = await issueCertificate({
      issuer: ca,
      commonName: "ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f",
      profile: "client",
      uris: ["ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f"],
      keyAlgorithm: "rsa-2048",
    });
    const leaf = new NodeX509Certificate(device.certificatePem);
    expect(leaf.publicKey.asymmetricKeyType).toBe("rsa");
    expect(leaf.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(leaf.subjectAltName).toContain("URI:ID:Mobileiron:GUID:6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f");
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.2");
    expect(leaf.verify(new NodeX509Certificate(ca.certificatePem).publicKey)).toBe(true);
  });

  it("reloads a CA from PEM and keeps signing with it", async () => {
    const ca = await createCertificateAuthority({ commonName: "Persisted CA" });
    const reloaded = await loadIssuedCertificate(ca.certificatePem, ca.privateKeyPem);
    const server = await issueCertificate({
      issuer: reloaded,
      commonName: "localhost",
      profile: "server",
      hostnames: ["localhost"],
    });
    expect(await handshake(server, [ca.certificatePem])).toBe("ok");
    await expect(importPrivateKeyPem("not a key")).rejects.toThrow();
  });

  it("rejects a validity window that ends before it starts", async () => {
    await expect(
      createCertificateAuthority({ commonName: "Bad", notBefore: new Date(2030, 0, 1), notAfter: new Date(2029, 0, 1) }),
    ).rejects.toThrow(/notAfter/);
  });
});
