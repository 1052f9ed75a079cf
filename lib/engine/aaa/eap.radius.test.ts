// EAP over RADIUS (RFC 3579) at the engine's socket: the conversation table's bound, the reply cache for
// challenges, and hostile EAP-Messages. Real engine, real UDP; the TLS itself is covered with eapol_test.
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuthEvents } from "../../db/auth-events";
import { decodeEap, EapCode, EapType, encodeEap } from "../eap/codec";
import { decodePacket, encodeRequest, RadiusCode } from "../radius";
import { startTestEngine, type TestEngine } from "../test-support";

const SECRET = "testing123-eap-radius";
let harness: TestEngine;
let socket: dgram.Socket;
/** The first test's conversation: its State and the outstanding EAP Identifier. */
let open: { state: Buffer; identifier: number } | undefined;

function accessRequest(identifier: number, eap: Buffer, state?: Buffer): Buffer {
  const encoded = encodeRequest(
    {
      code: RadiusCode.AccessRequest,
      identifier,
      attributes: [
        { name: "User-Name", value: "host/test" },
        { name: "Calling-Station-Id", value: "02-00-00-00-00-99" },
        { name: "EAP-Message", value: eap },
        ...(state ? [{ name: "State" as const, value: state }] : []),
      ],
    },
    SECRET,
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.bytes;
}

const identity = (id: number) =>
  encodeEap({ code: EapCode.Response, identifier: id, type: EapType.Identity, data: Buffer.from("host/test") });

/** Sends one datagram and waits for the reply (or undefined after `waitMs`). */
function exchange(datagram: Buffer, waitMs = 1000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off("message", onMessage);
      resolve(undefined);
    }, waitMs);
    const onMessage = (message: Buffer) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      resolve(message);
    };
    socket.on("message", onMessage);
    socket.send(datagram, harness.engine.radius!.authPort, "127.0.0.1");
  });
}

function parse(reply: Buffer | undefined) {
  if (!reply) throw new Error("no reply");
  const decoded = decodePacket(reply);
  if (!decoded.ok) throw new Error(decoded.error.message);
  const eap = decoded.packet.get("EAP-Message");
  return { packet: decoded.packet, eap: eap ? decodeEap(eap) : undefined, state: decoded.packet.getRaw("State") };
}

beforeAll(async () => {
  harness = await startTestEngine({
    nads: [{ secret: SECRET }],
    radius: true,
    engine: { eventFlushMs: 50, eap: { maxConversations: 2 } },
  });
  // No CA trusted for client authentication yet: add one so conversations can start.
  const { createCertificateAuthority } = await import("../pki/issue");
  const { addTrustedCertificate } = await import("../../db/trusted-certificates");
  const ca = await createCertificateAuthority({ commonName: "Radius Test CA" });
  await addTrustedCertificate(
    harness.t.db,
    { pem: ca.certificatePem, friendlyName: "Radius Test CA", trustForMdm: false, trustForClientAuth: true },
    "test",
  );
  await harness.engine.syncConfig();
  socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
}, 60_000);

afterAll(async () => {
  socket?.close();
  await harness?.stop();
});

describe("EAP over RADIUS", () => {
  it("answers an EAP Identity with an Access-Challenge carrying EAP-TLS Start and a State", async () => {
    const { packet, eap, state } = parse(await exchange(accessRequest(1, identity(5))));
    expect(packet.code).toBe(RadiusCode.AccessChallenge);
    expect(packet.messageAuthenticatorOffset).toBeGreaterThanOrEqual(0);
    expect(eap?.ok && eap.packet).toMatchObject({ code: EapCode.Request, identifier: 6, type: EapType.Tls });
    expect(eap?.ok && "data" in eap.packet && eap.packet.data).toEqual(Buffer.from([0x20]));
    expect(state?.length).toBeGreaterThan(0);
    open = { state: state!, identifier: 6 };
  });

  it("answers a retransmitted Access-Request with the identical cached challenge", async () => {
    const request = accessRequest(2, identity(9));
    const first = await exchange(request);
    const again = await exchange(request);
    expect(again).toEqual(first);
    expect(harness.engine.metrics.duplicates.get({ action: "replayed" })).toBeGreaterThanOrEqual(1);
  });

  it("rejects a new conversation over the bound on concurrent handshakes, logs why and counts it", async () => {
    // Two conversations are open (the tests above); the bound is 2.
    const { packet, eap } = parse(await exchange(accessRequest(3, identity(1))));
    expect(packet.code).toBe(RadiusCode.AccessReject);
    expect(eap?.ok && eap.packet.code).toBe(EapCode.Failure);
    expect(harness.engine.metrics.eapRefused.get()).toBe(1);
    await harness.engine.flushEvents();
    const [event] = (await listAuthEvents(harness.t.db, { take: 1 })).items;
    expect(event).toMatchObject({ method: "eap-tls", decision: "reject" });
    expect(event?.failureReason).toContain("Too many EAP conversations in progress (2)");
  });

  it("rejects an unknown State with EAP-Failure", async () => {
    const response = encodeEap({ code: EapCode.Response, identifier: 4, type: EapType.Tls, data: Buffer.from([0]) });
    const { packet, eap } = parse(await exchange(accessRequest(4, response, Buffer.from("not-a-conversation"))));
    expect(packet.code).toBe(RadiusCode.AccessReject);
    expect(eap?.ok && eap.packet).toMatchObject({ code: EapCode.Failure, identifier: 4 });
  });

  it("rejects a malformed EAP-Message and a first message that is not an Identity", async () => {
    const malformed = parse(await exchange(accessRequest(5, Buffer.from([2, 1, 0, 99, 1]))));
    expect(malformed.packet.code).toBe(RadiusCode.AccessReject);
    const notIdentity = encodeEap({ code: EapCode.Response, identifier: 1, type: EapType.Tls, data: Buffer.from([0]) });
    const rejected = parse(await exchange(accessRequest(6, notIdentity)));
    expect(rejected.packet.code).toBe(RadiusCode.AccessReject);
    await harness.engine.flushEvents();
    const reasons = (await listAuthEvents(harness.t.db, { take: 2 })).items.map((event) => event.failureReason);
    expect(reasons).toEqual([
      "EAP conversation without State: the first EAP-Response must be an Identity",
      expect.stringContaining("Malformed EAP-Message"),
    ]);
  });

  it("discards a Response that does not answer the outstanding Request (RFC 3748 §4.1), then fails a non-TLS answer", async () => {
    const { state, identifier } = open!;
    const hello = (id: number) =>
      encodeEap({ code: EapCode.Response, identifier: id, type: EapType.Tls, data: Buffer.from([0, 1, 2, 3]) });
    expect(await exchange(accessRequest(8, hello(identifier + 1), state), 500)).toBeUndefined();
    expect(harness.engine.metrics.drops.get({ reason: "eap-discarded" })).toBe(1);
    const { packet, eap } = parse(await exchange(accessRequest(9, hello(identifier), state)));
    expect(packet.code).toBe(RadiusCode.AccessReject);
    expect(eap?.ok && eap.packet).toMatchObject({ code: EapCode.Failure, identifier });
    await harness.engine.flushEvents();
    const [event] = (await listAuthEvents(harness.t.db, { take: 1 })).items;
    expect(event?.failureReason).toBe("The peer's first EAP-TLS message is not a TLS ClientHello");
  });
});
