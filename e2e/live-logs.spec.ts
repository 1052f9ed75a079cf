import { expect, test } from "@playwright/test";
import { authFile, ensureLoopbackNad, mabPairs, radclient } from "./fixtures";

const SECRET = "e2e-live-logs-secret";
const NAD_NAME = "e2e-loopback-nad";

/** A locally administered MAC unique to this run. */
function uniqueMac() {
  const hex = (Date.now() % 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
  return `02E2${hex}`;
}
const colonMac = (mac: string) => mac.match(/../g)!.join(":");

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("a MAB request sent to the engine appears in Live Logs, with filters and the detail drawer", async ({ page }) => {
    const nadName = await ensureLoopbackNad(page.request, SECRET, NAD_NAME);
    const mac = uniqueMac();

    await page.goto("/operations/live-logs");
    await expect(page.getByRole("heading", { name: "Live Logs", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Live updates on/ })).toHaveAttribute("aria-pressed", "true");

    // The engine picks the new device up within a second; until then it drops the request, so retry.
    await expect(async () => {
      expect(await radclient({ secret: SECRET }, mabPairs(mac, ["NAS-Port-Id = GigabitEthernet1/0/7"]))).toContain(
        "Received Access-Accept",
      );
    }).toPass({ timeout: 20_000 });

    // No MDM server is configured in a fresh database: the default policy's "MDM Unreachable" rule decides.
    const row = page.getByTestId("live-log-row").filter({ hasText: colonMac(mac) });
    await expect(row).toHaveCount(1, { timeout: 15_000 }); // arrives by live update, no reload
    await expect(row).toContainText("Accept");
    await expect(row).toContainText(nadName);
    await expect(row).toContainText("MDM Unreachable");
    await expect(row).toContainText("Limited Access");
    await expect(row).toContainText("MAB");

    // Filters go into the URL and are applied by the server.
    await page.getByLabel("Endpoint MAC").fill(mac.toLowerCase());
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`mac=${mac.toLowerCase()}`));
    await expect(page.getByTestId("live-log-row")).toHaveCount(1);
    await page.getByLabel("Decision").selectOption({ label: "Reject" });
    await expect(page).toHaveURL(/decision=reject/);
    await expect(page.getByText("No events match these filters")).toBeVisible();
    await page.getByLabel("Decision").selectOption({ label: "Accept" });
    await page.getByLabel("Time range").selectOption({ label: "Last 15 minutes" });
    await expect(page).toHaveURL(/range=15m/);
    await expect(page.getByTestId("live-log-row")).toHaveCount(1);
    // A reload keeps the filters.
    await page.reload();
    await expect(page.getByLabel("Endpoint MAC")).toHaveValue(mac.toLowerCase());
    await expect(page.getByTestId("live-log-row")).toHaveCount(1);

    // A MAC the server cannot read is explained next to the field.
    await page.getByLabel("Endpoint MAC").fill("00:26:b4");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("Enter a full MAC address, e.g. 00:26:B4:24:FE:B4")).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId("live-log-row")).toHaveCount(1);

    // The detail drawer: request and reply attributes and the policy trace.
    await page.getByRole("button", { name: new RegExp(`Details of ${colonMac(mac)}`) }).click();
    const drawer = page.getByRole("dialog", { name: `Authentication of ${colonMac(mac)}` });
    await expect(drawer).toBeVisible();
    await expect(page).toHaveURL(/event=/);
    const request = drawer.getByRole("table", { name: "Request attributes" });
    await expect(request.getByRole("row", { name: /Calling-Station-Id/ })).toContainText(mac.match(/../g)!.join("-"));
    await expect(request.getByRole("row", { name: /NAS-Port-Id/ })).toContainText("GigabitEthernet1/0/7");
    await expect(request.getByRole("row", { name: /Service-Type/ })).toContainText("Call-Check");
    await expect(request.getByRole("row", { name: /Message-Authenticator/ })).toContainText("present");
    await expect(drawer).toContainText("Reply attributes (Access-Accept)");
    const reply = drawer.getByRole("table", { name: "Reply attributes" });
    await expect(reply.getByRole("row", { name: /Tunnel-Private-Group-Id/ })).toContainText("30");
    await expect(reply.getByRole("row", { name: /Filter-Id/ })).toContainText("LIMITED-ACCESS");
    const trace = drawer.getByRole("table", { name: "Policy trace" });
    await expect(trace.getByRole("row", { name: /MDM Unreachable/ })).toContainText("Matched — decided");
    await expect(drawer.getByRole("table", { name: "MDM attributes" })).toContainText("UnReachable");
    await drawer.getByRole("button", { name: "Close" }).click();
    await expect(drawer).toBeHidden();
    await expect(page).not.toHaveURL(/event=/);
  });

  test("an accounting Start shows the session in Live Sessions, and Stop ends it", async ({ page }) => {
    await ensureLoopbackNad(page.request, SECRET, NAD_NAME);
    const mac = uniqueMac();
    const sessionId = `e2e-${Date.now().toString(36)}`;
    const accounting = (status: "Start" | "Stop") => [
      `Acct-Status-Type = ${status}`,
      `Acct-Session-Id = "${sessionId}"`,
      `Calling-Station-Id = "${mac.match(/../g)!.join("-")}"`,
      "Framed-IP-Address = 10.0.30.23",
      "NAS-Port-Id = GigabitEthernet1/0/7",
      ...(status === "Stop" ? ["Acct-Terminate-Cause = User-Request"] : []),
    ];

    await page.goto("/operations/live-sessions");
    await expect(page.getByRole("heading", { name: "Live Sessions", level: 1 })).toBeVisible();
    await expect(async () => {
      expect(await radclient({ secret: SECRET, command: "acct" }, accounting("Start"))).toContain("Received Accounting-Response");
    }).toPass({ timeout: 20_000 });

    const row = page.getByRole("table", { name: "Sessions" }).getByRole("row").filter({ hasText: sessionId });
    await expect(row).toContainText("Active", { timeout: 15_000 });
    await expect(row).toContainText(colonMac(mac));
    await expect(row).toContainText("10.0.30.23");
    await expect(row).toContainText("GigabitEthernet1/0/7");

    expect(await radclient({ secret: SECRET, command: "acct" }, accounting("Stop"))).toContain("Received Accounting-Response");
    await expect(row).toHaveCount(0, { timeout: 15_000 }); // gone from the active list
    await page.getByLabel("State").selectOption({ label: "Ended" });
    await expect(page).toHaveURL(/status=ended/);
    await expect(row).toContainText("Ended");
    await expect(row).toContainText("User-Request");

    // The endpoint links to its authentications.
    await row.getByRole("link", { name: colonMac(mac) }).click();
    await expect(page).toHaveURL(new RegExp(`/operations/live-logs\\?mac=${mac}`));
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees Live Logs and Live Sessions", async ({ page }) => {
    await page.goto("/operations/live-logs");
    await expect(page.getByRole("heading", { name: "Live Logs", level: 1 })).toBeVisible();
    await expect(page.getByRole("search", { name: "Live log filters" })).toBeVisible();
    expect((await page.request.get("/api/live-logs?take=5")).status()).toBe(200);
    await page.goto("/operations/live-sessions");
    await expect(page.getByRole("heading", { name: "Live Sessions", level: 1 })).toBeVisible();
    expect((await page.request.get("/api/radius-sessions")).status()).toBe(200);
  });
});
