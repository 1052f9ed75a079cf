import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { RadiusCode } from "./codes";
import { ATTRIBUTE_DEFINITIONS, type AttributeDefinition, type AttributeName } from "./dictionary";
import { encodePacket, type AttributeInput, type EncodeErrorCode, type EncodeOptions, type PacketInput } from "./encode";
import { hex } from "./fixtures/packet-builder";
import { decodePacket, type RadiusPacket } from "./packet";

const vectors = JSON.parse(fs.readFileSync(new URL("./fixtures/freeradius-master/packets.json", import.meta.url), "utf8")) as {
  golden: Record<string, { hex: string; plaintext?: string; plaintexts?: string[] }>;
};

const harnessAuthenticator = hex("000102030405060708090a0b0c0d0e0f");
const secret = "testing123";

function encodeOk(input: PacketInput, options: EncodeOptions = {}): Buffer {
  const result = encodePacket(input, options);
  if (!result.ok) throw new Error(`encode failed: ${result.error.code} ${result.error.message}`);
  return result.bytes;
}

function decodeOk(bytes: Buffer): RadiusPacket {
  const result = decodePacket(bytes);
  if (!result.ok) throw new Error(`decode failed: ${result.error.code}`);
  return result.packet;
}

function encodeError(attributes: readonly AttributeInput[], options: EncodeOptions = { secret }, code: RadiusCode = 2) {
  const result = encodePacket({ code, identifier: 1, attributes }, { requestAuthenticator: harnessAuthenticator, ...options });
  if (result.ok) throw new Error("expected an encode error");
  return result.error;
}

// A representative value per data type, and what decoding gives back.
function sample(definition: AttributeDefinition): { input: unknown; decoded: unknown } | undefined {
  if (definition.encrypt || definition.type === "vsa" || definition.name === "Message-Authenticator") return undefined;
  switch (definition.type) {
    case "string":
      return { input: `value of ${definition.name}`, decoded: `value of ${definition.name}` };
    case "octets": {
      const bytes = Buffer.alloc(definition.fixedLength ?? 5, 0xab);
      return { input: bytes, decoded: bytes };
    }
    case "integer": {
      const first = definition.values ? Object.entries(definition.values)[1] : undefined;
      return first ? { input: first[0], decoded: first[1] } : { input: 0xbeef, decoded: 0xbeef };
    }
    case "date":
      return { input: new Date(1_700_000_000_000), decoded: new Date(1_700_000_000_000) };
    case "ipaddr":
      return { input: "198.51.100.7", decoded: "198.51.100.7" };
    case "ipv6addr":
      return { input: "2001:db8::7", decoded: "2001:db8::7" };
    case "ipv6prefix":
      return { input: "2001:db8:1::/48", decoded: "2001:db8:1::/48" };
  }
}

