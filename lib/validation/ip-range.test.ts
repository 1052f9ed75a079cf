import net from "node:net";
import { describe, expect, it } from "vitest";
import { ipToBigInt, ipVersionOf, parseIpRange, rangeContains, rangesOverlap } from "./ip-range";
import { createNetworkDeviceSchema, updateNetworkDeviceSchema } from "./network-device";

const range = (text: string) => {
  const parsed = parseIpRange(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.range;
};

describe("IP ranges", () => {
  it("normalises addresses and prefixes", () => {
    expect(range("10.1.0.0/16").text).toBe("10.1.0.0/16");
    expect(range(" 192.0.2.7 ").text).toBe("192.0.2.7");
    expect(range("192.0.2.7/32").text).toBe("192.0.2.7");
    expect(range("2001:DB8:0:0::/32").text).toBe("2001:db8::/32");
    expect(range("::ffff:10.0.0.1").text).toBe("10.0.0.1");
  });

  it("refuses host bits below the prefix, bad prefixes and non-addresses", () => {
    expect(parseIpRange("10.0.0.1/8")).toEqual({ ok: false, message: "Host bits are set: did you mean 10.0.0.0/8?" });
    expect(parseIpRange("10.0.0.0/33").ok).toBe(false);
    expect(parseIpRange("switch-1").ok).toBe(false);
    expect(parseIpRange("10.0.0.0/8/9").ok).toBe(false);
  });

  it("detects overlaps within one family only", () => {
    expect(rangesOverlap(range("10.0.0.0/8"), range("10.20.30.0/24"))).toBe(true);
    expect(rangesOverlap(range("10.0.0.0/24"), range("10.0.1.0/24"))).toBe(false);
    expect(rangesOverlap(range("10.0.0.5"), range("10.0.0.0/29"))).toBe(true);
    expect(rangesOverlap(range("2001:db8::/32"), range("2001:db8:1::1"))).toBe(true);
    expect(rangesOverlap(range("::/0"), range("0.0.0.0/0"))).toBe(false);
  });

  it("finds addresses inside ranges", () => {
    expect(rangeContains(range("10.0.0.0/8"), ipToBigInt("10.255.0.1")!)).toBe(true);
    expect(rangeContains(range("10.0.0.0/8"), ipToBigInt("11.0.0.1")!)).toBe(false);
    expect(rangeContains(range("fe80::/10"), ipToBigInt("fe80::1")!)).toBe(true);
  });
});

describe("network device schema", () => {
  const valid = { name: "Core switch", address: "10.1.0.0/16", secret: "s3cret-s3cret" };

  it("fills defaults: generic, CoA 3799, Message-Authenticator required", () => {
    expect(createNetworkDeviceSchema.parse(valid)).toEqual({
      ...valid,
      vendorProfile: "generic",
      coaPort: 3799,
      requireMessageAuthenticator: true,
    });
  });

  it("requires the secret on create only, and reports a bad address on the field", () => {
    expect(createNetworkDeviceSchema.safeParse({ ...valid, secret: undefined }).success).toBe(false);
    expect(updateNetworkDeviceSchema.safeParse({ ...valid, secret: "" }).success).toBe(true);
    const bad = createNetworkDeviceSchema.safeParse({ ...valid, address: "10.1.0.1/16" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["address"], message: expect.stringContaining("10.1.0.0/16") });
  });
});

describe("ipVersionOf (browser-safe net.isIP)", () => {
  it("agrees with node:net on valid, invalid and edge-case spellings", () => {
    const samples = [
      "0.0.0.0",
      "255.255.255.255",
      "192.0.2.7",
      "10.1.0.0",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3",
      "1.2.3.4.5",
      "1.2.3.-4",
      " 1.2.3.4",
      "1.2.3.4 ",
      "",
      "::",
      "::1",
      "1::",
      "2001:db8::",
      "2001:DB8::1",
      "2001:db8:0:0:0:0:0:1",
      "2001:db8::1::2",
      "12345::",
      "::ffff:192.0.2.7",
      "::192.0.2.7",
      "64:ff9b::1.2.3.4",
      "fe80::1%eth0",
      "fe80::1%",
      "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7::",
      "1:2:3:4:5:6::1.2.3.4",
      "g::1",
      ":1",
      "1:",
      "a.b.c.d",
      "2001:db8::/32",
      "10.0.0.0/8",
    ];
    for (const sample of samples) expect([sample, ipVersionOf(sample)]).toEqual([sample, net.isIP(sample)]);
    for (let i = 0; i < 2000; i += 1) {
      const parts = Array.from({ length: 4 }, () => String(Math.floor(Math.random() * 300)));
      const v4 = parts.join(".");
      const v6 = Array.from({ length: 1 + Math.floor(Math.random() * 8) }, () =>
        Math.floor(Math.random() * 0x1ffff).toString(16),
      ).join(Math.random() < 0.2 ? "::" : ":");
      expect(ipVersionOf(v4)).toBe(net.isIP(v4));
      expect([v6, ipVersionOf(v6)]).toEqual([v6, net.isIP(v6)]);
    }
  });
});
