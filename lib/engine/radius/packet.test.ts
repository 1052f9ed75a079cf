import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyRequest, verifyResponse } from "./authenticator";
import { RadiusCode } from "./codes";
import { ATTRIBUTE_DEFINITIONS, type AttributeName } from "./dictionary";
import { attr, hex, packet, seededBytes, u32, vsa } from "./fixtures/packet-builder";
import { decodePacket, type DecodeErrorCode, type RadiusPacket } from "./packet";

const fixtures = new URL("./fixtures/", import.meta.url);
const vectors = JSON.parse(fs.readFileSync(new URL("freeradius-master/packets.json", fixtures), "utf8")) as {
  errors: { source: string; hex: string; freeradius: string }[];
};
const rfc2865 = JSON.parse(fs.readFileSync(new URL("rfc2865-sec7.json", fixtures), "utf8")) as {
  packets: { hex: string }[];
};

function decodeOk(bytes: Buffer): RadiusPacket {
  const result = decodePacket(bytes);
  if (!result.ok) throw new Error(`decode failed: ${result.error.code} ${result.error.message}`);
  return result.packet;
}

function decodeError(bytes: Buffer) {
  const result = decodePacket(bytes);
  if (result.ok) throw new Error("expected a decode error");
  return result.error;
}

const auth = hex("000102030405060708090a0b0c0d0e0f");

