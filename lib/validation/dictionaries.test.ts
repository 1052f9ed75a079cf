import { describe, expect, it } from "vitest";
import { ATTRIBUTE_DEFINITIONS, type AttributeDefinition } from "../engine/radius/dictionary";
import {
  findDictionaryAttribute,
  mdmDictionaryAttributes,
  radiusDictionaryAttributes,
  systemDictionaries,
  type SystemDictionary,
} from "./dictionaries";
import { operatorsByDataType } from "./policy";

const codec = ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[];
const radius = (name: string) => findDictionaryAttribute(`Radius:${name}`);

describe("systemDictionaries", () => {
  it("lists the five System dictionaries in tree order", () => {
    expect(systemDictionaries.map((dictionary) => dictionary.name)).toEqual([
      "MDM",
      "Radius",
      "Network Access",
      "CERTIFICATE",
      "DEVICE",
    ]);
  });

  it("has unique attribute names per dictionary and an operator for every attribute", () => {
    for (const dictionary of systemDictionaries) {
      const names = dictionary.attributes.map((attribute) => attribute.name);
      expect(new Set(names).size, dictionary.name).toBe(names.length);
      for (const attribute of dictionary.attributes) {
        expect(operatorsByDataType[attribute.dataType].length, attribute.name).toBeGreaterThan(0);
        expect(attribute.description, attribute.name).not.toBe("");
        if (attribute.dataType === "enum") expect(attribute.allowedValues?.length, attribute.name).toBeGreaterThan(0);
      }
    }
  });
});

describe("MDM dictionary", () => {
  // ise-mdm-reference §4, row by row.
  const reference: [string, string, string, string[]?][] = [
    ["DeviceRegisterStatus", "register_status", "enum", ["Registered", "UnRegistered"]],
    ["DeviceCompliantStatus", "compliant_status", "enum", ["Compliant", "NonCompliant"]],
    ["DiskEncryptionStatus", "disk_encryption_on", "enum", ["On", "Off"]],
    ["PinLockStatus", "pin_lock_on", "enum", ["On", "Off"]],
    ["JailBrokenStatus", "jail_broken", "enum", ["Broken", "Unbroken"]],
    ["MDMServerReachable", "MDMServerReachable", "enum", ["Reachable", "UnReachable"]],
    ["MDMServerName", "MDMServerName", "string"],
    ["MDMFailureReason", "failure_reason", "string"],
    ["DaysSinceLastCheckin", "days_since_last_checkin", "int"],
    ["UserNotified", "user_notified", "enum", ["Yes", "No"]],
    ["ServerType", "server_type", "enum", ["MDM", "DM"]],
    ["IMEI", "imei", "string"],
    ["MEID", "meid", "string"],
    ["UDID", "udid", "string"],
    ["SerialNumber", "serial_number", "string"],
    ["PhoneNumber", "phone_number", "string"],
    ["Manufacturer", "manufacturer", "string"],
    ["Model", "model", "string"],
    ["OsVersion", "os_version", "string"],
  ];

  it("matches the reference table exactly", () => {
    expect(
      mdmDictionaryAttributes.map(({ name, internalName, dataType, allowedValues }) =>
        allowedValues ? [name, internalName, dataType, allowedValues] : [name, internalName, dataType],
      ),
    ).toEqual(reference);
  });
});

