import { describe, expect, it } from "vitest";
import { HOST_ONLY_MESSAGE, mdmConnectionSettingsSchema, testConnectionResultSchema } from "./mdm-connection";

const base = { host: "mdm.example.com", username: "iseapi", password: "secret" };

function hostMessage(host: string): string | undefined {
  const result = mdmConnectionSettingsSchema.safeParse({ ...base, host });
  return result.success ? undefined : result.error.issues.find((issue) => issue.path[0] === "host")?.message;
}

describe("mdmConnectionSettingsSchema", () => {
  it("applies the defaults: port 443, no instance, empty trust list", () => {
    expect(mdmConnectionSettingsSchema.parse(base)).toEqual({
      ...base,
      port: 443,
      instance: undefined,
      trustedCertificatesPem: [],
    });
  });

  it("accepts host names and IP addresses, dropping IPv6 brackets and a trailing dot", () => {
    for (const host of ["mdm.example.com", "localhost", "10.1.2.3", "::1", "2001:db8::10", "xn--mdm-1na.example"]) {
      expect(hostMessage(host)).toBeUndefined();
    }
    expect(mdmConnectionSettingsSchema.parse({ ...base, host: "[2001:db8::10]" }).host).toBe("2001:db8::10");
    expect(mdmConnectionSettingsSchema.parse({ ...base, host: " mdm.example.com. " }).host).toBe("mdm.example.com");
  });

  it("tells the user to enter a host name only when given a URL or a path", () => {
    for (const host of [
      "https://mdm.example.com",
      "https://mdm.example.com/ciscoise/mdminfo",
      "mdm.example.com/ciscoise",
      "mdm.example.com?x=1",
    ]) {
      expect(hostMessage(host)).toBe(HOST_ONLY_MESSAGE);
    }
  });

  it("points a port typed into the host to the Port field", () => {
    expect(hostMessage("mdm.example.com:8443")).toBe("Enter the port in the Port field, not in the host");
    expect(hostMessage("[::1]:8443")).toBe("Enter the port in the Port field, not in the host");
  });

  it("refuses invalid host names and addresses", () => {
    expect(hostMessage("")).toBe("Enter the MDM server's host name or IP address");
    expect(hostMessage("300.1.2.3")).toBe("Enter a valid IP address");
    for (const host of ["-bad.example.com", "bad_name.example.com", "a..b", "x".repeat(64) + ".com"]) {
      expect(hostMessage(host)).toBe("Enter a valid host name or IP address");
    }
  });

  it("checks port range and instance characters, and treats a blank instance as none", () => {
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, port: 0 }).success).toBe(false);
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, port: 65536 }).success).toBe(false);
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, port: 8443.5 }).success).toBe(false);
    expect(mdmConnectionSettingsSchema.parse({ ...base, instance: "" }).instance).toBeUndefined();
    expect(mdmConnectionSettingsSchema.parse({ ...base, instance: null }).instance).toBeUndefined();
    expect(mdmConnectionSettingsSchema.parse({ ...base, instance: "acme_1-eu" }).instance).toBe("acme_1-eu");
    const bad = mdmConnectionSettingsSchema.safeParse({ ...base, instance: "acme/eu" });
    expect(bad.success ? undefined : bad.error.issues[0]?.message).toBe("Use letters, digits, - and _ only");
  });

  it("requires credentials and refuses a colon in the user name (RFC 7617)", () => {
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, username: "" }).success).toBe(false);
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, password: "" }).success).toBe(false);
    const colon = mdmConnectionSettingsSchema.safeParse({ ...base, username: "a:b" });
    expect(colon.success ? undefined : colon.error.issues[0]?.message).toContain("colon");
  });

  it("accepts only PEM certificates in the trust list", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, trustedCertificatesPem: [pem] }).success).toBe(true);
    expect(mdmConnectionSettingsSchema.safeParse({ ...base, trustedCertificatesPem: ["hello"] }).success).toBe(false);
  });
});

describe("testConnectionResultSchema", () => {
  it("accepts a failure result with a trace and refuses an unknown outcome", () => {
    const result = {
      outcome: "HTTP_401",
      ok: false,
      message: "Connection Failed 401 : Unauthorized",
      hint: "…",
      errorCode: "HTTP_401",
      steps: [
        { name: "dns", ok: true, ms: 0, detail: "ip", data: { addresses: [{ address: "127.0.0.1", family: 4 }] } },
        { name: "http", ok: false, ms: 3.2, detail: "401", data: { method: "GET", path: "/ciscoise/mdminfo/", status: 401 } },
      ],
      totalMs: 12,
      testedAt: new Date(0).toISOString(),
    };
    expect(testConnectionResultSchema.safeParse(result).success).toBe(true);
    expect(testConnectionResultSchema.safeParse({ ...result, outcome: "MAYBE" }).success).toBe(false);
    expect(
      testConnectionResultSchema.safeParse({ ...result, steps: [{ name: "smtp", ok: true, ms: 1, detail: "" }] }).success,
    ).toBe(false);
  });
});
