import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoot, devicesOf, makeTempDir, request, startTestSimulator, type TestSimulator, type XmlObject } from "./test-support";
import type { SimRequestLog } from "./types";
import { rmSync } from "node:fs";

const FEB4 = "0026B424FEB4";
const FEB4_GUID = "6f1c2d7e-8b9a-4c3d-9e2f-1a2b3c4d5e6f";
const FEB5_GUID = "7a2d3e8f-9cab-4d4e-8f30-2b3c4d5e6f70";

const attributesOf = (device: XmlObject): XmlObject => device.attributes as XmlObject;
const complianceOf = (device: XmlObject): XmlObject => attributesOf(device).compliance as XmlObject;

function devicesQuery(version: number, criterion: string, value: string, extra = ""): string {
  return `/ciscoise/mdmapi/v${version}/devices/?paging=0&querycriteria=${criterion}&value=${encodeURIComponent(value)}&filter=all${extra}`;
}

// One data folder for every simulator in this file: certificates are created once and reused.
const dataDir = makeTempDir("gatehouse-mdm-sim-api-");
let t: TestSimulator;
const logged: SimRequestLog[] = [];

beforeAll(async () => {
  t = await startTestSimulator({ dataDir, log: (entry) => logged.push(entry) });
});

afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("mdminfo discovery", () => {
  it("negotiates the API version: v1 without a parameter, else min(requested, max)", async () => {
    const cases: [string, number][] = [
      ["", 1],
      ["?ise_api_version=1", 1],
      ["?ise_api_version=2", 2],
      ["?ise_api_version=3", 3],
      ["?ise_api_version=7", 3],
    ];
    for (const [query, expected] of cases) {
      const response = await t.api(`/ciscoise/mdminfo/${query}`);
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toContain("application/xml");
      const root = apiRoot(response.body);
      expect(root.name).toBe("mdminfo");
      expect(root.api_version).toBe(String(expected));
      expect(root.api_path).toBe(`/ciscoise/mdmapi/v${expected}`);
    }
  });

  it("describes the server: redirect_url, query_max_size, messaging, vendor and product", async () => {
    const root = apiRoot((await t.api("/ciscoise/mdminfo/?ise_api_version=3")).body);
    expect(root.redirect_url).toBe(`${t.sim.baseUrl}/enroll`);
    expect(root.query_max_size).toBe("500");
    expect(root.messaging_support).toBe("true");
    expect(root.vendor).toBe("Gatehouse");
    expect(root.product_name).toBe("Gatehouse MDM Simulator");
    expect(root.product_version).toMatch(/^\d+\.\d+\.\d+$/);

    const enroll = await request(String(root.redirect_url), { ca: t.sim.caCertPem });
    expect(enroll.status).toBe(200);
    expect(enroll.headers["content-type"]).toContain("text/html");
  });

  it("caps the version at maxApiVersion and 404s the higher api paths", async () => {
    const v2 = await startTestSimulator({ dataDir, maxApiVersion: 2 });
    try {
      const root = apiRoot((await v2.api("/ciscoise/mdminfo/?ise_api_version=3")).body);
      expect(root.api_version).toBe("2");
      expect(root.api_path).toBe("/ciscoise/mdmapi/v2");
      expect((await v2.api(devicesQuery(3, "macaddress", FEB4))).status).toBe(404);
      expect((await v2.api(devicesQuery(2, "macaddress", FEB4))).status).toBe(200);
    } finally {
      await v2.close();
    }
  });

  it("rejects a non-numeric ise_api_version with 400", async () => {
    const response = await t.api("/ciscoise/mdminfo/?ise_api_version=three");
    expect(response.status).toBe(400);
    expect(apiRoot(response.body).message).toContain("ise_api_version");
  });
});

