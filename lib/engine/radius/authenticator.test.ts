import crypto from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { signRequest, signResponse, verifyRequest, verifyResponse } from "./authenticator";
import { RadiusCode } from "./codes";
import { encodePacket, encodeRequest, encodeResponse } from "./encode";
import { attr, hex, packet } from "./fixtures/packet-builder";
import { decodePacket, type RadiusPacket } from "./packet";

interface Capture {
  source: string;
  hex: string;
  freeradius: string;
}
const fixtures = new URL("./fixtures/", import.meta.url);
const rfc2865 = JSON.parse(fs.readFileSync(new URL("rfc2865-sec7.json", fixtures), "utf8")) as {
  secret: string;
  packets: { code: number; id: number; hex: string; userPasswordDecrypted?: string }[];
};
const vectors = JSON.parse(fs.readFileSync(new URL("freeradius-master/packets.json", fixtures), "utf8")) as {
  captures: Record<string, Capture[]>;
  golden: Record<string, { hex: string }>;
};

const harnessAuthenticator = hex("000102030405060708090a0b0c0d0e0f");

function decodeOk(bytes: Buffer): RadiusPacket {
  const result = decodePacket(bytes);
  if (!result.ok) throw new Error(`decode failed: ${result.error.code} ${result.error.message}`);
  return result.packet;
}

function capture(set: string, source: string): RadiusPacket {
  const found = vectors.captures[set]?.find((c) => c.source === source);
  if (!found) throw new Error(`no capture ${set} ${source}`);
  return decodeOk(hex(found.hex));
}

// Independent re-derivations, straight from the RFC text, with node:crypto only.
function md5(...parts: Uint8Array[]): Buffer {
  const hash = crypto.createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest();
}
function hmac(key: string, data: Uint8Array): Buffer {
  return crypto.createHmac("md5", key).update(data).digest();
}
function findAttribute(bytes: Buffer, type: number): number {
  for (let offset = 20; offset < bytes.length; offset += bytes[offset + 1] ?? 1) if (bytes[offset] === type) return offset;
  return -1;
}

describe("RFC 2865 §7 examples (secret xyzzy5461)", () => {
  const packets = rfc2865.packets.map((p) => ({ ...p, bytes: hex(p.hex) }));
  const secret = Buffer.from(rfc2865.secret);

  it("decrypts the User-Passwords to arctangent and challenge", () => {
    const passwords = packets
      .filter((p) => p.userPasswordDecrypted)
      .map((p) => [decodeOk(p.bytes).decrypt("User-Password", secret)?.toString(), p.userPasswordDecrypted]);
    expect(passwords).toEqual([
      ["arctangent", "arctangent"],
      ["challenge", "challenge"],
    ]);
  });

  it("verifies each Response Authenticator against its request", () => {
    const pairs: [number, number][] = [
      [0, 1],
      [2, 3],
      [4, 5],
    ];
    for (const [requestIndex, responseIndex] of pairs) {
      const request = decodeOk(packets[requestIndex]?.bytes ?? Buffer.alloc(0));
      const response = decodeOk(packets[responseIndex]?.bytes ?? Buffer.alloc(0));
      expect(verifyResponse(response, request, secret)).toEqual({ ok: true });
      expect(verifyResponse(response, request, "wrong-secret")).toMatchObject({ ok: false, reason: "bad-authenticator" });
    }
  });

  it("verifies §7.3's Access-Reject against the raw header of the request we could not decode", () => {
    const rejected = packets[6]?.bytes ?? Buffer.alloc(0);
    const reject = decodeOk(packets[7]?.bytes ?? Buffer.alloc(0));
    const reference = { code: rejected[0], identifier: rejected[1] ?? 0, authenticator: rejected.subarray(4, 20) };
    expect(verifyResponse(reject, reference, secret)).toEqual({ ok: true });
  });

  it("signs §7.1's Access-Accept to the same octets", () => {
    const request = decodeOk(packets[0]?.bytes ?? Buffer.alloc(0));
    const signed = encodeResponse(
      {
        code: RadiusCode.AccessAccept,
        attributes: [
          { name: "Service-Type", value: "Login-User" },
          { name: "Login-Service", value: "Telnet" },
          { name: "Login-IP-Host", value: "192.168.1.3" },
        ],
      },
      request,
      secret,
      { messageAuthenticator: false },
    );
    expect(signed).toEqual({ ok: true, bytes: packets[1]?.bytes });
  });
});