describe("Radius dictionary", () => {
  const skipped = [
    "User-Password",
    "CHAP-Password",
    "State",
    "Proxy-State",
    "Vendor-Specific",
    "EAP-Message",
    "Message-Authenticator",
    "Tunnel-Password",
    "MS-MPPE-Send-Key",
    "MS-MPPE-Recv-Key",
    "CHAP-Challenge",
    "MS-CHAP-Response",
    "MS-CHAP-Error",
    "MS-CHAP-Challenge",
    "MS-CHAP2-Response",
    "MS-CHAP2-Success",
    "EAP-Key-Name",
    "Error-Cause",
  ];

  it("holds every codec attribute a policy can use, with the data type its wire type maps to", () => {
    const usable = codec.filter((definition) => !skipped.includes(definition.name));
    expect(usable.length).toBeGreaterThan(80);
    for (const definition of usable) {
      const attribute = radius(definition.name);
      expect(attribute, definition.name).toBeDefined();
      const expected =
        definition.name === "Calling-Station-Id"
          ? "mac"
          : definition.type === "integer"
            ? definition.values
              ? "enum"
              : "int"
            : definition.type === "ipaddr" || definition.type === "ipv6addr"
              ? "ip"
              : definition.type === "date"
                ? "date"
                : "string";
      expect(attribute?.dataType, definition.name).toBe(expected);
      if (definition.values) expect(attribute?.allowedValues, definition.name).toEqual(Object.keys(definition.values));
    }
  });

  it("leaves out credentials and protocol plumbing", () => {
    for (const name of skipped) expect(radius(name), name).toBeUndefined();
    expect(radiusDictionaryAttributes.length).toBeLessThan(codec.length);
  });

  it("names the vendor of vendor-specific attributes only", () => {
    expect(radius("Cisco-AVPair")?.vendor).toBe("Cisco");
    expect(radius("MS-MPPE-Encryption-Policy")?.vendor).toBe("Microsoft");
    expect(radius("Aruba-User-Role")?.vendor).toBe("Aruba");
    expect(radius("Filter-Id")?.vendor).toBeUndefined();
  });

  it("types the station ids as the policy compares them", () => {
    expect(radius("Calling-Station-Id")).toMatchObject({ dataType: "mac", direction: "in" });
    expect(radius("Called-Station-Id")).toMatchObject({ dataType: "string", direction: "in" });
    expect(radius("NAS-IP-Address")?.dataType).toBe("ip");
    expect(radius("NAS-Port")?.dataType).toBe("int");
    expect(radius("Event-Timestamp")?.dataType).toBe("date");
    expect(radius("NAS-Port-Type")?.allowedValues).toContain("Wireless-802.11");
  });

  it("tells request attributes from reply attributes", () => {
    expect(radius("Tunnel-Private-Group-Id")?.direction).toBe("out");
    expect(radius("Session-Timeout")?.direction).toBe("out");
    expect(radius("Service-Type")?.direction).toBe("both");
    expect(radius("NAS-Identifier")?.direction).toBe("in");
  });
});

describe("findDictionaryAttribute", () => {
  it("finds attributes by Dictionary:Attribute, names with spaces included", () => {
    expect(findDictionaryAttribute("MDM:DeviceCompliantStatus")?.internalName).toBe("compliant_status");
    expect(findDictionaryAttribute("CERTIFICATE:Subject - Common Name")?.dataType).toBe("string");
    expect(findDictionaryAttribute("Network Access:DeviceIpAddress")?.dataType).toBe("ip");
    expect(findDictionaryAttribute("DEVICE:Device Type")?.allowedValues).toEqual(["cisco", "aruba", "generic"]);
  });

  it("answers undefined for unknown dictionaries, attributes, wrong case and malformed references", () => {
    expect(findDictionaryAttribute("MDM:NoSuchThing")).toBeUndefined();
    expect(findDictionaryAttribute("Nope:User-Name")).toBeUndefined();
    expect(findDictionaryAttribute("mdm:DeviceCompliantStatus")).toBeUndefined();
    expect(findDictionaryAttribute("DeviceCompliantStatus")).toBeUndefined();
  });

  it("searches the dictionaries it is given", () => {
    const custom: SystemDictionary[] = [
      {
        name: "X",
        description: "",
        attributes: [{ name: "A", internalName: "a", dataType: "int", description: "", direction: "in" }],
      },
    ];
    expect(findDictionaryAttribute("X:A", custom)?.internalName).toBe("a");
    expect(findDictionaryAttribute("MDM:Model", custom)).toBeUndefined();
  });
});
