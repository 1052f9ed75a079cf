import { expect, type Locator, type Page } from "@playwright/test";
import { tsImport } from "tsx/esm/api";
import { authFile, ensureLoopbackNad, mabPairs, mdmTest as test, radclient, trustCertificate } from "./fixtures";

const SECRET = "e2e-dashboard-secret";
const NAD_NAME = "e2e-loopback-nad";

let macSequence = 0;
/** Locally administered MACs unique to this run. */
function uniqueMac() {
  const hex = ((Date.now() + macSequence++) % 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
  return `02DA${hex}`;
}
const colonMac = (mac: string) => mac.match(/../g)!.join(":");

async function numberIn(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/[^0-9]/g, ""));
}

/** The figures the test follows, as the dashboard shows them. */
async function figures(page: Page) {
  return {
    accept: await numberIn(page.getByTestId("authentications-accept-value")),
    reject: await numberIn(page.getByTestId("authentications-reject-value")),
    endpoints: await numberIn(page.getByTestId("endpoints-total")),
  };
}

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("authentications sent to the engine show in the chart and counters, whose links land on the filtered lists", async ({
    page,
    uniqueName,
  }) => {
    await ensureLoopbackNad(page.request, SECRET, NAD_NAME);
    // A trusted CA that ends in 10 days: the certificates panel warns about it.
    const { createCertificateAuthority } = (await tsImport(
      "../lib/engine/pki/issue.ts",
      import.meta.url,
    )) as typeof import("../lib/engine/pki/issue");
    const caName = uniqueName("Expiring CA");
    const ca = await createCertificateAuthority({ commonName: caName, validityDays: 10 });
    const certificateId = await trustCertificate(page, ca.certificatePem, caName);

    await page.goto("/?window=1h");
    await expect(page.getByRole("heading", { name: "Summary", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Last hour" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("authentications-chart")).toBeVisible();
    const before = await figures(page);

    // Three new endpoints authenticate (MAB through radclient, the real RADIUS path).
    const macs = [uniqueMac(), uniqueMac(), uniqueMac()];
    const decisions: ("accept" | "reject")[] = [];
    let firstAnsweredAt = 0;
    for (const mac of macs) {
      let output = "";
      await expect(async () => {
        output = await radclient({ secret: SECRET }, mabPairs(mac));
        expect(output).toMatch(/Received Access-(Accept|Reject)/);
      }).toPass({ timeout: 20_000 });
      firstAnsweredAt ||= Date.now();
      decisions.push(output.includes("Received Access-Accept") ? "accept" : "reject");
    }
    const accepted = decisions.filter((decision) => decision === "accept").length;

    // The dashboard refreshes by itself: no reload.
    await expect(async () => {
      const now = await figures(page);
      expect(now.accept).toBeGreaterThanOrEqual(before.accept + accepted);
      expect(now.reject).toBeGreaterThanOrEqual(before.reject + (macs.length - accepted));
      expect(now.endpoints).toBeGreaterThanOrEqual(before.endpoints + macs.length);
    }).toPass({ timeout: 20_000 });
    const certificates = page.getByRole("list", { name: "Expiring certificates" });
    await expect(certificates.getByRole("listitem").filter({ hasText: caName })).toContainText(/Expires in (9|10) days/);
    await expect(certificates.getByRole("link", { name: caName })).toHaveAttribute(
      "href",
      `/administration/certificates/trusted/${certificateId}`,
    );

    // Each figure links to the list it counts.
    await expect(page.getByTestId("endpoints-compliant")).toHaveAttribute("href", "/context/endpoints?compliance=compliant");
    await expect(page.getByTestId("endpoints-nonCompliant")).toHaveAttribute(
      "href",
      "/context/endpoints?compliance=noncompliant",
    );
    await expect(page.getByTestId("endpoints-notRegistered")).toHaveAttribute("href", "/context/endpoints?registered=no");
    await expect(page.getByTestId("endpoints-unknown")).toHaveAttribute("href", "/context/endpoints?compliance=unknown");
    await expect(page.getByTestId("coa-nak")).toHaveAttribute("href", "/operations/coa-log?result=nak&range=1h");

    // The bar segment holding the first request links to the live log for its decision and time span.
    const decision = decisions[0]!;
    const segments = page.getByTestId("authentications-chart").locator(`a[data-decision="${decision}"]`);
    const spans = await segments.evaluateAll((links) =>
      links.map((link) => ({ from: Number(link.getAttribute("data-from")), to: Number(link.getAttribute("data-to")) })),
    );
    const index = spans.findIndex((span) => span.from <= firstAnsweredAt && firstAnsweredAt < span.to);
    expect(index).toBeGreaterThanOrEqual(0);
    const bar = segments.nth(index);
    await bar.click();
    await expect(page).toHaveURL(new RegExp(`/operations/live-logs\\?decision=${decision}&range=custom&from=.+&to=.+`));
    await expect(page.getByLabel("Time range")).toHaveValue("custom");
    await expect(page.getByTestId("live-log-row").filter({ hasText: colonMac(macs[0]!) })).toHaveCount(1);

    // The legend's total links to the live log for the whole window.
    await page.goBack();
    await page.getByTestId(`authentications-${decision}`).click();
    await expect(page).toHaveURL(new RegExp(`/operations/live-logs\\?decision=${decision}&range=1h$`));
    for (const [i, mac] of macs.entries())
      if (decisions[i] === decision)
        await expect(page.getByTestId("live-log-row").filter({ hasText: colonMac(mac) })).toHaveCount(1);

    // Another window: the choice goes into the URL and the counts cover it.
    await page.goto("/?window=1h");
    await page.getByRole("button", { name: "Last 7 days" }).click();
    await expect(page).toHaveURL(/window=7d/);
    await expect(page.getByRole("button", { name: "Last 7 days" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("coa-nak")).toHaveAttribute("href", "/operations/coa-log?result=nak&range=7d");
    await expect(async () => {
      expect((await figures(page)).accept).toBeGreaterThanOrEqual(before.accept + accepted);
    }).toPass({ timeout: 10_000 });
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees the dashboard; a bad window is refused with its field named", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Last 24 hours" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("authentications-chart")).toBeVisible();
    const ok = await page.request.get("/api/dashboard?window=7d");
    expect(ok.status()).toBe(200);
    expect(((await ok.json()) as { authentications: { buckets: unknown[] } }).authentications.buckets).toHaveLength(56);
    const bad = await page.request.get("/api/dashboard?window=2h");
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields).toEqual({ window: "Choose 1h, 24h or 7d" });
  });
});