describe("FreeRADIUS captures (secret testing123)", () => {
  const secret = Buffer.from("testing123");
  const set = vectors.captures["wireshark01"] ?? [];
  const packets = set.map((c) => decodeOk(hex(c.hex)));

  it("verifies the Message-Authenticator of every Access-Request signed with the secret", () => {
    const verdicts = packets
      .filter((p) => p.isRequest)
      .map((p) => [p.identifier, verifyRequest(p, secret, { requireMessageAuthenticator: true })]);
    expect(verdicts).toEqual([
      [103, { ok: true }],
      [104, { ok: true }],
      [113, { ok: true }],
      [114, { ok: true }],
      [97, { ok: true }],
      [168, { ok: true }],
      [43, { ok: true }],
      // Identifiers 184 and 148 were signed with another secret: their passwords decrypt to noise too.
      [184, expect.objectContaining({ ok: false, reason: "bad-ma" })],
      [184, expect.objectContaining({ ok: false, reason: "bad-ma" })],
      [184, expect.objectContaining({ ok: false, reason: "bad-ma" })],
      [148, expect.objectContaining({ ok: false, reason: "bad-ma" })],
    ]);
  });

  it("verifies each response against the request with the same Identifier", () => {
    const verdicts: [number, number, unknown][] = [];
    for (let i = 1; i < packets.length; i++) {
      const response = packets[i];
      const request = packets[i - 1];
      if (!response || !request || response.isRequest) continue;
      verdicts.push([response.identifier, response.code, verifyResponse(response, request, secret)]);
    }
    expect(verdicts).toEqual([
      [103, RadiusCode.AccessChallenge, { ok: true }],
      [104, RadiusCode.AccessReject, { ok: true }],
      [113, RadiusCode.AccessChallenge, { ok: true }],
      [114, RadiusCode.AccessAccept, { ok: true }],
      [97, RadiusCode.AccessAccept, { ok: true }],
      [168, RadiusCode.AccessAccept, { ok: true }],
      [43, RadiusCode.AccessReject, { ok: true }],
      [148, RadiusCode.AccessAccept, expect.objectContaining({ ok: false, reason: "bad-authenticator" })],
    ]);
  });

  it("decrypts the PAP passwords and follows the EAP conversation's State", () => {
    const passwords = packets
      .filter((p) => p.code === RadiusCode.AccessRequest && p.identifier !== 184 && p.identifier !== 148)
      .map((p) => p.decrypt("User-Password", secret)?.toString());
    expect(passwords).toEqual(["bad", "bad", "testing", "testing", "testing", undefined, "bad_password"]);
    const challenge = packets[1];
    const nextRequest = packets[2];
    expect(challenge?.get("State")).toEqual(nextRequest?.get("State"));
    expect(challenge?.get("EAP-Message")?.toString("hex")).toMatch(/^01670016/);
    expect(packets[10]?.get("CHAP-Password")).toHaveLength(17);
  });

  it("verifies the RFC 4675 VLAN exchanges and decodes their attributes", () => {
    const exchange = (vectors.captures["rfc4675"] ?? []).map((c) => decodeOk(hex(c.hex)));
    for (let i = 0; i < exchange.length; i += 2) {
      const request = exchange[i];
      const response = exchange[i + 1];
      if (!request || !response) throw new Error("incomplete exchange");
      expect(verifyRequest(request, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });
      expect(verifyResponse(response, request, secret)).toEqual({ ok: true });
      expect(request.decrypt("User-Password", secret)?.toString()).toBe("hello");
    }
    expect(exchange[1]?.get("Egress-VLAN-Name")).toBe("1vlanname");
    expect(exchange[1]?.get("Ingress-Filters")).toBe(1);
    expect(exchange[1]?.get("Egress-VLANID")).toBe(0x3100007b);
  });

  it("verifies the Disconnect-Request of the RFC 5176 capture (Message-Authenticator over a zeroed authenticator)", () => {
    const disconnect = capture("rfc5176", "packet_rfc5176.txt:30");
    expect(disconnect.code).toBe(RadiusCode.DisconnectRequest);
    expect(verifyRequest(disconnect, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });
    expect(verifyRequest(disconnect, "other-secret")).toMatchObject({ ok: false, reason: "bad-authenticator" });
  });

  it("rejects the capture's CoA-Request, whose authenticator is a random nonce instead of RFC 5176 §2.3's MD5", () => {
    const coa = capture("rfc5176", "packet_rfc5176.txt:81");
    expect(coa.code).toBe(RadiusCode.CoaRequest);
    expect(verifyRequest(coa, secret)).toMatchObject({ ok: false, reason: "bad-authenticator" });
    // Its Message-Authenticator was computed like an Access-Request's, over the nonce.
    const bytes = Buffer.from(coa.bytes).fill(0, 22, 38);
    expect(hmac("testing123", bytes)).toEqual(coa.messageAuthenticator);
  });

  it("verifies a CoA-Request sent to port 1700 without Message-Authenticator, unless one is required", () => {
    const coa = capture("port1700", "packet_port1700.txt:22");
    expect(coa.get("User-Name")).toBe("bob");
    expect(verifyRequest(coa, secret)).toEqual({ ok: true });
    expect(verifyRequest(coa, secret, { requireMessageAuthenticator: true })).toMatchObject({ ok: false, reason: "missing-ma" });
  });

  it("decodes Error-Cause values from the RFC 5176 capture", () => {
    const request = capture("rfc5176_2", "packet_rfc5176-2.txt:42");
    expect(request.getAll("Error-Cause")).toEqual([201, 209]);
  });

  it("decodes the RFC 3162 IPv6 attributes, skipping malformed prefixes", () => {
    const request = decodeOk(hex(vectors.captures["rfc3162"]?.[0]?.hex ?? ""));
    expect(request.get("NAS-IPv6-Address")).toBe("2001:db8:a0b:12f0::1");
    expect(request.getAll("Framed-IPv6-Prefix")).toEqual(["2001:db8:a0b:12f0::/64", "2001:db8:a0b:12f0::/64", "::/0"]);
    expect(request.attributes().filter((a) => a.type === 97)).toHaveLength(6);
  });
});