describe("instance routing", () => {
  it("serves everything under /<instance> and 404s a missing or wrong instance", async () => {
    const tenant = await startTestSimulator({ dataDir, instance: "acme" });
    try {
      const discovery = await tenant.api("/acme/ciscoise/mdminfo/?ise_api_version=3");
      expect(discovery.status).toBe(200);
      const root = apiRoot(discovery.body);
      expect(root.api_path).toBe("/acme/ciscoise/mdmapi/v3");
      expect(root.redirect_url).toBe(`${tenant.sim.baseUrl}/acme/enroll`);

      // The client uses api_path as returned.
      const query = await tenant.api(
        `${String(root.api_path)}/devices/?paging=0&querycriteria=macaddress&value=${FEB4}&filter=all`,
      );
      expect(query.status).toBe(200);
      expect(devicesOf(query.body)).toHaveLength(1);

      expect((await tenant.api("/ciscoise/mdminfo/?ise_api_version=3")).status).toBe(404);
      expect((await tenant.api("/other/ciscoise/mdminfo/?ise_api_version=3")).status).toBe(404);
      expect((await tenant.api(devicesQuery(3, "macaddress", FEB4))).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });

  it("404s an unneeded instance when none is configured", async () => {
    expect((await t.api("/acme/ciscoise/mdminfo/?ise_api_version=3")).status).toBe(404);
    expect((await t.api("/ciscoise/nothing-here")).status).toBe(404);
  });
});

describe("authentication and the API role", () => {
  it("answers 401 with a Basic challenge for a wrong password, an unknown user or no credentials", async () => {
    for (const auth of [
      ["iseapi", "wrong"],
      ["nobody", "iseapi-secret"],
    ] as [string, string][]) {
      const response = await t.api("/ciscoise/mdminfo/?ise_api_version=3", { auth });
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Basic realm="MDM"');
    }
    const anonymous = await request(`${t.sim.baseUrl}/ciscoise/mdminfo/?ise_api_version=3`, { ca: t.sim.caCertPem });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="MDM"');
  });

  it("answers 403 to a valid user without the API role", async () => {
    const response = await t.api("/ciscoise/mdminfo/?ise_api_version=3", { auth: ["noapi", "noapi-secret"] });
    expect(response.status).toBe(403);
    expect(apiRoot(response.body).message).toContain("API role");
    const query = await t.api(devicesQuery(3, "macaddress", FEB4), { auth: ["noapi", "noapi-secret"] });
    expect(query.status).toBe(403);
  });

  it("uses configured accounts instead of the defaults", async () => {
    const custom = await startTestSimulator({ dataDir, accounts: [{ username: "svc", password: "p:w", hasApiRole: true }] });
    try {
      expect((await custom.api("/ciscoise/mdminfo/", { auth: ["svc", "p:w"] })).status).toBe(200);
      expect((await custom.api("/ciscoise/mdminfo/")).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe("device queries", () => {
  it("finds a device by MAC in any common format", async () => {
    for (const mac of [FEB4, "00:26:B4:24:FE:B4", "00-26-b4-24-fe-b4", "0026.b424.feb4", "0026b424feb4"]) {
      const response = await t.api(devicesQuery(3, "macaddress", mac));
      expect(response.status).toBe(200);
      const devices = devicesOf(response.body);
      expect(devices).toHaveLength(1);
      expect(devices[0]?.macaddress).toBe(FEB4);
    }
  });

  it("returns the contract's attributes for the fixed devices", async () => {
    const [iphone] = devicesOf((await t.api(devicesQuery(3, "macaddress", FEB4))).body);
    expect(iphone).toBeDefined();
    const attributes = attributesOf(iphone!);
    expect(attributes.register_status).toBe("true");
    expect(complianceOf(iphone!).status).toBe("true");
    expect(attributes.disk_encryption_on).toBe("true");
    expect(attributes.pin_lock_on).toBe("true");
    expect(attributes.jail_broken).toBe("false");

    const [android] = devicesOf((await t.api(devicesQuery(3, "macaddress", "0026B424FEB5"))).body);
    expect(complianceOf(android!).status).toBe("false");
    expect(complianceOf(android!).failure_reason).toBe("OS version out of date");

    const [jailbroken] = devicesOf((await t.api(devicesQuery(3, "macaddress", "0026B424FEB8"))).body);
    expect(attributesOf(jailbroken!).jail_broken).toBe("true");
    expect(complianceOf(jailbroken!).failure_reason).toBe("Device is jailbroken");
  });

  it("finds devices by GUID (case-insensitive) and guidhn with or without a hostname, on v3", async () => {
    for (const [criterion, value] of [
      ["guid", FEB4_GUID],
      ["guid", FEB4_GUID.toUpperCase()],
      ["guidhn", FEB4_GUID],
      ["guidhn", `${FEB4_GUID}:alice-iphone`],
    ]) {
      const devices = devicesOf((await t.api(devicesQuery(3, criterion!, value!))).body);
      expect(devices.map((device) => device.guid)).toEqual([FEB4_GUID]);
    }
    const v2 = await t.api(devicesQuery(2, "guid", FEB4_GUID));
    expect(v2.status).toBe(400);
  });

  it("finds devices by udid, imei, meid and username", async () => {
    const iphone = t.sim.getDevice(FEB4)!;
    expect(devicesOf((await t.api(devicesQuery(3, "udid", iphone.udid!.toLowerCase()))).body)).toHaveLength(1);
    expect(devicesOf((await t.api(devicesQuery(3, "imei", iphone.imei!))).body)).toHaveLength(1);
    const byUser = devicesOf((await t.api(devicesQuery(3, "username", "ALICE.MARTIN"))).body);
    expect(byUser.map((device) => device.macaddress)).toContain(FEB4);
    const withMeid = t.sim.devices().find((device) => device.meid && device.registered)!;
    const byMeid = devicesOf((await t.api(devicesQuery(3, "meid", withMeid.meid!))).body);
    expect(byMeid.map((device) => device.macaddress)).toEqual([withMeid.macaddress]);
  });

  it("answers an empty deviceList for unknown and unregistered devices", async () => {
    for (const [criterion, value] of [
      ["macaddress", "AABBCCDDEEFF"],
      ["macaddress", "0026B424FEB7"],
      ["guid", "00000000-0000-4000-8000-000000000000"],
      ["username", "nobody"],
    ]) {
      const response = await t.api(devicesQuery(3, criterion!, value!));
      expect(response.status).toBe(200);
      expect(apiRoot(response.body).paging_info).toBe("0");
      expect(devicesOf(response.body)).toEqual([]);
    }
  });

  it("includes guid, lastCheckinTimeStamp and macaddresses only on v3", async () => {
    const [v3] = devicesOf((await t.api(devicesQuery(3, "macaddress", "0026B424FEB6"))).body);
    expect(v3?.guid).toBe("8b3e4f90-adbc-4e5f-9041-3c4d5e6f7081");
    expect(attributesOf(v3!).guid).toBe("8b3e4f90-adbc-4e5f-9041-3c4d5e6f7081");
    expect(Number(attributesOf(v3!).lastCheckinTimeStamp)).toBeGreaterThan(Date.now() - 365 * 86_400_000);
    expect(String(attributesOf(v3!).macaddresses).split(",")).toContain("0026B424FEB6");

    for (const version of [1, 2]) {
      const [device] = devicesOf((await t.api(devicesQuery(version, "macaddress", "0026B424FEB6"))).body);
      expect(device?.macaddress).toBe("0026B424FEB6");
      expect(device).not.toHaveProperty("guid");
      expect(attributesOf(device!)).not.toHaveProperty("guid");
      expect(attributesOf(device!)).not.toHaveProperty("lastCheckinTimeStamp");
      expect(attributesOf(device!)).not.toHaveProperty("macaddresses");
    }
  });

  it("returns only the attributes named in a + separated filter", async () => {
    const response = await t.api(
      `/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=macaddress&value=${FEB4}&filter=register_status+compliance`,
    );
    const [device] = devicesOf(response.body);
    expect(Object.keys(attributesOf(device!)).sort()).toEqual(["compliance", "register_status"]);
  });

  it("rejects malformed queries with 400 and a short XML error", async () => {
    const cases = [
      "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=colour&value=red",
      "/ciscoise/mdmapi/v3/devices/?paging=0&value=0026B424FEB4",
      "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=macaddress",
      "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=macaddress&value=not-a-mac",
      "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=compliance&value=maybe",
      "/ciscoise/mdmapi/v3/devices/?paging=bogus&querycriteria=compliance&value=false",
    ];
    for (const path of cases) {
      const response = await t.api(path);
      expect(response.status, path).toBe(400);
      const root = apiRoot(response.body);
      expect(root.name).toBe("error");
      expect(String(root.message).length).toBeGreaterThan(0);
    }
  });

  it("answers 405 for the wrong method on a known path", async () => {
    const response = await t.api(devicesQuery(3, "macaddress", FEB4), { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET");
  });
});

describe("bulk compliance query and paging", () => {
  it("pages through all registered non-compliant devices until paging_info is 0", async () => {
    const paged = await startTestSimulator({ dataDir, queryMaxSize: 4 });
    try {
      const expected = paged.sim
        .devices()
        .filter((device) => device.registered && !device.compliant)
        .map((device) => device.macaddress)
        .sort();
      expect(expected.length).toBeGreaterThan(8);

      const seen: string[] = [];
      let token = "0";
      let pages = 0;
      do {
        const response = await paged.api(
          `/ciscoise/mdmapi/v3/devices/?paging=${encodeURIComponent(token)}&querycriteria=compliance&value=false&filter=all`,
        );
        expect(response.status).toBe(200);
        const devices = devicesOf(response.body);
        expect(devices.length).toBeLessThanOrEqual(4);
        for (const device of devices) {
          expect(complianceOf(device).status).toBe("false");
          expect(attributesOf(device).register_status).toBe("true");
          seen.push(String(device.macaddress));
        }
        token = String(apiRoot(response.body).paging_info);
        pages++;
      } while (token !== "0" && pages < 100);

      expect(token).toBe("0");
      expect(pages).toBe(Math.ceil(expected.length / 4));
      expect(seen.sort()).toEqual(expected);
    } finally {
      await paged.close();
    }
  });

  it("returns compliant devices for compliance=true", async () => {
    const devices = devicesOf((await t.api(devicesQuery(2, "compliance", "true"))).body);
    const expected = t.sim.devices().filter((device) => device.registered && device.compliant);
    expect(devices).toHaveLength(expected.length);
    expect(devices.every((device) => complianceOf(device).status === "true")).toBe(true);
  });
});

describe("batchdevices", () => {
  it("answers the registered devices among several values", async () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<ise_api><querycriteria>macaddress</querycriteria><values><value>${FEB4}</value><value>00:26:b4:24:fe:b5</value><value>AABBCCDDEEFF</value><value>0026B424FEB7</value></values><filter>all</filter></ise_api>`;
    const response = await t.api("/ciscoise/mdmapi/v3/batchdevices/", { method: "POST", body });
    expect(response.status).toBe(200);
    expect(apiRoot(response.body).name).toBe("attributes");
    expect(devicesOf(response.body).map((device) => device.macaddress)).toEqual([FEB4, "0026B424FEB5"]);
  });

  it("accepts GUIDs on v3 and rejects malformed bodies", async () => {
    const byGuid = `<ise_api><querycriteria>guid</querycriteria><values><value>${FEB4_GUID}</value><value>${FEB5_GUID}</value></values><filter>all</filter></ise_api>`;
    const response = await t.api("/ciscoise/mdmapi/v3/batchdevices/", { method: "POST", body: byGuid });
    expect(devicesOf(response.body).map((device) => device.guid)).toEqual([FEB4_GUID, FEB5_GUID]);

    for (const body of ["", "<ise_api><querycriteria>macaddress</querycriteria></ise_api>", "<ise_api><values>", "<other/>"]) {
      const bad = await t.api("/ciscoise/mdmapi/v3/batchdevices/", { method: "POST", body });
      expect(bad.status, body).toBe(400);
    }
  });
});

describe("actions and messages", () => {
  const action = (type: string, identifier: string, version = 3) =>
    t.api(`/ciscoise/mdmapi/v${version}/action/actionType=${type}`, {
      method: "POST",
      body: `<ise_api><identifier>${identifier}</identifier></ise_api>`,
    });
  const resultOf = (body: string): XmlObject => (devicesOf(body)[0]?.result ?? {}) as XmlObject;

  it("records a wipe or pin lock on the device and answers action_status true", async () => {
    const before = Date.now();
    const wipe = await action("corporate_wipe", "<macaddress>0026B424FEB6</macaddress>");
    expect(wipe.status).toBe(200);
    expect(apiRoot(wipe.body).name).toBe("action");
    expect(resultOf(wipe.body).action_status).toBe("true");

    const lock = await action("pin_lock", `<guid>${FEB5_GUID}</guid>`);
    expect(resultOf(lock.body).action_status).toBe("true");
    expect(devicesOf(lock.body)[0]?.macaddress).toBe("0026B424FEB5");

    const laptop = t.sim.getDevice("0026B424FEB6")!;
    expect(laptop.actions?.map((entry) => entry.type)).toEqual(["corporate_wipe"]);
    expect(laptop.actions?.[0]?.at).toBeGreaterThanOrEqual(before);
    expect(t.sim.getDevice(FEB5_GUID)?.actions?.map((entry) => entry.type)).toEqual(["pin_lock"]);
  });

  it("answers action_status false with a reason for unknown or unregistered devices", async () => {
    const unknown = await action("full_wipe", "<macaddress>AABBCCDDEEFF</macaddress>");
    expect(unknown.status).toBe(200);
    expect(resultOf(unknown.body).action_status).toBe("false");
    expect(resultOf(unknown.body).failure_reason).toBe("Device not found");

    const unregistered = await action("full_wipe", "<macaddress>0026B424FEB7</macaddress>");
    expect(resultOf(unregistered.body).action_status).toBe("false");
    expect(String(resultOf(unregistered.body).failure_reason)).toContain("not registered");
    expect(t.sim.getDevice("0026B424FEB7")?.actions).toBeUndefined();
  });

  it("rejects unknown action types and identifiers v2 cannot use", async () => {
    expect((await action("self_destruct", `<macaddress>${FEB4}</macaddress>`)).status).toBe(400);
    expect((await action("full_wipe", `<guid>${FEB4_GUID}</guid>`, 2)).status).toBe(400);
    expect((await action("full_wipe", "")).status).toBe(400);
  });

  it("delivers messages with sendmessage", async () => {
    const response = await t.api("/ciscoise/mdmapi/v3/sendmessage", {
      method: "PUT",
      body: `<ise_api><message>Please update iOS &amp; reconnect</message><identifier><macaddress>${FEB4}</macaddress></identifier></ise_api>`,
    });
    expect(response.status).toBe(200);
    expect(resultOf(response.body).action_status).toBe("true");
    expect(t.sim.getDevice(FEB4)?.messages).toEqual(["Please update iOS & reconnect"]);
  });
});

describe("control API and queries together", () => {
  it("a compliance change through the control API shows in the next query and bulk query", async () => {
    const patch = await t.control("PATCH", `/devices/00:26:b4:24:fe:b4`, {
      compliant: false,
      failure_reason: "Disk encryption is off",
      disk_encryption_on: false,
    });
    expect(patch.status).toBe(200);

    const [device] = devicesOf((await t.api(devicesQuery(3, "macaddress", FEB4))).body);
    expect(complianceOf(device!).status).toBe("false");
    expect(complianceOf(device!).failure_reason).toBe("Disk encryption is off");
    expect(attributesOf(device!).disk_encryption_on).toBe("false");
    const bulk = devicesOf((await t.api(devicesQuery(3, "compliance", "false"))).body);
    expect(bulk.map((entry) => entry.macaddress)).toContain(FEB4);

    await t.control("PATCH", `/devices/${FEB4_GUID}`, { compliant: true, disk_encryption_on: true });
    const [again] = devicesOf((await t.api(devicesQuery(3, "macaddress", FEB4))).body);
    expect(complianceOf(again!).status).toBe("true");
    // Becoming compliant clears the old failure reason.
    expect(complianceOf(again!).failure_reason).toBe("");
  });

  it("unregistering a device empties its answers", async () => {
    t.sim.updateDevice("0026B424FEB6", { registered: false });
    expect(devicesOf((await t.api(devicesQuery(3, "macaddress", "0026B424FEB6"))).body)).toEqual([]);
    t.sim.updateDevice("0026B424FEB6", { registered: true });
    expect(devicesOf((await t.api(devicesQuery(3, "macaddress", "0026B424FEB6"))).body)).toHaveLength(1);
  });
});

describe("connections and the request log", () => {
  it("keeps connections alive between requests", async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: t.sim.caCertPem });
    try {
      const first = await t.api("/ciscoise/mdminfo/?ise_api_version=3", { agent });
      const second = await t.api(devicesQuery(3, "macaddress", FEB4), { agent });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it("logs each request with method, path, user, status and latency", async () => {
    await t.api("/ciscoise/mdminfo/?ise_api_version=2&marker=log-test", { auth: ["noapi", "noapi-secret"] });
    const expected = { method: "GET", path: "/ciscoise/mdminfo/?ise_api_version=2&marker=log-test", user: "noapi", status: 403 };
    expect(logged.at(-1)).toMatchObject(expected);
    expect(logged.at(-1)?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(t.sim.requestLog().at(-1)).toMatchObject(expected);
    const viaControl = await t.control("GET", "/log?limit=1");
    expect(viaControl.body).toEqual({ entries: [expect.objectContaining(expected)] });
  });
});

describe("options", () => {
  it("rejects options that cannot work, before binding any port", async () => {
    await expect(startTestSimulator({ dataDir, instance: "a/b" })).rejects.toThrow(/instance/);
    await expect(startTestSimulator({ dataDir, queryMaxSize: 0 })).rejects.toThrow(/queryMaxSize/);
    await expect(startTestSimulator({ dataDir, extraHostnames: ["not a host"] })).rejects.toThrow(/not a host/);
    await expect(startTestSimulator({ dataDir, syntheticDevices: -5 })).rejects.toThrow(/syntheticDevices/);
  });
});
