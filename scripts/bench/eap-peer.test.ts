// The benchmark's EAP-TLS peer against the real engine on loopback: full and resumed handshakes in TLS 1.2
// and 1.3 (each one's MS-MPPE keys checked against the MSK the client derives), fragmentation both ways,
// and the failures it must report rather than count as handshakes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSystemCertificates } from "../../lib/db/system-certificates";
import { addTrustedCertificate } from "../../lib/db/trusted-certificates";
import { createCertificateAuthority, issueCertificate, type IssuedCertificate } from "../../lib/engine/pki/issue";
import { startTestEngine, type TestEngine } from "../../lib/engine/test-support";
import { EapTlsPeer, RadiusLane, runLoad, type EapTlsPeerOptions, type HandshakeResult } from "./eap-peer";

const SECRET = "testing123-eap-peer";
let harness: TestEngine;
let serverCaPem: string;
let device: IssuedCertificate;
let rogue: IssuedCertificate;

function peer(overrides: Partial<EapTlsPeerOptions> = {}): EapTlsPeer {
  return new EapTlsPeer({
    host: "127.0.0.1",
    port: harness.engine.radius!.authPort,
    secret: SECRET,
    clientCertPem: device.certificatePem,
    clientKeyPem: device.privateKeyPem,
    serverCaPem,
    tlsVersion: "TLSv1.2",
    ...overrides,
  });
}

async function authenticate(target: EapTlsPeer, session?: Buffer): Promise<HandshakeResult> {
  const lane = await RadiusLane.open(target.options);
  try {
    return await target.authenticate(lane, { identity: "host/peer-test", callingStationId: "02-00-00-00-0A-01", session });
  } finally {
    lane.close();
  }
}

beforeAll(async () => {
  harness = await startTestEngine({ nads: [{ secret: SECRET }], radius: true, engine: { eventFlushMs: 50 } });
  const [eapCertificate] = await listSystemCertificates(harness.t.db);
  serverCaPem = eapCertificate!.pem;
  const ca = await createCertificateAuthority({ commonName: "Peer Test Device CA", keyAlgorithm: "rsa-2048" });
  const rogueCa = await createCertificateAuthority({ commonName: "Peer Test Rogue CA", keyAlgorithm: "rsa-2048" });
  await addTrustedCertificate(
    harness.t.db,
    { pem: ca.certificatePem, friendlyName: "Peer Test Device CA", trustForMdm: false, trustForClientAuth: true },
    "test",
  );
  await harness.engine.syncConfig();
  const guid = "ID:Mobileiron:GUID:0d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
  device = await issueCertificate({
    issuer: ca,
    commonName: "peer-device",
    profile: "client",
    keyAlgorithm: "rsa-2048",
    uris: [guid],
  });
  rogue = await issueCertificate({ issuer: rogueCa, commonName: "rogue-device", profile: "client", keyAlgorithm: "rsa-2048" });
}, 60_000);

afterAll(async () => {
  await harness?.stop();
});

describe("EAP-TLS load peer against the engine", () => {
  it.each(["TLSv1.2", "TLSv1.3"] as const)(
    "completes a full %s handshake with MS-MPPE keys equal to its own MSK",
    async (version) => {
      const result = await authenticate(peer({ tlsVersion: version }));
      expect(result).toMatchObject({ ok: true, protocol: version, resumed: false, retransmits: 0 });
    },
  );

  it.each(["TLSv1.2", "TLSv1.3"] as const)("resumes a %s session when it offers one", async (version) => {
    const target = peer({ tlsVersion: version });
    const first = await authenticate(target);
    expect(first).toMatchObject({ ok: true, resumed: false });
    const second = await authenticate(target, first.ok ? first.session : undefined);
    expect(second).toMatchObject({ ok: true, protocol: version, resumed: true });
    // Fewer round trips: no certificates, no client flight of its own (TLS 1.2) beyond Finished.
    expect(second.roundTrips).toBeLessThan(first.roundTrips);
  });

  it("fragments its own flights and reassembles the server's", async () => {
    const small = await authenticate(peer({ tlsVersion: "TLSv1.2", fragmentSize: 200 }));
    const large = await authenticate(peer({ tlsVersion: "TLSv1.2", fragmentSize: 4000 }));
    expect(small).toMatchObject({ ok: true });
    expect(large).toMatchObject({ ok: true });
    // The client's certificate flight (~1.7 KB) takes several EAP-TLS messages at 200 octets.
    expect(small.roundTrips).toBeGreaterThan(large.roundTrips + 5);
  });

  it("reports a certificate from an untrusted CA as an Access-Reject, not a handshake", async () => {
    const result = await authenticate(peer({ clientCertPem: rogue.certificatePem, clientKeyPem: rogue.privateKeyPem }));
    expect(result).toMatchObject({ ok: false, kind: "Access-Reject" });
  });

  it("refuses a server certificate it does not trust", async () => {
    const result = await authenticate(peer({ serverCaPem: rogue.certificatePem }));
    expect(result).toMatchObject({ ok: false, kind: "tls-error" });
  });

  it("times out when the engine drops its requests (wrong shared secret)", async () => {
    const result = await authenticate(peer({ secret: "not-the-secret", retransmitMs: 200, retransmits: 1 }));
    expect(result).toMatchObject({ ok: false, kind: "timeout", retransmits: 1 });
  });

  it("keeps several conversations going at once in the closed loop", async () => {
    const result = await runLoad({ peer: peer({ tlsVersion: "TLSv1.3" }), concurrency: 4, seconds: 1.5 });
    expect(result.failed).toBe(0);
    expect(result.ok).toBeGreaterThanOrEqual(4);
    expect(result.latencies.length).toBe(result.ok);
  });
});