describe("decodePacket: header and attributes", () => {
  const bytes = packet({
    code: RadiusCode.AccessRequest,
    identifier: 42,
    authenticator: auth,
    attributes: [
      attr(1, "alice"),
      attr(4, [192, 0, 2, 10]),
      attr(5, u32(17)),
      attr(61, u32(15)),
      attr(31, "02-00-00-00-00-01"),
      vsa(9, attr(1, "audit-session-id=abc"), attr(1, "device-platform=win")),
      attr(87, "Gi1/0/1"),
    ],
  });

  it("reads code, identifier, length and authenticator", () => {
    const decoded = decodeOk(bytes);
    expect(decoded.code).toBe(RadiusCode.AccessRequest);
    expect(decoded.identifier).toBe(42);
    expect(decoded.length).toBe(bytes.length);
    expect(decoded.authenticator).toEqual(auth);
    expect(decoded.isRequest).toBe(true);
  });

  it("decodes typed values by name", () => {
    const decoded = decodeOk(bytes);
    expect(decoded.get("User-Name")).toBe("alice");
    expect(decoded.get("NAS-IP-Address")).toBe("192.0.2.10");
    expect(decoded.get("NAS-Port")).toBe(17);
    expect(decoded.get("NAS-Port-Type")).toBe(15);
    expect(decoded.get("Calling-Station-Id")).toBe("02-00-00-00-00-01");
    expect(decoded.get("NAS-Port-Id")).toBe("Gi1/0/1");
    expect(decoded.get("Filter-Id")).toBeUndefined();
    expect(decoded.has("User-Name")).toBe(true);
    expect(decoded.has("State")).toBe(false);
  });

  it("unpacks several vendor attributes from one Vendor-Specific (RFC 2865 §5.26)", () => {
    const decoded = decodeOk(bytes);
    expect(decoded.getAll("Cisco-AVPair")).toEqual(["audit-session-id=abc", "device-platform=win"]);
    expect(decoded.get("Cisco-AVPair")).toBe("audit-session-id=abc");
  });

  it("lists attributes in wire order with names, vendor ids and offsets", () => {
    const list = decodeOk(bytes).attributes();
    expect(list.map((a) => a.name)).toEqual([
      "User-Name",
      "NAS-IP-Address",
      "NAS-Port",
      "NAS-Port-Type",
      "Calling-Station-Id",
      "Cisco-AVPair",
      "Cisco-AVPair",
      "NAS-Port-Id",
    ]);
    expect(list[0]).toMatchObject({ type: 1, vendorId: undefined, offset: 20 });
    expect(list[5]).toMatchObject({ type: 26, vendorId: 9, vendorType: 1 });
    expect(bytes[list[1]?.offset ?? 0]).toBe(4);
  });

  it("returns views into the datagram rather than copies", () => {
    const decoded = decodeOk(bytes);
    const userName = decoded.getRaw("User-Name");
    expect(userName?.buffer).toBe(bytes.buffer);
    expect(decoded.authenticator.buffer).toBe(bytes.buffer);
    expect(decoded.attributes()[0]?.value.buffer).toBe(bytes.buffer);
  });

  it("ignores octets beyond the Length field (RFC 2865 §3)", () => {
    const padded = Buffer.concat([bytes, Buffer.from("trailing padding")]);
    const decoded = decodeOk(padded);
    expect(decoded.length).toBe(bytes.length);
    expect(decoded.bytes.length).toBe(bytes.length);
    expect(decoded.get("NAS-Port-Id")).toBe("Gi1/0/1");
  });

  it("names attributes outside the dictionary FreeRADIUS-style", () => {
    const decoded = decodeOk(packet({ code: 4, attributes: [attr(17, "x"), vsa(9, attr(99, "y")), vsa(20000, attr(1, "z"))] }));
    expect(decoded.attributes().map((a) => a.name)).toEqual(["Attr-17", "Attr-26.9.99", "Attr-26.20000.1"]);
  });

  it("skips values that are not valid for their type, like FreeRADIUS's raw attributes", () => {
    const decoded = decodeOk(
      packet({ code: 4, attributes: [attr(4, [0xab, 0xcd]), attr(4, [10, 0, 0, 1]), attr(1, ""), attr(27, [0, 0, 1])] }),
    );
    expect(decoded.get("NAS-IP-Address")).toBe("10.0.0.1");
    expect(decoded.getAll("NAS-IP-Address")).toEqual(["10.0.0.1"]);
    expect(decoded.get("User-Name")).toBeUndefined();
    expect(decoded.has("User-Name")).toBe(true);
    expect(decoded.get("Session-Timeout")).toBeUndefined();
    const [shortAddress] = decoded.attributes();
    expect(shortAddress && decoded.decodeValue(shortAddress)).toBeUndefined();
  });

  it("decodes dates, IPv6 addresses and prefixes", () => {
    const decoded = decodeOk(
      packet({
        code: 4,
        attributes: [
          attr(55, u32(1_700_000_000)),
          attr(95, hex("20010db8000000000000000000000001")),
          attr(97, hex("0040 20010db8 0a0b12f0")),
          attr(168, hex("fe800000000000000000000000000001")),
        ],
      }),
    );
    expect(decoded.get("Event-Timestamp")).toEqual(new Date(1_700_000_000_000));
    expect(decoded.get("NAS-IPv6-Address")).toBe("2001:db8::1");
    expect(decoded.get("Framed-IPv6-Prefix")).toBe("2001:db8:a0b:12f0::/64");
    expect(decoded.get("Framed-IPv6-Address")).toBe("fe80::1");
  });

  it("reads RFC 2868 tags on integer and string tunnel attributes", () => {
    const decoded = decodeOk(
      packet({
        code: 2,
        attributes: [
          attr(64, hex("0100000d")),
          attr(65, hex("01000006")),
          attr(81, Buffer.concat([Buffer.of(1), Buffer.from("100")])),
          attr(81, "guests"),
        ],
      }),
    );
    expect(decoded.get("Tunnel-Type")).toBe(13);
    expect(decoded.getAttributes("Tunnel-Type")[0]?.tag).toBe(1);
    expect(decoded.getAttributes("Tunnel-Medium-Type")[0]).toMatchObject({ value: 6, tag: 1 });
    expect(decoded.getAttributes("Tunnel-Private-Group-Id").map((a) => [a.tag, a.value])).toEqual([
      [1, "100"],
      [undefined, "guests"],
    ]);
  });

  it("joins EAP-Message fragments (RFC 3579 §3.1)", () => {
    const eap = seededBytes(7)(600);
    const decoded = decodeOk(
      packet({
        code: 1,
        attributes: [
          attr(79, eap.subarray(0, 253)),
          attr(79, eap.subarray(253, 506)),
          attr(79, eap.subarray(506)),
          attr(80, Buffer.alloc(16)),
        ],
      }),
    );
    expect(decoded.get("EAP-Message")).toEqual(eap);
    expect(decoded.getAll("EAP-Message")).toEqual([eap]);
    expect(decoded.attributes().filter((a) => a.type === 79)).toHaveLength(3);
  });
});

