import { describe, expect, it } from "vitest";
import {
  ATTRIBUTE_DEFINITIONS,
  exportDictionary,
  getAttributeDefinition,
  getAttributeDefinitionByCode,
  parseAttributeIdentifier,
  valueName,
  type AttributeDefinition,
} from "./dictionary";

describe("dictionary", () => {
  it("defines the attributes a NAC needs with the RFC codes and types", () => {
    const expected: [string, number, string, number?][] = [
      ["User-Name", 1, "string"],
      ["User-Password", 2, "octets"],
      ["CHAP-Password", 3, "octets"],
      ["NAS-IP-Address", 4, "ipaddr"],
      ["NAS-Port", 5, "integer"],
      ["Service-Type", 6, "integer"],
      ["Framed-Protocol", 7, "integer"],
      ["Framed-IP-Address", 8, "ipaddr"],
      ["Filter-Id", 11, "string"],
      ["Framed-MTU", 12, "integer"],
      ["Reply-Message", 18, "string"],
      ["State", 24, "octets"],
      ["Class", 25, "octets"],
      ["Vendor-Specific", 26, "vsa"],
      ["Session-Timeout", 27, "integer"],
      ["Idle-Timeout", 28, "integer"],
      ["Termination-Action", 29, "integer"],
      ["Called-Station-Id", 30, "string"],
      ["Calling-Station-Id", 31, "string"],
      ["NAS-Identifier", 32, "string"],
      ["Proxy-State", 33, "octets"],
      ["Acct-Status-Type", 40, "integer"],
      ["Acct-Delay-Time", 41, "integer"],
      ["Acct-Input-Octets", 42, "integer"],
      ["Acct-Output-Octets", 43, "integer"],
      ["Acct-Session-Id", 44, "string"],
      ["Acct-Authentic", 45, "integer"],
      ["Acct-Session-Time", 46, "integer"],
      ["Acct-Input-Packets", 47, "integer"],
      ["Acct-Output-Packets", 48, "integer"],
      ["Acct-Terminate-Cause", 49, "integer"],
      ["Acct-Multi-Session-Id", 50, "string"],
      ["Acct-Link-Count", 51, "integer"],
      ["Acct-Input-Gigawords", 52, "integer"],
      ["Acct-Output-Gigawords", 53, "integer"],
      ["Event-Timestamp", 55, "date"],
      ["NAS-Port-Type", 61, "integer"],
      ["Port-Limit", 62, "integer"],
      ["Tunnel-Type", 64, "integer"],
      ["Tunnel-Medium-Type", 65, "integer"],
      ["Tunnel-Password", 69, "string"],
      ["Connect-Info", 77, "string"],
      ["EAP-Message", 79, "octets"],
      ["Message-Authenticator", 80, "octets"],
      ["Tunnel-Private-Group-Id", 81, "string"],
      ["Tunnel-Assignment-Id", 82, "string"],
      ["Acct-Interim-Interval", 85, "integer"],
      ["NAS-Port-Id", 87, "string"],
      ["Chargeable-User-Identity", 89, "octets"],
      ["NAS-IPv6-Address", 95, "ipv6addr"],
      ["Framed-IPv6-Prefix", 97, "ipv6prefix"],
      ["Error-Cause", 101, "integer"],
      ["EAP-Key-Name", 102, "octets"],
      ["Framed-IPv6-Address", 168, "ipv6addr"],
      ["Cisco-AVPair", 1, "string", 9],
      ["MS-MPPE-Send-Key", 16, "octets", 311],
      ["MS-MPPE-Recv-Key", 17, "octets", 311],
      ["Aruba-User-Role", 1, "string", 14823],
      ["Aruba-User-Vlan", 2, "integer", 14823],
    ];
    for (const [name, code, type, vendorId] of expected) {
      const definition = getAttributeDefinition(name);
      expect(definition, name).toBeDefined();
      expect({ name, code: definition?.code, type: definition?.type, vendorId: definition?.vendorId }).toEqual({
        name,
        code,
        type,
        vendorId,
      });
      expect(getAttributeDefinitionByCode(code, vendorId)?.name).toBe(name);
    }
  });

  it("marks tagged and encrypted attributes", () => {
    const tagged = (ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[]).filter((d) => d.tagged).map((d) => d.code);
    expect(tagged.sort((a, b) => a - b)).toEqual([64, 65, 66, 67, 69, 81, 82, 83, 90, 91]);
    expect(getAttributeDefinition("User-Password")?.encrypt).toBe("user-password");
    expect(getAttributeDefinition("Tunnel-Password")?.encrypt).toBe("salt");
    expect(getAttributeDefinition("MS-MPPE-Recv-Key")?.encrypt).toBe("salt");
    expect(getAttributeDefinition("EAP-Message")?.concat).toBe(true);
  });

  it("has one entry per name and per wire identifier", () => {
    const definitions = ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[];
    const names = new Set(definitions.map((d) => d.name.toLowerCase()));
    const keys = new Set(definitions.map((d) => `${d.vendorId ?? 0}:${d.code}`));
    expect(names.size).toBe(definitions.length);
    expect(keys.size).toBe(definitions.length);
  });

  it("names enumerated values both ways", () => {
    expect(valueName("Service-Type", 2)).toBe("Framed-User");
    expect(valueName("Tunnel-Type", 13)).toBe("VLAN");
    expect(valueName("Tunnel-Medium-Type", 6)).toBe("IEEE-802");
    expect(valueName("NAS-Port-Type", 19)).toBe("Wireless-802.11");
    expect(valueName("Error-Cause", 503)).toBe("Session-Context-Not-Found");
    expect(valueName("Service-Type", 999)).toBeUndefined();
    expect(valueName("User-Name", 1)).toBeUndefined();
  });

  it("looks names up case-insensitively, like FreeRADIUS", () => {
    expect(getAttributeDefinition("calling-station-id")?.code).toBe(31);
    expect(getAttributeDefinition("cisco-avpair")?.vendorId).toBe(9);
    expect(getAttributeDefinition("No-Such-Attribute")).toBeUndefined();
  });

  it("parses numeric attribute names and rejects malformed ones with a code", () => {
    expect(parseAttributeIdentifier("Attr-17")).toMatchObject({ ok: true, identifier: { type: 17 } });
    expect(parseAttributeIdentifier("Attr-26.9.1")).toMatchObject({
      ok: true,
      identifier: { type: 26, vendorId: 9, vendorType: 1 },
      definition: { name: "Cisco-AVPair" },
    });
    expect(parseAttributeIdentifier("Cisco-AVPair")).toMatchObject({
      ok: true,
      identifier: { type: 26, vendorId: 9, vendorType: 1 },
    });
    expect(parseAttributeIdentifier("Attr-26.1.256")).toMatchObject({ ok: false, code: "out-of-range" });
    expect(parseAttributeIdentifier("Attr-256")).toMatchObject({ ok: false, code: "out-of-range" });
    expect(parseAttributeIdentifier("Attr-240.1")).toMatchObject({ ok: false, code: "invalid-syntax" });
    expect(parseAttributeIdentifier("Attr-26.9")).toMatchObject({ ok: false, code: "invalid-syntax" });
    expect(parseAttributeIdentifier("Bogus")).toMatchObject({ ok: false, code: "unknown-attribute" });
  });

  it("exports as plain data for the admin console's Radius dictionary", () => {
    const exported = exportDictionary();
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(exported.vendors.map((v) => [v.id, v.name])).toEqual([
      [9, "Cisco"],
      [311, "Microsoft"],
      [14823, "Aruba"],
    ]);
    const tunnelType = exported.attributes.find((a) => a.name === "Tunnel-Type");
    expect(tunnelType).toMatchObject({
      code: 64,
      vendorId: null,
      vendorName: null,
      type: "integer",
      tagged: true,
      encrypted: null,
    });
    expect(tunnelType?.values).toContainEqual({ name: "VLAN", value: 13 });
    expect(exported.attributes.find((a) => a.name === "Aruba-User-Vlan")).toMatchObject({
      code: 2,
      vendorId: 14823,
      vendorName: "Aruba",
      type: "integer",
    });
    expect(exported.attributes.find((a) => a.name === "MS-MPPE-Send-Key")?.encrypted).toBe("salt");
    expect(exported.attributes.length).toBe(ATTRIBUTE_DEFINITIONS.length);
  });
});
