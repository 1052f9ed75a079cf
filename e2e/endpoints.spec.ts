import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { RunningSimulator } from "../lib/mdm-simulator/server";
import { authFile, ensureLoopbackNad, LoginPage, mabPairs, mdmTest as test, radclient, useSimulatorAsMdm } from "./fixtures";

const SECRET = "e2e-endpoints-secret";
const NAD_NAME = "e2e-loopback-nad";
/** The simulator's compliant iPhone; each test gives it a MAC of its own. */
const SIM_IPHONE = "0026B424FEB4";

/** A locally administered MAC unique to this run. */
function uniqueMac(prefix: string) {
  const hex = ((Date.now() + Math.floor(Math.random() * 1000)) % 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
  return `${prefix}${hex}`;
}
const colonMac = (mac: string) => mac.match(/../g)!.join(":");

/** The simulator's control API (plain HTTP on loopback). */
const control = (simulator: RunningSimulator, path: string) => `http://127.0.0.1:${simulator.controlPort}${path}`;

/** MAB until the engine (which picks new network devices and MDM servers up within a second) accepts. */
async function authenticate(mac: string) {
  await expect(async () => {
    expect(await radclient({ secret: SECRET }, mabPairs(mac))).toContain("Received Access-Accept");
  }).toPass({ timeout: 20_000 });
}

/**
 * Makes 127.0.0.1 a network device — a configuration change — and waits until the engine has loaded the configuration
 * that follows it (it polls every second), MDM servers and lookup order included: a MAB sent earlier could still be
 * looked up in the MDM servers of an earlier test.
 */
async function ensureNadLoaded(request: APIRequestContext) {
  const since = Date.now();
  await ensureLoopbackNad(request, SECRET, NAD_NAME);
  await expect
    .poll(
      async () => {
        const status = (await (await request.get("/api/engine/health")).json()) as { health?: { configLoadedAt: string | null } };
        return status.health?.configLoadedAt ? new Date(status.health.configLoadedAt).getTime() > since : false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Waits until the engine has written the endpoint (it writes in batches). */
async function waitForEndpoint(request: APIRequestContext, mac: string) {
  await expect
    .poll(
      async () => ((await (await request.get(`/api/endpoints?q=${mac}`)).json()) as { endpoints: unknown[] }).endpoints.length,
      {
        timeout: 15_000,
      },
    )
    .toBe(1);
}

const mdmAttribute = (page: Page, name: string) =>
  page.getByRole("table", { name: "MDM attributes" }).getByRole("row", { name: new RegExp(`MDM:${name}\\b`) });

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("a MAB endpoint is listed with its MDM state, filters, refreshes from the MDM and takes a PIN lock", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    const serverName = uniqueName("e2e endpoints MDM");
    await useSimulatorAsMdm(page, simulator, serverName);
    await ensureNadLoaded(page.request);
    const mac = uniqueMac("02E3");
    const renamed = await page.request.patch(control(simulator, `/devices/${SIM_IPHONE}`), {
      data: { macaddress: mac, macaddresses: [mac] },
    });
    expect(renamed.status(), await renamed.text()).toBe(200);

    await authenticate(mac);
    await waitForEndpoint(page.request, mac);

    // The list: the endpoint with what its MDM said, found by a MAC prefix in another spelling.
    await page.goto("/context/endpoints");
    await expect(page.getByRole("heading", { name: "Endpoints", level: 1 })).toBeVisible();
    await page.getByLabel("MAC address or GUID").fill(colonMac(mac).toLowerCase().slice(0, 14));
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=/);
    const row = page.getByTestId("endpoint-row").filter({ hasText: colonMac(mac) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(serverName);
    await expect(row).toContainText("Registered");
    await expect(row).toContainText("Compliant");
    await expect(row).toContainText("Accept");

    // Filters go into the URL, with the names the Home page links use.
    await page.getByLabel("Compliance").selectOption({ label: "NonCompliant" });
    await expect(page).toHaveURL(/compliance=noncompliant/);
    await expect(page.getByText("No endpoints match these filters")).toBeVisible();
    await page.getByLabel("Compliance").selectOption({ label: "Compliant" });
    await expect(page).toHaveURL(/compliance=compliant/);
    await expect(row).toHaveCount(1);
    await page.getByLabel("Session").selectOption({ label: "Active session" });
    await expect(page).toHaveURL(/session=active/);
    await expect(page.getByText("No endpoints match these filters")).toBeVisible();
    await page.goto(`/context/endpoints?compliance=compliant&mdmServer=&q=${mac}`);
    await expect(row).toHaveCount(1);

    // The detail page: identity and every MDM attribute of the answer, named as in the MDM dictionary.
    await row.click();
    await expect(page).toHaveURL(new RegExp(`/context/endpoints/${mac}$`));
    await expect(page.getByRole("heading", { name: `Endpoint ${colonMac(mac)}`, level: 1 })).toBeVisible();
    await expect(page.getByTestId("endpoint-compliance")).toHaveText("Compliant");
    await expect(mdmAttribute(page, "DeviceCompliantStatus")).toContainText("Compliant");
    await expect(mdmAttribute(page, "DeviceRegisterStatus")).toContainText("Registered");
    await expect(mdmAttribute(page, "MDMServerName")).toContainText(serverName);
    await expect(mdmAttribute(page, "Model")).toContainText("iPhone");
    await expect(mdmAttribute(page, "PinLockStatus")).toContainText("pin_lock_on");
    // Its authentication, one click from Live Logs; no session, so no CoA (and the page says why).
    const authentications = page.getByRole("table", { name: "Recent authentications" });
    await expect(authentications.getByRole("row")).toHaveCount(2);
    await expect(authentications).toContainText("Accept");
    await expect(page.getByRole("link", { name: "All authentications of this endpoint in Live Logs" })).toHaveAttribute(
      "href",
      `/operations/live-logs?mac=${mac}`,
    );
    await expect(page.getByRole("link", { name: "This endpoint in the CoA log" })).toHaveAttribute(
      "href",
      `/operations/coa-log?mac=${mac}`,
    );
    await expect(page.getByRole("button", { name: "Send CoA now" })).toBeDisabled();
    await expect(page.getByText("Send CoA now: no active session")).toBeVisible();

    // The device falls out of compliance at the MDM; "Refresh from MDM now" asks it at once.
    const flipped = await page.request.patch(control(simulator, `/devices/${mac}`), {
      data: { compliant: false, failure_reason: "Passcode disabled" },
    });
    expect(flipped.status(), await flipped.text()).toBe(200);
    await page.getByRole("button", { name: "Refresh from MDM now" }).click();
    await expect(page.getByText(`${serverName} answered: Registered, NonCompliant`)).toBeVisible();
    await expect(page.getByTestId("endpoint-compliance")).toHaveText("NonCompliant");
    await expect(mdmAttribute(page, "DeviceCompliantStatus")).toContainText("NonCompliant");
    await expect(mdmAttribute(page, "MDMFailureReason")).toContainText("Passcode disabled");

    // PIN lock, confirmed by typing the MAC; the MDM's answer is shown and the request reached the simulator.
    await page.getByRole("button", { name: "MDM actions" }).click();
    await page.getByRole("menuitem", { name: /PIN lock/ }).click();
    const dialog = page.getByRole("dialog", { name: `PIN lock of ${colonMac(mac)}` });
    await expect(dialog).toContainText(serverName);
    const confirm = dialog.getByRole("button", { name: "PIN lock", exact: true });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill("00:00:00:00:00:00");
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill(colonMac(mac).replaceAll(":", "-").toLowerCase());
    await confirm.click();
    await expect(dialog.getByText(`${serverName} accepted the pin lock`)).toBeVisible();
    const log = (await (await page.request.get(control(simulator, "/log"))).json()) as {
      entries: { method: string; path: string; status: number }[];
    };
    expect(log.entries).toContainEqual(
      expect.objectContaining({ method: "POST", path: "/ciscoise/mdmapi/v3/action/actionType=pin_lock", status: 200 }),
    );
    const device = (await (await page.request.get(control(simulator, `/devices/${mac}`))).json()) as {
      actions?: { type: string }[];
    };
    expect(device.actions?.map((action) => action.type)).toEqual(["pin_lock"]);
    await dialog.getByRole("button", { name: "Close" }).click();

    // Both actions are in the audit log, with who did them and what came of them.
    await page.goto("/administration/system/audit-log");
    const audit = page.getByRole("table", { name: "Audit log" });
    await expect(
      audit.getByRole("row").filter({ hasText: `PIN lock of ${colonMac(mac)}: accepted by ${serverName}` }),
    ).toContainText("admin");
    await expect(
      audit
        .getByRole("row")
        .filter({ hasText: `Refresh from MDM of ${colonMac(mac)}: Registered, NonCompliant (${serverName})` }),
    ).toHaveCount(1);
    await page.goto(`/context/endpoints/${mac}`);

    // Once the switch reports a session, a CoA can be sent.
    const start = await radclient({ secret: SECRET, command: "acct" }, [
      "Acct-Status-Type = Start",
      `Acct-Session-Id = "e2e-ep-${mac}"`,
      `Calling-Station-Id = "${mac.match(/../g)!.join("-")}"`,
      "Framed-IP-Address = 10.0.10.41",
    ]);
    expect(start).toContain("Received Accounting-Response");
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh", exact: true }).click();
      await expect(page.getByRole("button", { name: "Send CoA now" })).toBeEnabled({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("table", { name: "Sessions" })).toContainText("10.0.10.41");
  });

  test("a policy admin may PIN lock but not wipe", async ({ page, browser, simulator, uniqueName }) => {
    await useSimulatorAsMdm(page, simulator, uniqueName("e2e endpoints policy MDM"));
    await ensureNadLoaded(page.request);
    const mac = uniqueMac("02E5");
    expect((await page.request.patch(control(simulator, `/devices/${SIM_IPHONE}`), { data: { macaddress: mac } })).status()).toBe(
      200,
    );
    await authenticate(mac);
    await waitForEndpoint(page.request, mac);
    const user = { username: `e2e-policy-${Date.now().toString(36)}`, password: "policy-admin-password-1" };
    const created = await page.request.post("/api/admins", { data: { ...user, role: "policy-admin" } });
    expect(created.status(), await created.text()).toBe(200);

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    try {
      const admin = await context.newPage();
      await new LoginPage(admin).goto();
      await new LoginPage(admin).signIn(user.username, user.password);
      await admin.waitForURL((url) => url.pathname === "/");
      await admin.goto(`/context/endpoints/${mac}`);
      await admin.getByRole("button", { name: "MDM actions" }).click();
      await expect(admin.getByRole("menuitem", { name: /PIN lock/ })).toBeEnabled();
      for (const name of [/Corporate wipe/, /Full wipe/]) {
        const item = admin.getByRole("menuitem", { name });
        await expect(item).toHaveAttribute("aria-disabled", "true");
        await expect(item).toContainText("Needs the Super Admin role.");
      }
      await admin.keyboard.press("Escape");
      // The server holds the same line, and checks the typed confirmation names this endpoint.
      const wipe = await admin.request.post(`/api/endpoints/${mac}/mdm-action`, {
        data: { action: "full_wipe", confirmation: mac },
      });
      expect(wipe.status()).toBe(403);
      expect(((await wipe.json()) as { title: string }).title).toContain("Super Admin");
      const unconfirmed = await admin.request.post(`/api/endpoints/${mac}/mdm-action`, {
        data: { action: "pin_lock", confirmation: "00:26:B4:24:FE:B4" },
      });
      expect(unconfirmed.status()).toBe(422);
      expect(((await unconfirmed.json()) as { fields: Record<string, string> }).fields.confirmation).toContain(colonMac(mac));
      expect(simulator.getDevice(mac)?.actions ?? []).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("a read-only admin sees the endpoint but no actions, and the API refuses them", async ({ page, browser }) => {
    await ensureLoopbackNad(page.request, SECRET, NAD_NAME);
    const mac = uniqueMac("02E4");
    await authenticate(mac);
    await waitForEndpoint(page.request, mac);

    const readOnly = await browser.newContext({ storageState: authFile("read-only") });
    try {
      const viewer = await readOnly.newPage();
      await viewer.goto(`/context/endpoints/${mac}`);
      await expect(viewer.getByRole("heading", { name: `Endpoint ${colonMac(mac)}`, level: 1 })).toBeVisible();
      await expect(viewer.getByText("Your role (Read Only) can view endpoints")).toBeVisible();
      await expect(viewer.getByRole("table", { name: "Recent authentications" }).getByRole("row")).toHaveCount(2);
      for (const name of ["Refresh from MDM now", "Send CoA now", "MDM actions"]) {
        await expect(viewer.getByRole("button", { name })).toHaveCount(0);
      }
      expect((await viewer.request.get(`/api/endpoints?q=${mac}`)).status()).toBe(200);
      expect((await viewer.request.get(`/api/endpoints/${mac}`)).status()).toBe(200);
      for (const action of ["refresh", "coa"]) {
        const refused = await viewer.request.post(`/api/endpoints/${mac}/${action}`);
        expect(refused.status()).toBe(403);
      }
      const wipe = await viewer.request.post(`/api/endpoints/${mac}/mdm-action`, {
        data: { action: "pin_lock", confirmation: mac },
      });
      expect(wipe.status()).toBe(403);
    } finally {
      await readOnly.close();
    }
  });
});