describe("decodePacket: Vendor-Specific structure", () => {
  it("keeps a Vendor-Specific too short for a vendor id as raw octets", () => {
    const decoded = decodeOk(packet({ code: 2, attributes: [attr(26, hex("abcdef")), attr(18, "ok")] }));
    expect(decoded.attributes().map((a) => [a.name, a.vendorId, a.value.toString("hex")])).toEqual([
      ["Vendor-Specific", undefined, "abcdef"],
      ["Reply-Message", undefined, Buffer.from("ok").toString("hex")],
    ]);
  });

  it("keeps a Vendor-Specific with a broken sub-attribute chain as raw octets, without partial rows", () => {
    const broken = attr(26, Buffer.concat([u32(9), Buffer.from([1, 5, 0x61, 0x62, 0x63, 1, 9, 0x61])]));
    const decoded = decodeOk(packet({ code: 2, attributes: [broken] }));
    expect(decoded.attributes()).toHaveLength(1);
    expect(decoded.attributes()[0]).toMatchObject({ type: 26, vendorId: undefined, name: "Vendor-Specific" });
    expect(decoded.get("Cisco-AVPair")).toBeUndefined();
  });

  it("keeps vendor id 0 and ids with a non-zero high octet as raw octets", () => {
    for (const vendorId of [0, 0x01000009]) {
      const decoded = decodeOk(packet({ code: 2, attributes: [vsa(vendorId, attr(1, "x"))] }));
      expect(decoded.attributes()[0]?.vendorId).toBeUndefined();
    }
  });
});

describe("decodePacket: malformed input gives typed errors", () => {
  const cases: [string, Buffer, DecodeErrorCode, number][] = [
    ["empty datagram", Buffer.alloc(0), "truncated-header", 0],
    ["19-octet datagram", Buffer.alloc(19, 1), "truncated-header", 0],
    ["unknown code 0", packet({ code: 0 }), "unknown-code", 0],
    ["unknown code 99", packet({ code: 99 }), "unknown-code", 0],
    ["Length < 20", packet({ code: 1, length: 19 }), "length-too-small", 2],
    ["Length > 4096", Buffer.concat([packet({ code: 1, length: 4097 }), Buffer.alloc(4100)]), "length-too-large", 2],
    ["Length > datagram", packet({ code: 1, length: 100 }), "length-exceeds-buffer", 2],
    ["attribute length 0", packet({ code: 1, attributes: [Buffer.of(1, 0)] }), "invalid-attribute-length", 20],
    ["attribute length 1", packet({ code: 1, attributes: [Buffer.of(1, 1)] }), "invalid-attribute-length", 20],
    ["attribute type 0", packet({ code: 1, attributes: [Buffer.of(0, 2)] }), "invalid-attribute-type", 20],
    [
      "one octet left for an attribute",
      packet({ code: 1, attributes: [attr(1, "ab"), Buffer.of(1)] }),
      "attribute-header-truncated",
      24,
    ],
    [
      "attribute overflowing the packet",
      packet({ code: 1, attributes: [attr(1, "ab"), Buffer.of(4, 10, 1, 2)] }),
      "attribute-overflow",
      24,
    ],
    [
      "Message-Authenticator of 5 octets",
      packet({ code: 1, attributes: [attr(80, [0, 0, 0])] }),
      "invalid-message-authenticator-length",
      20,
    ],
    [
      "two Message-Authenticators",
      packet({ code: 1, attributes: [attr(80, Buffer.alloc(16)), attr(80, Buffer.alloc(16))] }),
      "duplicate-message-authenticator",
      38,
    ],
    [
      "EAP-Message without Message-Authenticator",
      packet({ code: 1, attributes: [attr(79, [2, 1, 0, 4])] }),
      "missing-message-authenticator",
      0,
    ],
    ["Status-Server without Message-Authenticator", packet({ code: 12 }), "missing-message-authenticator", 0],
  ];

  it.each(cases)("%s", (_label, bytes, code, offset) => {
    expect(decodeError(bytes)).toMatchObject({ code, offset });
  });

  it("rejects an attribute overflowing the packet even when the datagram has more octets", () => {
    // Length says 26 but the attribute claims 10 octets: the datagram's trailing octets do not count.
    const bytes = Buffer.concat([
      packet({ code: 1, attributes: [Buffer.of(1, 10, 0x61, 0x62, 0x63, 0x64)] }),
      Buffer.alloc(10, 0x61),
    ]);
    expect(decodeError(bytes).code).toBe("attribute-overflow");
  });

  it("rejects RFC 2865 §7.3's second request, whose State length octet is wrong", () => {
    const bytes = hex(rfc2865.packets[6]?.hex ?? "");
    expect(decodeError(bytes)).toMatchObject({ code: "attribute-overflow", offset: 57 });
  });

  it("gives FreeRADIUS's packet-level error cases typed errors", () => {
    const expected: Record<string, DecodeErrorCode> = {
      "errors.txt:27": "truncated-header",
      "errors.txt:33": "truncated-header",
      "errors.txt:39": "unknown-code",
      "errors.txt:45": "unknown-code",
      "errors.txt:51": "unknown-code",
      "errors.txt:58": "length-too-small",
      "errors.txt:65": "length-exceeds-buffer",
      "errors.txt:72": "attribute-header-truncated",
      "errors.txt:78": "invalid-attribute-type",
      "errors.txt:84": "invalid-attribute-length",
      "errors.txt:90": "invalid-attribute-length",
      "errors.txt:96": "attribute-overflow",
      "errors.txt:103": "invalid-message-authenticator-length",
      "errors.txt:110": "missing-message-authenticator",
      "errors.txt:117": "missing-message-authenticator",
      "errors.txt:123": "missing-message-authenticator",
      "errors.txt:129": "invalid-attribute-length",
      "errors.txt:136": "attribute-overflow",
    };
    expect(vectors.errors.map((e) => e.source).sort()).toEqual(Object.keys(expected).sort());
    for (const vector of vectors.errors) {
      expect([vector.source, decodeError(hex(vector.hex)).code]).toEqual([vector.source, expected[vector.source]]);
    }
  });
});

