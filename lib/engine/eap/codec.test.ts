import { describe, expect, it } from "vitest";
import { decodeEap, decodeEapTls, EapCode, EapType, encodeEap, encodeEapTls, identityOf, nakTypes } from "./codec";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("EAP codec (RFC 3748 §4)", () => {
  it("decodes an EAP-Response/Identity as eapol_test sends it", () => {
    // Code 2, Identifier 0, Length 14, Type 1, "host/dev1"
    const decoded = decodeEap(hex("02 00 00 0e 01 68 6f 73 74 2f 64 65 76 31"));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || !("type" in decoded.packet)) throw new Error("not a response");
    expect(decoded.packet).toMatchObject({ code: EapCode.Response, identifier: 0, type: EapType.Identity });
    expect(identityOf(decoded.packet.data)).toBe("host/dev1");
  });

  it("encodes Success and Failure as exactly four octets", () => {
    expect(encodeEap({ code: EapCode.Success, identifier: 7 })).toEqual(hex("03 07 00 04"));
    expect(encodeEap({ code: EapCode.Failure, identifier: 255 })).toEqual(hex("04 ff 00 04"));
  });

  it("round-trips a Request and ignores link-layer padding beyond Length", () => {
    const bytes = encodeEap({ code: EapCode.Request, identifier: 9, type: EapType.Tls, data: hex("20") });
    expect(bytes).toEqual(hex("01 09 00 06 0d 20"));
    const padded = Buffer.concat([bytes, hex("00 00 00")]);
    const decoded = decodeEap(padded);
    expect(decoded.ok && "data" in decoded.packet && decoded.packet.data).toEqual(hex("20"));
  });

  it.each([
    ["", "truncated-header"],
    ["02 00 00", "truncated-header"],
    ["05 00 00 04", "unknown-code"],
    ["00 00 00 04", "unknown-code"],
    ["02 00 00 03", "length-too-small"],
    ["02 00 00 04", "length-too-small"],
    ["02 00 00 40 01 41", "length-exceeds-buffer"],
    ["03 01 00 05 00", "unexpected-data"],
  ])("refuses %s with %s", (input, code) => {
    const decoded = decodeEap(hex(input));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe(code);
  });

  it("never throws on random bytes", () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: i % 40 }, () => Math.floor(Math.random() * 256)));
      expect(() => decodeEap(bytes)).not.toThrow();
      expect(() => decodeEapTls(bytes)).not.toThrow();
    }
  });

  it("lists the types a Nak asks for", () => {
    expect(nakTypes(hex("19 15"))).toEqual([25, 21]);
  });

  it("refuses to encode an identifier out of range", () => {
    expect(() => encodeEap({ code: EapCode.Success, identifier: 256 })).toThrow(RangeError);
  });
});

describe("EAP-TLS type data (RFC 5216 §3.1)", () => {
  it("encodes Start as the S flag alone", () => {
    expect(encodeEapTls({ start: true })).toEqual(hex("20"));
  });

  it("encodes a first fragment with L, M and the total length", () => {
    expect(encodeEapTls({ moreFragments: true, tlsMessageLength: 3000, data: hex("16 03 03") })).toEqual(
      hex("c0 00 00 0b b8 16 03 03"),
    );
  });

  it("decodes flags, the TLS Message Length and the fragment", () => {
    const decoded = decodeEapTls(hex("c0 00 00 0b b8 16 03 03"));
    expect(decoded).toEqual({
      ok: true,
      message: {
        flags: { lengthIncluded: true, moreFragments: true, start: false },
        tlsMessageLength: 3000,
        data: hex("16 03 03"),
      },
    });
  });

  it("takes an empty message as an acknowledgement", () => {
    const decoded = decodeEapTls(hex("00"));
    expect(decoded.ok && decoded.message.data.length).toBe(0);
  });

  it.each([
    ["", "missing-flags"],
    ["80 00 00", "truncated-length"],
    ["80 00 00 00 01 16 03", "length-below-fragment"],
  ])("refuses %s with %s", (input, code) => {
    const decoded = decodeEapTls(hex(input));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.code).toBe(code);
  });
});