describe("encodePacket", () => {
  it("round-trips every plain dictionary attribute through decodePacket", () => {
    const definitions = (ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[]).filter((d) => sample(d) !== undefined);
    expect(definitions.length).toBeGreaterThan(90);
    const attributes = definitions.map((d) => ({
      name: d.name,
      value: sample(d)?.input,
      ...(d.tagged ? { tag: 3 } : {}),
    })) as unknown as AttributeInput[];
    const decoded = decodeOk(
      // EAP-Message is among them, so the packet needs a Message-Authenticator to decode (RFC 3579 §3.2).
      encodeOk({ code: RadiusCode.AccessAccept, identifier: 1, attributes }, { messageAuthenticator: true }),
    );
    for (const definition of definitions) {
      const name = definition.name as AttributeName;
      expect([name, decoded.get(name)]).toEqual([name, sample(definition)?.decoded]);
      if (definition.tagged) expect([name, decoded.getAttributes(name)[0]?.tag]).toEqual([name, 3]);
    }
  });

  it("writes the header and keeps attribute order", () => {
    const bytes = encodeOk({
      code: RadiusCode.AccessRequest,
      identifier: 200,
      authenticator: harnessAuthenticator,
      attributes: [
        { name: "User-Name", value: "bob" },
        { name: "NAS-Port", value: 7 },
      ],
    });
    expect(bytes.toString("hex")).toBe(`01c8001f${harnessAuthenticator.toString("hex")}0105626f620506` + "00000007");
  });

  it("draws a fresh random Request Authenticator for Access-Request and zeros for computed ones", () => {
    const first = encodeOk({ code: RadiusCode.AccessRequest, identifier: 1, attributes: [] });
    const second = encodeOk({ code: RadiusCode.AccessRequest, identifier: 1, attributes: [] });
    expect(first.subarray(4, 20)).not.toEqual(second.subarray(4, 20));
    expect(first.subarray(4, 20)).not.toEqual(Buffer.alloc(16));
    const coa = encodeOk({ code: RadiusCode.CoaRequest, identifier: 1, attributes: [] });
    expect(coa.subarray(4, 20)).toEqual(Buffer.alloc(16));
  });

  it("encodes RFC 2868 tags: high octet of integers, prefix octet of strings", () => {
    const bytes = encodeOk({
      code: RadiusCode.AccessAccept,
      identifier: 0,
      attributes: [
        { name: "Tunnel-Type", value: "VLAN", tag: 1 },
        { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
        { name: "Tunnel-Private-Group-Id", value: "100", tag: 1 },
        { name: "Tunnel-Private-Group-Id", value: "guests" },
        { name: "Tunnel-Private-Group-Id", value: "\u0005odd" },
      ],
    });
    expect(bytes.subarray(20).toString("hex")).toBe(
      "40060100000d" + "410601000006" + "510601313030" + "5108677565737473" + "51070005" + Buffer.from("odd").toString("hex"),
    );
  });

  it("puts each vendor attribute in its own Vendor-Specific (RFC 2865 §5.26)", () => {
    const bytes = encodeOk({
      code: RadiusCode.AccessAccept,
      identifier: 0,
      attributes: [
        { name: "Cisco-AVPair", value: "foo" },
        { name: "Aruba-User-Vlan", value: 30 },
        { vendorId: 6809, vendorType: 1, value: hex("abcdef") },
      ],
    });
    expect(bytes.subarray(20).toString("hex")).toBe(
      "1a0b00000009010566" + "6f6f" + "1a0c000039e702060000001e" + "1a0b00001a990105abcdef",
    );
  });

  it("splits a 1000-octet EAP-Message into 253-octet attributes and joins it back (RFC 3579 §3.1)", () => {
    const eap = Buffer.alloc(1000);
    for (let i = 0; i < eap.length; i++) eap[i] = i % 251;
    const bytes = encodeOk(
      { code: RadiusCode.AccessChallenge, identifier: 3, attributes: [{ name: "EAP-Message", value: eap }] },
      { messageAuthenticator: true },
    );
    const decoded = decodeOk(bytes);
    const fragments = decoded.attributes().filter((a) => a.name === "EAP-Message");
    expect(fragments.map((f) => f.value.length)).toEqual([253, 253, 253, 241]);
    expect(decoded.attributes().map((a) => a.name)).toEqual([
      "Message-Authenticator",
      "EAP-Message",
      "EAP-Message",
      "EAP-Message",
      "EAP-Message",
    ]);
    expect(decoded.get("EAP-Message")).toEqual(eap);
  });

  it("places the Message-Authenticator placeholder first", () => {
    const bytes = encodeOk(
      { code: RadiusCode.AccessAccept, identifier: 0, attributes: [{ name: "Reply-Message", value: "hi" }] },
      { messageAuthenticator: true },
    );
    expect(bytes.subarray(20, 38)).toEqual(Buffer.concat([Buffer.of(80, 18), Buffer.alloc(16)]));
    expect(decodeOk(bytes).messageAuthenticatorOffset).toBe(20);
  });

  it("does not modify its inputs", () => {
    const value = Buffer.from("0123456789");
    const attributes: AttributeInput[] = [
      { name: "Class", value },
      { name: "Tunnel-Type", value: 13, tag: 2 },
    ];
    const copy = JSON.stringify(attributes);
    encodeOk({ code: RadiusCode.AccessAccept, identifier: 0, attributes });
    expect(JSON.stringify(attributes)).toBe(copy);
    expect(value.toString()).toBe("0123456789");
  });

  it("hides User-Password exactly as FreeRADIUS does (golden bytes)", () => {
    const golden = vectors.golden["accessRequestUserPassword"];
    const bytes = encodeOk(
      {
        code: RadiusCode.AccessRequest,
        identifier: 0,
        authenticator: harnessAuthenticator,
        attributes: [
          { name: "User-Name", value: "bob" },
          { name: "User-Password", value: "bob" },
        ],
      },
      { secret },
    );
    expect(bytes.toString("hex")).toBe(golden?.hex);
  });

  it("salts Tunnel-Password like FreeRADIUS: same salt, same key stream (golden bytes)", () => {
    // FreeRADIUS pads the plaintext with random octets where RFC 2868 §3.5 recommends zeros, so the
    // octets agree up to the end of the password: type, length, tag, salt, data-length, password.
    const goldens = [
      { hex: vectors.golden["tunnelPasswordFoo"]?.hex ?? "", password: "foo" },
      { hex: vectors.golden["tunnelPasswordBarbar"]?.hex ?? "", password: "barbar" },
      { hex: (vectors.golden["tunnelPasswordFooBar"]?.hex ?? "").slice(42), password: "bar" },
    ];
    for (const golden of goldens) {
      const salt = hex(golden.hex.slice(6, 10));
      const ours = encodeOk(
        { code: RadiusCode.AccessAccept, identifier: 0, attributes: [{ name: "Tunnel-Password", value: golden.password }] },
        { secret, requestAuthenticator: harnessAuthenticator, randomBytes: () => salt },
      ).subarray(20);
      const covered = 2 + 1 + 2 + 1 + golden.password.length;
      expect(ours.length * 2).toBe(golden.hex.length);
      expect(ours.subarray(0, covered).toString("hex")).toBe(golden.hex.slice(0, covered * 2));
    }
  });

  it("decrypts FreeRADIUS's Tunnel-Passwords, including its truncated 249-octet one", () => {
    for (const key of ["tunnelPasswordFoo", "tunnelPasswordBarbar", "tunnelPasswordTruncated"]) {
      const golden = vectors.golden[key];
      const bytes = hex(golden?.hex ?? "");
      const datagram = Buffer.concat([hex("02000000"), Buffer.alloc(16), bytes]);
      datagram.writeUInt16BE(datagram.length, 2);
      expect(decodeOk(datagram).decrypt("Tunnel-Password", secret, harnessAuthenticator)?.toString()).toBe(golden?.plaintext);
    }
    const pair = hex(vectors.golden["tunnelPasswordFooBar"]?.hex ?? "");
    const datagram = Buffer.concat([hex("02000000"), Buffer.alloc(16), pair]);
    datagram.writeUInt16BE(datagram.length, 2);
    const decrypted = decodeOk(datagram).decryptAll("Tunnel-Password", secret, harnessAuthenticator);
    expect(decrypted.map((d) => d.value.toString())).toEqual(["foo", "bar"]);
  });

  it("gives every salt in a packet a unique value with the high bit set (RFC 2868 §3.5)", () => {
    let calls = 0;
    // A source that repeats itself must not produce a repeated salt.
    const repeating = () => (calls++ < 3 ? Buffer.of(0x12, 0x34) : Buffer.of(0x56, 0x78));
    const bytes = encodeOk(
      {
        code: RadiusCode.AccessAccept,
        identifier: 0,
        attributes: [
          { name: "Tunnel-Password", value: "a", tag: 1 },
          { name: "Tunnel-Password", value: "b", tag: 2 },
        ],
      },
      { secret, requestAuthenticator: harnessAuthenticator, randomBytes: repeating },
    );
    const salts = decodeOk(bytes)
      .getAttributes("Tunnel-Password")
      .map((a) => a.value.readUInt16BE(0));
    expect(salts).toEqual([0x9234, 0xd678]);
  });
});

describe("encodePacket: values that do not fit are typed errors", () => {
  const cases: [string, AttributeInput[], EncodeErrorCode, EncodeOptions?][] = [
    ["string over 253 octets", [{ name: "Reply-Message", value: "x".repeat(254) }], "value-too-long"],
    ["vendor string over 247 octets", [{ name: "Cisco-AVPair", value: "x".repeat(248) }], "value-too-long"],
    ["User-Password over 128 octets", [{ name: "User-Password", value: "p".repeat(129) }], "value-too-long"],
    ["Tunnel-Password over 239 octets", [{ name: "Tunnel-Password", value: "p".repeat(240) }], "value-too-long"],
    ["MS-MPPE key over 239 octets", [{ name: "MS-MPPE-Recv-Key", value: Buffer.alloc(240) }], "value-too-long"],
    ["raw attribute over 253 octets", [{ type: 17, value: Buffer.alloc(254) }], "value-too-long"],
    ["unknown attribute name", [{ name: "No-Such" } as unknown as AttributeInput], "unknown-attribute"],
    [
      "Vendor-Specific by name",
      [{ name: "Vendor-Specific", value: hex("abcdef") } as unknown as AttributeInput],
      "not-encodable",
    ],
    ["raw Message-Authenticator", [{ type: 80, value: Buffer.alloc(16) }], "not-encodable"],
    ["malformed IPv4 address", [{ name: "Framed-IP-Address", value: "10.0.0.256" }], "invalid-value"],
    ["malformed IPv6 address", [{ name: "NAS-IPv6-Address", value: "2001:db8:::1" }], "invalid-value"],
    ["IPv6 prefix length over 128", [{ name: "Framed-IPv6-Prefix", value: "::/129" }], "invalid-value"],
    ["unknown enumerated value", [{ name: "Service-Type", value: "Superuser" as "Login-User" }], "invalid-value"],
    ["integer over 32 bits", [{ name: "Session-Timeout", value: 2 ** 32 }], "invalid-value"],
    ["negative integer", [{ name: "Session-Timeout", value: -1 }], "invalid-value"],
    ["tagged integer over 24 bits", [{ name: "Tunnel-Preference", value: 0x1000000, tag: 1 }], "invalid-value"],
    ["CHAP-Password not 17 octets", [{ name: "CHAP-Password", value: Buffer.alloc(16) }], "invalid-value"],
    ["tag above 31", [{ name: "Tunnel-Type", value: 13, tag: 32 }], "invalid-tag"],
    ["tag on an untagged attribute", [{ name: "Filter-Id", value: "x", tag: 1 } as unknown as AttributeInput], "invalid-tag"],
    ["empty string", [{ name: "Filter-Id", value: "" }], "empty-value"],
    ["vendor type over 255", [{ vendorId: 9, vendorType: 256, value: hex("01") }], "invalid-value"],
    ["vendor id 0", [{ vendorId: 0, vendorType: 1, value: hex("01") }], "invalid-value"],
    [
      "two Message-Authenticators",
      [{ name: "Message-Authenticator" }, { name: "Message-Authenticator" }],
      "duplicate-message-authenticator",
    ],
    ["encrypted attribute without a secret", [{ name: "Tunnel-Password", value: "x" }], "missing-secret", {}],
    [
      "salted attribute in a response without the request authenticator",
      [{ name: "MS-MPPE-Send-Key", value: Buffer.alloc(32) }],
      "missing-request-authenticator",
      { secret, requestAuthenticator: undefined },
    ],
  ];

  it.each(cases)("%s", (_label, attributes, code, options) => {
    expect(encodeError(attributes, options ?? { secret }).code).toBe(code);
  });

  it("names the attribute and its index in the error", () => {
    const error = encodeError([
      { name: "User-Name", value: "ok" },
      { name: "Filter-Id", value: "f".repeat(300) },
    ]);
    expect(error).toMatchObject({ code: "value-too-long", attribute: "Filter-Id", index: 1 });
  });

  it("accepts the largest values that fit", () => {
    const bytes = encodeOk(
      {
        code: RadiusCode.AccessAccept,
        identifier: 0,
        attributes: [
          { name: "Reply-Message", value: "x".repeat(253) },
          { name: "Cisco-AVPair", value: "y".repeat(247) },
          { name: "Tunnel-Password", value: "z".repeat(239), tag: 1 },
          { name: "MS-MPPE-Send-Key", value: Buffer.alloc(239, 7) },
        ],
      },
      { secret, requestAuthenticator: harnessAuthenticator },
    );
    const decoded = decodeOk(bytes);
    expect(decoded.get("Reply-Message")).toHaveLength(253);
    expect(decoded.get("Cisco-AVPair")).toHaveLength(247);
    expect(decoded.decrypt("Tunnel-Password", secret, harnessAuthenticator)?.toString()).toBe("z".repeat(239));
    expect(decoded.decrypt("MS-MPPE-Send-Key", secret, harnessAuthenticator)).toEqual(Buffer.alloc(239, 7));
  });

  it("refuses a packet over 4096 octets", () => {
    const attributes = Array.from({ length: 17 }, () => ({ name: "Class" as const, value: Buffer.alloc(240) }));
    const error = encodeError(attributes);
    expect(error).toMatchObject({ code: "packet-too-large", index: 16 });
    // 16 such attributes (3872 octets + header) still fit.
    expect(encodePacket({ code: 2, identifier: 0, attributes: attributes.slice(0, 16) }).ok).toBe(true);
  });

  it("refuses an EAP-Message that would push the packet over 4096 octets", () => {
    expect(encodeError([{ name: "EAP-Message", value: Buffer.alloc(4060) }]).code).toBe("packet-too-large");
  });

  it("rejects bad header fields", () => {
    expect(encodePacket({ code: 99 as RadiusCode, identifier: 0, attributes: [] })).toMatchObject({
      ok: false,
      error: { code: "invalid-code" },
    });
    expect(encodePacket({ code: 1, identifier: 256, attributes: [] })).toMatchObject({
      ok: false,
      error: { code: "invalid-identifier" },
    });
    expect(encodePacket({ code: 1, identifier: 0, authenticator: Buffer.alloc(8), attributes: [] })).toMatchObject({
      ok: false,
      error: { code: "invalid-authenticator" },
    });
  });
});