describe("decodePacket: hostile input never throws", () => {
  const names = (ATTRIBUTE_DEFINITIONS as readonly { name: string }[]).map((d) => d.name as AttributeName);

  // Touch every accessor of a packet that decoded, as a server would.
  function exercise(decoded: RadiusPacket): void {
    for (const attribute of decoded.attributes()) decoded.decodeValue(attribute);
    for (const name of names) {
      decoded.get(name);
      decoded.getAll(name);
    }
    decoded.decrypt("User-Password", "secret", auth);
    decoded.decrypt("Tunnel-Password", "secret", auth);
    decoded.decryptAll("MS-MPPE-Recv-Key", "secret", auth);
    if (decoded.isRequest) verifyRequest(decoded, "secret", { requireMessageAuthenticator: true });
    else verifyResponse(decoded, { identifier: decoded.identifier, authenticator: auth }, "secret");
  }

  it("survives random datagrams and mutations of valid ones", () => {
    const random = seededBytes(0x5eed);
    const base = packet({
      code: 2,
      identifier: 9,
      attributes: [
        attr(80, Buffer.alloc(16)),
        attr(64, hex("0100000d")),
        attr(81, "\u0001100"),
        vsa(9, attr(1, "url-redirect=https://x"), attr(1, "b")),
        vsa(311, attr(16, random(34))),
        attr(69, random(19)),
        attr(79, random(40)),
        attr(97, hex("0040 20010db8")),
        attr(55, u32(5)),
      ],
    });
    let decodedCount = 0;
    for (let i = 0; i < 2500; i++) {
      let bytes: Buffer;
      if (i % 3 === 0) {
        // Random datagram whose header looks plausible, so the attribute parser is reached.
        bytes = random(20 + ((random(1)[0] ?? 0) % 120));
        bytes[0] = [1, 2, 3, 4, 5, 11, 12, 40, 43, 44][i % 10] ?? 1;
        bytes.writeUInt16BE(Math.min(bytes.length, 20 + ((random(1)[0] ?? 0) % 200)), 2);
      } else {
        bytes = Buffer.from(base);
        const flips = 1 + ((random(1)[0] ?? 0) % 4);
        for (let f = 0; f < flips; f++) {
          const [position = 0, value = 0] = random(2);
          bytes[20 + (position % (bytes.length - 20))] = value;
        }
      }
      const result = decodePacket(bytes);
      if (result.ok) {
        decodedCount++;
        exercise(result.packet);
      } else {
        expect(typeof result.error.code).toBe("string");
      }
    }
    // The mutations must reach the attribute accessors, not only the header checks.
    expect(decodedCount).toBeGreaterThan(300);
  });
});
