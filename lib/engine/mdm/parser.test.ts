import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normalizeMac } from "./mac";
import { parseActionResults, parseDeviceList, parseMdmInfo } from "./parser";
import { buildActionBody, buildBatchBody } from "./request-body";
import { mdmErrorOf } from "./testing";

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string): string => fs.readFileSync(path.join(fixturesDir, name), "utf8");

describe("parseMdmInfo", () => {
  it("reads a v1 answer", () => {
    expect(parseMdmInfo(fixture("mdminfo-v1.xml"))).toEqual({
      apiVersion: 1,
      apiPath: "/ciscoise/mdmapi",
      redirectUrl: "https://mdm.example.com/enroll",
      queryMaxSize: 1000,
      messagingSupport: false,
    });
  });

  it("reads a v2 answer, decodes entities and drops the trailing slash of api_path", () => {
    expect(parseMdmInfo(fixture("mdminfo-v2.xml"))).toEqual({
      apiVersion: 2,
      apiPath: "/ciscoise/mdmapi/v2",
      redirectUrl: "https://mdm.example.com/enroll?src=ise&v=2",
      queryMaxSize: 5000,
      messagingSupport: true,
      vendor: "Ivanti",
      productName: "MobileIron Core",
      productVersion: "11.8.0.0",
    });
  });

  it("reads a v3 answer with an instance-prefixed api_path", () => {
    const info = parseMdmInfo(fixture("mdminfo-v3.xml"));
    expect(info.apiVersion).toBe(3);
    expect(info.apiPath).toBe("/acme/ciscoise/mdmapi/v3");
    expect(info.productVersion).toBe("1.0.0");
  });

  it("never negotiates above the version asked for", () => {
    expect(parseMdmInfo(fixture("mdminfo-v3.xml"), 2).apiVersion).toBe(2);
  });

  it("accepts a prefixed namespace and capitalised names", () => {
    const xml = `<m:ISE_API xmlns:m="urn:mdm"><m:Api_Version>2</m:Api_Version><m:API_PATH>/x/v2</m:API_PATH><m:MessagingSupport>TRUE</m:MessagingSupport></m:ISE_API>`;
    expect(parseMdmInfo(xml)).toEqual({ apiVersion: 2, apiPath: "/x/v2", messagingSupport: true });
  });

  it("rejects an answer without api_path or with an api_path that leaves the server", () => {
    expect(mdmErrorOf(() => parseMdmInfo("<ise_api><api_version>3</api_version></ise_api>")).code).toBe("BAD_RESPONSE");
    for (const apiPath of ["https://evil.example/api", "//evil.example/api", "/a/../../b", "relative/path"]) {
      const xml = `<ise_api><api_version>3</api_version><api_path>${apiPath}</api_path></ise_api>`;
      expect(mdmErrorOf(() => parseMdmInfo(xml)).code).toBe("BAD_RESPONSE");
    }
  });

  it("rejects a non-numeric api_version", () => {
    const xml = "<ise_api><api_version>three</api_version><api_path>/p</api_path></ise_api>";
    expect(mdmErrorOf(() => parseMdmInfo(xml)).message).toContain("api_version");
  });
});

