import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";
import { tsImport } from "tsx/esm/api";
import type { EngineClient } from "../lib/engine/control/client";
import type { TestNad } from "../lib/engine/coa/testing";
import { authFile, mabPairs, mdmTest as test, radclient, useSimulatorAsMdm } from "./fixtures";

const SECRET = "e2e-coa-log-secret";
const NAD_NAME = "e2e-loopback-nad";

/** A locally administered MAC unique to this run. */
function uniqueMac() {
  const hex = (Date.now() % 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
  return `02C0${hex}`;
}
const colonMac = (mac: string) => mac.match(/../g)!.join(":");
const dashMac = (mac: string) => mac.match(/../g)!.join("-");

/** The engine's control API as the web app reaches it (the server started by playwright.config.ts). */
async function engineClient(): Promise<EngineClient> {
  const { EngineClient } = (await tsImport(
    "../lib/engine/control/client.ts",
    import.meta.url,
  )) as typeof import("../lib/engine/control/client");
  const dataDir = process.env.E2E_DATA_DIR ?? path.resolve("reports", "e2e-data");
  const token = process.env.ENGINE_TOKEN ?? fs.readFileSync(path.join(dataDir, "engine-token"), "utf8").trim();
  return new EngineClient({ baseUrl: `http://127.0.0.1:${process.env.E2E_ENGINE_CONTROL_PORT ?? 3201}`, token });
}

/** A verifying test NAD on loopback, in this process: it receives the engine's CoAs and answers as told. */
async function startNad(): Promise<TestNad> {
  const { startTestNad } = (await tsImport(
    "../lib/engine/coa/testing.ts",
    import.meta.url,
  )) as typeof import("../lib/engine/coa/testing");
  return startTestNad({ secret: SECRET });
}

/** 127.0.0.1 as a Cisco network device whose CoA port is the test NAD's (through the API, as an admin would). */
async function loopbackNadWithCoaPort(request: APIRequestContext, coaPort: number) {
  const listed = (await (await request.get("/api/network-devices")).json()) as {
    networkDevices: { id: string; name: string; address: string }[];
  };
  const existing = listed.networkDevices.find((device) => device.address === "127.0.0.1");
  const input = { name: existing?.name ?? NAD_NAME, address: "127.0.0.1", secret: SECRET, vendorProfile: "cisco", coaPort };
  const response = existing
    ? await request.put(`/api/network-devices/${existing.id}`, { data: input })
    : await request.post("/api/network-devices", { data: input });
  expect(response.status(), await response.text()).toBe(200);
  return input.name;
}

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  let nad: TestNad | undefined;
  test.afterEach(async () => {
    await nad?.close();
    nad = undefined;
  });

  test("a compliance change found by a poll and a Send CoA now are logged with the NAD's answers, filtered and explained", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    const mac = uniqueMac();
    const sessionId = `e2e-coa-${Date.now().toString(36)}`;
    const serverName = uniqueName("CoA MDM");
    const server = await useSimulatorAsMdm(page, simulator, serverName);
    // A compliant iPhone of the simulator's inventory, given this run's MAC.
    const device = simulator.devices().find((entry) => entry.registered && entry.compliant && !entry.macaddresses?.length)!;
    simulator.updateDevice(device.guid, { macaddress: mac });
    const testNad = (nad = await startNad());
    const nadName = await loopbackNadWithCoaPort(page.request, testNad.port);

    // The endpoint authenticates (compliant → Corporate Access) and its session starts.
    await expect(async () => {
      expect(await radclient({ secret: SECRET }, mabPairs(mac))).toContain("Received Access-Accept");
    }).toPass({ timeout: 20_000 });
    const start = [
      "Acct-Status-Type = Start",
      `Acct-Session-Id = "${sessionId}"`,
      `Calling-Station-Id = "${dashMac(mac)}"`,
      "Framed-IP-Address = 10.0.10.23",
    ];
    expect(await radclient({ secret: SECRET, command: "acct" }, start)).toContain("Received Accounting-Response");
    await expect(async () => {
      const sessions = (await (await page.request.get(`/api/radius-sessions?mac=${mac}`)).json()) as { sessions: unknown[] };
      expect(sessions.sessions).toHaveLength(1);
    }).toPass({ timeout: 15_000 });

    // The MDM now reports it non-compliant; a poll of the server (the engine's real poll path) finds the
    // change and sends a CoA to the session's NAD. The endpoint's stored answer is written in a batch: poll
    // again until the change is seen.
    simulator.updateDevice(mac, { compliant: false });
    const engine = await engineClient();
    await expect(async () => {
      const polled = await engine.pollMdmServer({ mdmServerId: server.id });
      expect(polled.polled).toBe(true);
      expect(testNad.received.some((request) => request.attributes["Acct-Session-Id"] === sessionId)).toBe(true);
    }).toPass({ timeout: 30_000 });
    const coa = testNad.received.find((request) => request.attributes["Acct-Session-Id"] === sessionId)!;
    expect(coa.avPairs).toContain("subscriber:command=reauthenticate");

    await page.goto(`/operations/coa-log?mac=${mac.toLowerCase()}`);
    await expect(page.getByRole("heading", { name: "CoA Log", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Live updates on/ })).toHaveAttribute("aria-pressed", "true");
    const rows = page.getByTestId("coa-log-row");
    await expect(rows).toHaveCount(1);
    const pollRow = rows.first();
    await expect(pollRow).toContainText(colonMac(mac));
    await expect(pollRow).toContainText(nadName);
    await expect(pollRow).toContainText("CoA-Request");
    await expect(pollRow).toContainText("compliance changed: Compliant → NonCompliant");
    await expect(pollRow).toContainText("Compliance poll");
    await expect(pollRow).toContainText(serverName);
    await expect(pollRow.getByText("ACK", { exact: true })).toBeVisible();
    await expect(pollRow.getByRole("link", { name: colonMac(mac) })).toHaveAttribute("href", `/context/endpoints/${mac}`);

    // "Send CoA now" while the page is open; the NAD refuses it this time. The row arrives by live update.
    testNad.answer = () => ({ kind: "nak", errorCause: 503 });
    const sent = await engine.sendCoa({ mac });
    expect(sent.events.map((event) => event.result)).toEqual(["nak"]);
    await expect(rows).toHaveCount(2, { timeout: 15_000 });
    const nakRow = rows.first(); // newest first
    await expect(nakRow).toContainText("Send CoA now");
    await expect(nakRow).toContainText("Session-Context-Not-Found");
    await expect(nakRow.getByText("NAK", { exact: true })).toBeVisible();

    // Filters go into the URL and are applied by the server.
    await page.getByLabel("Result").selectOption({ label: "NAK" });
    await expect(page).toHaveURL(/result=nak/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Session-Context-Not-Found");
    await page.getByLabel("Trigger").selectOption({ label: "Compliance poll" });
    await expect(page).toHaveURL(/trigger=poll/);
    await expect(page.getByText("No CoA matches these filters")).toBeVisible();
    await page.getByLabel("Result").selectOption({ label: "All results" });
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Compliance poll");
    await page.getByLabel("Time range").selectOption({ label: "Last 15 minutes" });
    await expect(page).toHaveURL(/range=15m/);
    await expect(rows).toHaveCount(1);

    // The link the Home dashboard uses: every refused CoA, this one among them.
    await page.goto(`/operations/coa-log?result=nak`);
    await expect(page.getByLabel("Result")).toHaveValue("nak");
    await expect(rows.filter({ hasText: colonMac(mac) })).toHaveCount(1);

    // The detail drawer explains the answer.
    await page.goto(`/operations/coa-log?mac=${mac}&result=nak`);
    await page.getByRole("button", { name: new RegExp(`Details of the CoA to ${colonMac(mac)}`) }).click();
    const drawer = page.getByRole("dialog", { name: `CoA to ${colonMac(mac)}` });
    await expect(drawer).toBeVisible();
    await expect(page).toHaveURL(/event=/);
    await expect(drawer).toContainText("The network device refused the request (CoA-NAK)");
    await expect(drawer).toContainText("no such session any more");
    await expect(drawer).toContainText(sessionId);
    await expect(drawer).toContainText("manual: Send CoA now");
    await expect(drawer).toContainText("CoA-Request (reauthenticate)");
    // Opened from a shared link whose list does not hold the entry, it loads it.
    const eventId = new URL(page.url()).searchParams.get("event");
    await page.goto(`/operations/coa-log?mac=${mac}&trigger=poll&event=${eventId}`);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Compliance poll");
    await expect(drawer).toContainText("The network device refused the request (CoA-NAK)");
    await drawer.getByRole("button", { name: "Close" }).click();
    await expect(drawer).toBeHidden();
    await expect(page).not.toHaveURL(/event=/);

    // A MAC the server cannot read is explained next to the field.
    await page.getByLabel("Endpoint MAC").fill("00:26:b4");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("Enter a full MAC address, e.g. 00:26:B4:24:FE:B4")).toBeVisible();
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees the CoA log", async ({ page }) => {
    await page.goto("/operations/coa-log");
    await expect(page.getByRole("heading", { name: "CoA Log", level: 1 })).toBeVisible();
    await expect(page.getByRole("search", { name: "CoA log filters" })).toBeVisible();
    expect((await page.request.get("/api/coa-events?take=5")).status()).toBe(200);
    const bad = await page.request.get("/api/coa-events?result=maybe");
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields).toEqual({
      result: "Choose ACK, NAK, timeout or error",
    });
  });
});