describe("signing", () => {
  const secret = Buffer.from("testing123");

  it("signs an empty Access-Accept to FreeRADIUS's golden octets", () => {
    const result = encodeResponse(
      { code: RadiusCode.AccessAccept, attributes: [] },
      { identifier: 0, authenticator: harnessAuthenticator },
      secret,
      { messageAuthenticator: false },
    );
    expect(result.ok && result.bytes.toString("hex")).toBe(vectors.golden["emptyAccessAccept"]?.hex);
  });

  it("builds an Access-Accept for a VLAN + Cisco reply that a client verifies (MA first, then Response Authenticator)", () => {
    const request = decodeOk(
      (() => {
        const r = encodeRequest(
          {
            code: RadiusCode.AccessRequest,
            identifier: 77,
            attributes: [
              { name: "User-Name", value: "020000000001" },
              { name: "Calling-Station-Id", value: "02-00-00-00-00-01" },
              { name: "Service-Type", value: "Call-Check" },
            ],
          },
          secret,
        );
        if (!r.ok) throw new Error(r.error.message);
        return r.bytes;
      })(),
    );
    const result = encodeResponse(
      {
        code: RadiusCode.AccessAccept,
        attributes: [
          { name: "Tunnel-Type", value: "VLAN", tag: 1 },
          { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
          { name: "Tunnel-Private-Group-Id", value: "120", tag: 1 },
          { name: "Cisco-AVPair", value: "ACS:CiscoSecure-Defined-ACL=#ACSACL#-IP-PERMIT_ALL" },
          { name: "Session-Timeout", value: 28800 },
        ],
      },
      request,
      secret,
    );
    if (!result.ok) throw new Error(result.error.message);
    const bytes = result.bytes;
    const reply = decodeOk(bytes);

    // As a NAS would check it:
    expect(verifyResponse(reply, request, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });
    expect(reply.identifier).toBe(77);
    expect(reply.messageAuthenticatorOffset).toBe(20);
    expect(reply.getAttributes("Tunnel-Private-Group-Id")[0]).toMatchObject({ tag: 1, value: "120" });
    expect(reply.get("Tunnel-Type")).toBe(13);
    expect(reply.get("Session-Timeout")).toBe(28800);

    // RFC 3579 §3.2: MA = HMAC-MD5 over the reply with the Request Authenticator in the field and the MA zeroed.
    const forMa = Buffer.from(bytes);
    request.authenticator.copy(forMa, 4);
    forMa.fill(0, 22, 38);
    expect(bytes.subarray(22, 38)).toEqual(hmac("testing123", forMa));
    // RFC 2865 §3: Response Authenticator = MD5(Code+ID+Length+RequestAuth+Attributes+Secret), over the final MA.
    const forAuth = Buffer.from(bytes);
    request.authenticator.copy(forAuth, 4);
    expect(bytes.subarray(4, 20)).toEqual(md5(forAuth, secret));

    // Any change is caught.
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(verifyResponse(decodeOk(tampered), request, secret)).toMatchObject({ ok: false, reason: "bad-authenticator" });
    expect(verifyResponse(reply, { identifier: 77, authenticator: Buffer.alloc(16) }, secret)).toMatchObject({
      ok: false,
      reason: "bad-authenticator",
    });
    expect(verifyResponse(reply, { identifier: 78, authenticator: request.authenticator }, secret)).toMatchObject({
      ok: false,
      reason: "identifier-mismatch",
    });
    expect(
      verifyResponse(reply, { code: RadiusCode.CoaRequest, identifier: 77, authenticator: request.authenticator }, secret),
    ).toMatchObject({
      ok: false,
      reason: "unexpected-code",
    });
  });

  it("detects a reply whose Message-Authenticator alone was altered", () => {
    const request = { code: RadiusCode.AccessRequest, identifier: 5, authenticator: harnessAuthenticator };
    const unsigned = encodePacket(
      { code: RadiusCode.AccessAccept, identifier: 5, attributes: [] },
      { messageAuthenticator: true },
    );
    if (!unsigned.ok) throw new Error("encode");
    const bytes = unsigned.bytes;
    // Garbage MA, but a valid Response Authenticator computed over it.
    bytes.fill(0x55, 22, 38);
    harnessAuthenticator.copy(bytes, 4);
    md5(bytes, secret).copy(bytes, 4);
    expect(verifyResponse(decodeOk(bytes), request, secret)).toMatchObject({ ok: false, reason: "bad-ma" });
  });

  it("signs a CoA-Request per RFC 5176 §3.4: MA over a zeroed authenticator first, then the Request Authenticator", () => {
    const result = encodeRequest(
      {
        code: RadiusCode.CoaRequest,
        identifier: 9,
        attributes: [
          { name: "Calling-Station-Id", value: "02-00-00-00-00-01" },
          { name: "Acct-Session-Id", value: "0A0B0C0D00000001" },
          { name: "Cisco-AVPair", value: "subscriber:command=reauthenticate" },
        ],
      },
      secret,
    );
    if (!result.ok) throw new Error(result.error.message);
    const bytes = result.bytes;
    const ma = findAttribute(bytes, 80);
    expect(ma).toBe(20);

    const forMa = Buffer.from(bytes)
      .fill(0, 4, 20)
      .fill(0, ma + 2, ma + 18);
    expect(bytes.subarray(ma + 2, ma + 18)).toEqual(hmac("testing123", forMa));
    const forAuth = Buffer.from(bytes).fill(0, 4, 20);
    expect(bytes.subarray(4, 20)).toEqual(md5(forAuth, secret));

    const decoded = decodeOk(bytes);
    expect(verifyRequest(decoded, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });
    expect(decoded.get("Cisco-AVPair")).toBe("subscriber:command=reauthenticate");
  });

  it("rejects a CoA-Request signed in the wrong order (authenticator first, then MA over it)", () => {
    const unsigned = encodePacket(
      { code: RadiusCode.CoaRequest, identifier: 9, attributes: [{ name: "User-Name", value: "bob" }] },
      { messageAuthenticator: true },
    );
    if (!unsigned.ok) throw new Error("encode");
    const bytes = unsigned.bytes;
    md5(bytes, secret).copy(bytes, 4);
    hmac("testing123", Buffer.from(bytes).fill(0, 22, 38)).copy(bytes, 22);
    expect(verifyRequest(decodeOk(bytes), secret)).toMatchObject({ ok: false, reason: "bad-authenticator" });
  });

  it("rejects a CoA-Request whose MA is wrong even though its authenticator is right", () => {
    const unsigned = encodePacket(
      { code: RadiusCode.DisconnectRequest, identifier: 1, attributes: [{ name: "User-Name", value: "bob" }] },
      { messageAuthenticator: true },
    );
    if (!unsigned.ok) throw new Error("encode");
    const bytes = unsigned.bytes.fill(0x11, 22, 38);
    md5(bytes, secret).copy(bytes, 4);
    expect(verifyRequest(decodeOk(bytes), secret)).toMatchObject({ ok: false, reason: "bad-ma" });
  });

  it("verifies CoA-ACK / Accounting-Response MAs computed with the request authenticator or a zeroed one", () => {
    const request = { code: RadiusCode.CoaRequest, identifier: 4, authenticator: hex("5f18309be67cd6150fe4c3a0b93536c9") };
    const ours = encodeResponse({ code: RadiusCode.CoaAck, attributes: [] }, request, secret);
    if (!ours.ok) throw new Error("encode");
    expect(verifyResponse(decodeOk(ours.bytes), request, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });

    // FreeRADIUS's rad_sign zeroes the authenticator field before the HMAC of these replies.
    const unsigned = encodePacket({ code: RadiusCode.CoaAck, identifier: 4, attributes: [] }, { messageAuthenticator: true });
    if (!unsigned.ok) throw new Error("encode");
    const freeradiusStyle = unsigned.bytes;
    hmac("testing123", freeradiusStyle).copy(freeradiusStyle, 22);
    request.authenticator.copy(freeradiusStyle, 4);
    md5(freeradiusStyle, secret).copy(freeradiusStyle, 4);
    expect(verifyResponse(decodeOk(freeradiusStyle), request, secret)).toEqual({ ok: true });

    // The zeroed variant is not accepted for Access-* replies (RFC 3579 §3.2 is explicit there).
    const accept = encodePacket({ code: RadiusCode.AccessAccept, identifier: 4, attributes: [] }, { messageAuthenticator: true });
    if (!accept.ok) throw new Error("encode");
    const zeroedAccept = accept.bytes;
    hmac("testing123", zeroedAccept).copy(zeroedAccept, 22);
    request.authenticator.copy(zeroedAccept, 4);
    md5(zeroedAccept, secret).copy(zeroedAccept, 4);
    expect(verifyResponse(decodeOk(zeroedAccept), { ...request, code: RadiusCode.AccessRequest }, secret)).toMatchObject({
      ok: false,
      reason: "bad-ma",
    });
  });

  it("signs and verifies Accounting-Request (RFC 2866 §3) and its Accounting-Response", () => {
    const result = encodeRequest(
      {
        code: RadiusCode.AccountingRequest,
        identifier: 12,
        attributes: [
          { name: "Acct-Status-Type", value: "Start" },
          { name: "Acct-Session-Id", value: "abc" },
          { name: "Event-Timestamp", value: new Date(1_700_000_000_000) },
        ],
      },
      secret,
    );
    if (!result.ok) throw new Error("encode");
    const request = decodeOk(result.bytes);
    expect(request.messageAuthenticator).toBeUndefined();
    expect(verifyRequest(request, secret)).toEqual({ ok: true });
    expect(verifyRequest(request, "nope")).toMatchObject({ ok: false, reason: "bad-authenticator" });
    expect(verifyRequest(request, secret, { requireMessageAuthenticator: true })).toMatchObject({ reason: "missing-ma" });

    const response = encodeResponse({ code: RadiusCode.AccountingResponse, attributes: [] }, request, secret);
    if (!response.ok) throw new Error("encode");
    expect(decodeOk(response.bytes).messageAuthenticator).toBeUndefined();
    expect(verifyResponse(decodeOk(response.bytes), request, secret)).toEqual({ ok: true });
  });

  it("signs an Accounting-Response's Message-Authenticator over a zeroed authenticator, as FreeRADIUS verifies it", () => {
    const request = { code: RadiusCode.AccountingRequest, identifier: 12, authenticator: crypto.randomBytes(16) };
    const result = encodeResponse({ code: RadiusCode.AccountingResponse, attributes: [] }, request, secret, {
      messageAuthenticator: true,
    });
    if (!result.ok) throw new Error("encode");
    const bytes = result.bytes;
    expect(bytes.subarray(22, 38)).toEqual(hmac("testing123", Buffer.from(bytes).fill(0, 4, 20).fill(0, 22, 38)));
    const forAuth = Buffer.from(bytes);
    request.authenticator.copy(forAuth, 4);
    expect(bytes.subarray(4, 20)).toEqual(md5(forAuth, secret));
    expect(verifyResponse(decodeOk(bytes), request, secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });

    // A reply to Status-Server on the accounting port keys it on the request's authenticator (RFC 5997 §3).
    const status = { code: RadiusCode.StatusServer, identifier: 1, authenticator: crypto.randomBytes(16) };
    const statusReply = encodeResponse({ code: RadiusCode.AccountingResponse, attributes: [] }, status, secret, {
      messageAuthenticator: true,
    });
    if (!statusReply.ok) throw new Error("encode");
    const forMa = Buffer.from(statusReply.bytes).fill(0, 22, 38);
    status.authenticator.copy(forMa, 4);
    expect(statusReply.bytes.subarray(22, 38)).toEqual(hmac("testing123", forMa));
  });

  it("enforces Message-Authenticator on Access-Request only when the client requires it (BlastRADIUS)", () => {
    const bare = packet({ code: 1, identifier: 1, authenticator: harnessAuthenticator, attributes: [attr(1, "bob")] });
    expect(verifyRequest(decodeOk(bare), secret)).toEqual({ ok: true });
    expect(verifyRequest(decodeOk(bare), secret, { requireMessageAuthenticator: true })).toMatchObject({ reason: "missing-ma" });

    const signed = encodeRequest(
      { code: RadiusCode.AccessRequest, identifier: 1, attributes: [{ name: "User-Name", value: "bob" }] },
      secret,
    );
    if (!signed.ok) throw new Error("encode");
    expect(verifyRequest(decodeOk(signed.bytes), secret, { requireMessageAuthenticator: true })).toEqual({ ok: true });
    expect(verifyRequest(decodeOk(signed.bytes), "wrong", { requireMessageAuthenticator: true })).toMatchObject({
      reason: "bad-ma",
    });
  });

  it("signs Status-Server with a Message-Authenticator (RFC 5997 §3)", () => {
    const result = encodeRequest({ code: RadiusCode.StatusServer, identifier: 200, attributes: [] }, secret);
    if (!result.ok) throw new Error("encode");
    const status = decodeOk(result.bytes);
    expect(status.messageAuthenticatorOffset).toBe(20);
    expect(verifyRequest(status, secret)).toEqual({ ok: true });
  });

  it("hides User-Password with the request's own random authenticator", () => {
    for (const password of ["", "p", "exactly16octets!", "seventeen octets!", "x".repeat(128)]) {
      const result = encodeRequest(
        { code: RadiusCode.AccessRequest, identifier: 1, attributes: [{ name: "User-Password", value: password }] },
        secret,
      );
      if (!result.ok) throw new Error(result.error.message);
      const request = decodeOk(result.bytes);
      const hidden = request.getRaw("User-Password");
      expect(hidden?.length).toBe(Math.max(16, Math.ceil(password.length / 16) * 16));
      expect(request.decrypt("User-Password", secret)?.toString()).toBe(password);
      expect(request.decrypt("User-Password", "wrong")?.toString()).not.toBe(password || "x");
    }
  });

  it("encrypts MS-MPPE keys with the request authenticator (RFC 2548 §2.4.2)", () => {
    const request = { code: RadiusCode.AccessRequest, identifier: 3, authenticator: crypto.randomBytes(16) };
    const recvKey = crypto.randomBytes(32);
    const sendKey = crypto.randomBytes(32);
    const result = encodeResponse(
      {
        code: RadiusCode.AccessAccept,
        attributes: [
          { name: "MS-MPPE-Recv-Key", value: recvKey },
          { name: "MS-MPPE-Send-Key", value: sendKey },
        ],
      },
      request,
      secret,
    );
    if (!result.ok) throw new Error(result.error.message);
    const reply = decodeOk(result.bytes);
    const raw = reply.getRaw("MS-MPPE-Recv-Key");
    expect(raw?.length).toBe(2 + 48);
    expect((raw?.[0] ?? 0) & 0x80).toBe(0x80);
    expect(raw?.includes(recvKey.subarray(0, 8))).toBe(false);
    expect(reply.decrypt("MS-MPPE-Recv-Key", secret, request.authenticator)).toEqual(recvKey);
    expect(reply.decrypt("MS-MPPE-Send-Key", secret, request.authenticator)).toEqual(sendKey);
    expect(reply.decrypt("MS-MPPE-Send-Key", secret, crypto.randomBytes(16))).not.toEqual(sendKey);
    expect(() => reply.decrypt("MS-MPPE-Send-Key", secret)).toThrow(TypeError);
  });

  it("refuses to sign a request as a response and vice versa", () => {
    const request = encodePacket({ code: RadiusCode.AccessRequest, identifier: 1, attributes: [] });
    const response = encodePacket({ code: RadiusCode.AccessAccept, identifier: 1, attributes: [] });
    if (!request.ok || !response.ok) throw new Error("encode");
    expect(() => signResponse(request.bytes, { identifier: 1, authenticator: harnessAuthenticator }, secret)).toThrow(TypeError);
    expect(() => signRequest(response.bytes, secret)).toThrow(TypeError);
    expect(verifyRequest(decodeOk(response.bytes), secret)).toMatchObject({ ok: false, reason: "not-a-request" });
  });
});