describe("parseDeviceList", () => {
  it("reads a v2 single-device answer as a one-element list", () => {
    const page = parseDeviceList(fixture("devices-v2-single.xml"));
    expect(page.nextPagingToken).toBeUndefined();
    expect(page.devices).toEqual([
      {
        macaddress: "0026B424FEB5",
        macaddresses: [],
        registered: true,
        compliance: {
          status: false,
          failureReason: "OS version out of date",
          remediation: "Update Android to the latest version",
        },
        diskEncryptionOn: true,
        pinLockOn: false,
        jailBroken: false,
        manufacturer: "Samsung",
        model: "Galaxy S21",
        imei: "356938035643809",
        udid: "R58N12ABCDE",
        serialNumber: "R58N12ABCDE",
        osVersion: "Android 11",
        phoneNumber: "+15555550102",
      },
    ]);
  });

  it("reads a v3 page: several devices, paging token, busy wait, GUID, check-in time and MAC list", () => {
    const page = parseDeviceList(fixture("devices-v3-page.xml"));
    expect(page.nextPagingToken).toBe("Y3Vyc29yOjM=");
    expect(page.serverBusyWaitSeconds).toBe(2);
    expect(page.devices.map((d) => d.macaddress)).toEqual(["0026B424FEB4", "0026B424FEB8", "0026B424FEB6"]);
    const [iphone, jailbroken, laptop] = page.devices;
    expect(iphone?.guid).toBe("6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f");
    expect(iphone?.lastCheckin?.toISOString()).toBe("2024-06-01T00:00:00.000Z");
    expect(iphone?.macaddresses).toEqual(["0026B424FEB4", "0026B424FEC4"]);
    expect(iphone?.compliance).toEqual({ status: true });
    expect(jailbroken?.jailBroken).toBe(true);
    expect(jailbroken?.compliance.failureReason).toBe("Device is jailbroken");
    expect(laptop?.diskEncryptionOn).toBeUndefined();
    expect(laptop?.lastCheckin).toBeUndefined();
  });

  it("reads an empty deviceList as no devices and no further page", () => {
    expect(parseDeviceList(fixture("devices-empty.xml"))).toEqual({ devices: [] });
    expect(parseDeviceList("<ise_api><deviceList></deviceList></ise_api>")).toEqual({ devices: [] });
    expect(parseDeviceList("<ise_api/>")).toEqual({ devices: [] });
  });

  it("reads the Intune dialect: default namespace, capitalised elements, no macaddress", () => {
    const page = parseDeviceList(fixture("devices-intune.xml"));
    expect(page.devices).toHaveLength(1);
    const device = page.devices[0];
    expect(device?.macaddress).toBeUndefined();
    expect(device?.guid).toBe("A1B2C3D4-0000-4000-8000-00000000ABCD");
    expect(device?.registered).toBe(true);
    expect(device?.compliance).toEqual({ status: false, failureReason: "Device is not encrypted" });
    expect(device?.diskEncryptionOn).toBe(false);
    expect(device?.pinLockOn).toBeUndefined();
    expect(device?.lastCheckin?.getTime()).toBe(1717200000000);
  });

  it("treats a listed device without register_status as registered, and reads register_status false", () => {
    const xml = `<ise_api><deviceList><device><macaddress>00:26:b4:24:fe:b7</macaddress></device>
      <device><macaddress>0026B424FEB9</macaddress><attributes><register_status>false</register_status></attributes></device></deviceList></ise_api>`;
    const { devices } = parseDeviceList(xml);
    expect(devices.map((d) => [d.macaddress, d.registered])).toEqual([
      ["0026B424FEB7", true],
      ["0026B424FEB9", false],
    ]);
    expect(devices[0]?.compliance.status).toBeUndefined();
  });

  it("ignores booleans other than true/false instead of guessing", () => {
    const xml = `<ise_api><deviceList><device><attributes><jail_broken>yes</jail_broken><pin_lock_on>1</pin_lock_on></attributes></device></deviceList></ise_api>`;
    const device = parseDeviceList(xml).devices[0];
    expect(device?.jailBroken).toBeUndefined();
    expect(device?.pinLockOn).toBeUndefined();
  });
});

describe("hostile and garbage answers are BAD_RESPONSE", () => {
  const garbage: [string, string][] = [
    ["empty body", ""],
    ["plain text", "Service Unavailable"],
    ["JSON", '{"devices":[]}'],
    ["an HTML error page", "<html><body><h1>Gateway Timeout</h1></body></html>"],
    ["unclosed tags", "<ise_api><deviceList><device></ise_api>"],
    [
      "a DTD with entity expansion",
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><ise_api><name>&b;</name></ise_api>',
    ],
    ["an external entity", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ise_api><name>&e;</name></ise_api>'],
    ["an element named after an Object property", "<ise_api><constructor><polluted>yes</polluted></constructor></ise_api>"],
    ["two roots", "<ise_api/><ise_api/>"],
    ["deep nesting", `${"<a>".repeat(5000)}${"</a>".repeat(5000)}`],
    ["binary noise", "\u0000\u0001\u0002\uFFFD<<<>>>"],
  ];
  for (const [label, body] of garbage) {
    it(`for ${label}`, () => {
      expect(mdmErrorOf(() => parseDeviceList(body)).code).toBe("BAD_RESPONSE");
      expect(mdmErrorOf(() => parseMdmInfo(body)).code).toBe("BAD_RESPONSE");
    });
  }

  it("leaves Object.prototype untouched by a __proto__ element", () => {
    const xml = "<ise_api><__proto__><polluted>yes</polluted></__proto__><deviceList/></ise_api>";
    expect(parseDeviceList(xml)).toEqual({ devices: [] });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("parseActionResults", () => {
  it("reads per-device action status and failure reason", () => {
    expect(parseActionResults(fixture("action-result.xml"))).toEqual([
      { macaddress: "0026B424FEB4", actionStatus: true },
      { macaddress: "AABBCCDDEEFF", actionStatus: false, failureReason: "Device not found" },
    ]);
  });
});

describe("normalizeMac", () => {
  it("accepts the common spellings and refuses the rest", () => {
    for (const spelling of [
      "0026B424FEB4",
      "0026b424feb4",
      "00:26:B4:24:FE:B4",
      "00-26-b4-24-fe-b4",
      "0026.b424.feb4",
      " 00:26:B4:24:FE:B4 ",
    ]) {
      expect(normalizeMac(spelling)).toBe("0026B424FEB4");
    }
    for (const bad of ["", "0026B424FEB", "00:26:B4:24:FE:B4:00", "00:26-B4:24:FE:B4", "GG26B424FEB4", "host.example.com"]) {
      expect(normalizeMac(bad)).toBeUndefined();
    }
  });
});

describe("request bodies", () => {
  it("escapes values so they cannot change the document", () => {
    expect(buildActionBody({ guid: "a</guid><x>" })).toContain("<guid>a&lt;/guid&gt;&lt;x&gt;</guid>");
    expect(buildBatchBody("macaddress", ["0026B424FEB4", "0026B424FEB5"])).toContain(
      "<querycriteria>macaddress</querycriteria><values><value>0026B424FEB4</value><value>0026B424FEB5</value></values><filter>all</filter>",
    );
  });
});
