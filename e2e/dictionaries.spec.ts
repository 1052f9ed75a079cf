import { expect, test } from "@playwright/test";
import { addSimulatorMdmServer, authFile, mdmTest } from "./fixtures";

const PAGE = "/policy/dictionaries";

type Dictionary = { name: string; available: boolean; note?: string; attributes: { name: string }[] };

test.describe("as a read-only admin", () => {
  // Dictionaries are read by every role.
  test.use({ storageState: authFile("read-only") });

  test("the tree, a dictionary's table, sorting, search across dictionaries and an attribute's detail", async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.getByRole("heading", { name: "Dictionaries", level: 1 })).toBeVisible();
    const tree = page.getByRole("navigation", { name: "Dictionaries" });
    for (const name of ["MDM", "Radius", "Network Access", "CERTIFICATE", "DEVICE"]) {
      await expect(tree.getByRole("link", { name: new RegExp(`^${name}`) })).toBeVisible();
    }

    await tree.getByRole("link", { name: /^Radius/ }).click();
    await expect(page).toHaveURL(/\/policy\/dictionaries\/Radius$/);
    await expect(page.getByRole("heading", { name: /^Radius/, level: 2 })).toContainText("System");
    const table = page.getByRole("table", { name: "Radius attributes" });
    const calling = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Calling-Station-Id", exact: true }) });
    await expect(calling).toContainText("MAC");
    await expect(calling).toContainText("IN");
    const avpair = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Cisco-AVPair", exact: true }) });
    await expect(avpair).toContainText("Cisco");
    await expect(table.getByRole("columnheader", { name: "Vendor" })).toBeVisible();
    await table.getByRole("button", { name: "Name", exact: true }).click();
    await expect(table.getByRole("columnheader", { name: "Name", exact: true })).toHaveAttribute("aria-sort", "descending");

    // Search finds attributes in every dictionary and says which one.
    await page.getByLabel("Search all dictionaries").fill("station-id");
    const results = page.getByRole("table", { name: "Search results" });
    const hit = results.getByRole("row").filter({ has: page.getByRole("link", { name: "Calling-Station-Id", exact: true }) });
    await expect(hit.getByRole("cell").first()).toHaveText("Radius");
    await expect(results.getByRole("link", { name: "Called-Station-Id", exact: true })).toBeVisible();
    await page.getByLabel("Search all dictionaries").fill("common name");
    await expect(results.getByRole("row").filter({ hasText: "Subject - Common Name" }).getByRole("cell").first()).toHaveText(
      "CERTIFICATE",
    );

    // The detail: every field and the operators a condition may use on it.
    await page.getByLabel("Search all dictionaries").fill("station-id");
    await hit.getByRole("link", { name: "Calling-Station-Id" }).click();
    await expect(page).toHaveURL(/\/policy\/dictionaries\/Radius\/Calling-Station-Id$/);
    const detail = page.getByRole("region", { name: "Attribute Calling-Station-Id" });
    await expect(detail).toContainText("Radius:Calling-Station-Id");
    await expect(detail).toContainText("RFC 2865 §5.31");
    const operators = detail.getByRole("list", { name: "Condition operators" });
    await expect(operators).toContainText("MAC Equals");
    await expect(operators).toContainText("MAC Starts With");
    await expect(operators).not.toContainText("Contains");

    await page.goto(`${PAGE}/DEVICE/Device%20Type`);
    await expect(page.getByRole("region", { name: "Attribute Device Type" })).toContainText("cisco");
    await page.goto(`${PAGE}/Nope`);
    await expect(page.getByText("There is no dictionary named “Nope”")).toBeVisible();
  });
});

mdmTest.describe("the MDM dictionary", () => {
  mdmTest.use({ storageState: authFile("admin") });

  mdmTest(
    "explains itself until the first successful MDM connection, then lists its attributes",
    async ({ page, simulator, uniqueName }) => {
      const before = ((await (await page.request.get("/api/dictionaries")).json()) as { dictionaries: Dictionary[] })
        .dictionaries;
      const mdm = before.find((dictionary) => dictionary.name === "MDM")!;
      // Specs that run earlier in the same database may already have connected an MDM server.
      if (!mdm.available) {
        await page.goto(`${PAGE}/MDM`);
        await expect(page.getByText("The MDM dictionary is not available yet")).toBeVisible();
        await expect(page.getByText("becomes available after the first successful connection to an MDM server")).toBeVisible();
        await expect(page.getByRole("table", { name: "MDM attributes" })).toBeHidden();
        await page.getByRole("link", { name: "Go to External MDM" }).click();
        await expect(page).toHaveURL(/\/administration\/network-resources\/external-mdm$/);

        const server = await addSimulatorMdmServer(page, simulator, uniqueName("Dict MDM"), uniqueName("Sim CA"));
        await page.request.delete(`/api/mdm-servers/${server.id}`);
      }
      await page.goto(`${PAGE}/MDM`);
      await expect(page.getByText("The MDM dictionary is not available yet")).toHaveCount(0);
      const table = page.getByRole("table", { name: "MDM attributes" });
      const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: "DeviceCompliantStatus", exact: true }) });
      await expect(row).toContainText("compliant_status");
      await expect(row).toContainText("Compliant, NonCompliant");
      await expect(page.getByRole("navigation", { name: "Dictionaries" }).getByRole("link", { name: /^MDM/ })).toContainText(
        "19",
      );
    },
  );
});
