import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { addSimulatorMdmServer, authFile, ensureLoopbackNad, mabPairs, mdmTest, radclient } from "./fixtures";

const LIST = "/policy/results/authorization-profiles";
const SECRET = "e2e-profiles-secret";

type Profile = { id: string; name: string; vlan?: string; isBuiltIn: boolean };

async function profiles(request: APIRequestContext): Promise<Profile[]> {
  const response = await request.get("/api/authorization-profiles");
  expect(response.status()).toBe(200);
  return (await response.json()) as Profile[];
}

const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}`;

function profileRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Authorization profiles" }).getByRole("row").filter({ hasText: name });
}

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("create a VLAN + dACL profile with its reply preview, edit it, refuse a duplicate name, delete it", async ({ page }) => {
    const name = unique("E2E Printers");
    await page.goto(LIST);
    await expect(page.getByRole("heading", { name: "Authorization Profiles", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Add" }).click();
    await expect(page.getByRole("heading", { name: "New Authorization Profile" })).toBeVisible();

    await page.getByLabel(/^Name/).fill(name);
    await page.getByLabel("Description").fill("Printers on their own VLAN");
    await page.getByRole("checkbox", { name: "VLAN" }).check();
    await page.getByLabel("VLAN ID / Name").fill("42");
    await page.getByRole("checkbox", { name: "DACL Name" }).check();
    await page.getByLabel("dACL name", { exact: true }).fill("PRINTERS-ONLY");

    // The preview shows exactly what the engine sends, as the form changes.
    const preview = page.getByRole("region", { name: "Reply attributes preview" });
    await expect(preview).toContainText("Access Type = ACCESS_ACCEPT");
    await expect(preview).toContainText("Tunnel-Type = 1:VLAN");
    await expect(preview).toContainText("Tunnel-Medium-Type = 1:IEEE-802");
    await expect(preview).toContainText("Tunnel-Private-Group-Id = 1:42");
    await expect(preview).toContainText("Cisco-AVPair = ACS:CiscoSecure-Defined-ACL=PRINTERS-ONLY");
    await expect(preview).not.toContainText("Session-Timeout");

    // A mistyped advanced attribute is refused next to its value.
    await page.getByRole("button", { name: "Add attribute" }).click();
    await page.getByLabel("Attribute 1", { exact: true }).selectOption("Idle-Timeout");
    await page.getByLabel("Value 1").fill("ten minutes");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByText("Idle-Timeout takes a whole number 0–4294967295")).toBeVisible();
    await page.getByLabel("Value 1").fill("600");
    await expect(preview).toContainText("Idle-Timeout = 600");
    await page.getByRole("button", { name: "Submit" }).click();

    await expect(page).toHaveURL(new RegExp(`${LIST}$`));
    const row = profileRow(page, name);
    await expect(row).toContainText("ACCESS_ACCEPT");
    await expect(row).toContainText("42");
    await expect(row).toContainText("PRINTERS-ONLY");
    await expect(row).toContainText("Printers on their own VLAN");

    // The same name again: refused next to the Name field.
    await page.getByRole("link", { name: "Add" }).click();
    await page.getByLabel(/^Name/).fill(name);
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This name is taken" })).toBeVisible();
    await expect(page.getByLabel(/^Name/)).toHaveAttribute("aria-invalid", "true");

    // Edit: the form comes back as saved; the change lands in the list.
    await page.goto(LIST);
    await page.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByLabel("VLAN ID / Name")).toHaveValue("42");
    await expect(page.getByLabel("Value 1")).toHaveValue("600");
    await page.getByLabel("VLAN ID / Name").fill("4095");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("VLAN ids are 1–4094")).toBeVisible();
    await page.getByLabel("VLAN ID / Name").fill("PRINTERS");
    await page.getByRole("checkbox", { name: "Reauthentication" }).check();
    await page.getByLabel("Timer (seconds)").fill("3600");
    await expect(preview).toContainText("Session-Timeout = 3600");
    await expect(preview).toContainText("Termination-Action = RADIUS-Request");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(new RegExp(`${LIST}$`));
    await expect(profileRow(page, name)).toContainText("PRINTERS");

    // Sorting by VLAN puts the new profile's text value in order with the others.
    await page.getByRole("button", { name: "VLAN", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "VLAN" })).toHaveAttribute("aria-sort", "ascending");

    // Delete with confirmation.
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete authorization profile ${name}?` });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toBeHidden();
    await expect(profileRow(page, name)).toHaveCount(0);
    expect((await profiles(page.request)).some((profile) => profile.name === name)).toBe(false);
  });

  test("built-ins are read-only and a profile the active policy uses cannot be deleted", async ({ page }) => {
    await page.goto(LIST);
    const permit = profileRow(page, "PermitAccess");
    await expect(permit).toContainText("Built-in");
    await expect(page.getByRole("button", { name: "Delete PermitAccess" })).toBeDisabled();
    await page.getByRole("link", { name: "View PermitAccess" }).click();
    await expect(page.getByRole("heading", { name: "Authorization Profile: PermitAccess" })).toBeVisible();
    await expect(page.getByLabel(/^Name/)).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
    const permitId = (await profiles(page.request)).find((profile) => profile.name === "PermitAccess")!.id;
    const edit = await page.request.put(`/api/authorization-profiles/${permitId}`, {
      data: { name: "PermitAccess", accessType: "ACCESS_ACCEPT", vlan: "5" },
    });
    expect(edit.status()).toBe(403);

    await page.goto(LIST);
    await page.getByRole("button", { name: "Delete Limited Access" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog.getByRole("alert")).toContainText(
      '"Limited Access" cannot be deleted: the active policy uses it in rule "MDM Unreachable"',
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(profileRow(page, "Limited Access")).toHaveCount(1);
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees every profile and cannot change any", async ({ page }) => {
    await page.goto(LIST);
    await expect(page.getByText("Your role (Read Only) can view authorization profiles")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Delete Quarantine" })).toBeDisabled();
    await page.getByRole("link", { name: "View Quarantine" }).click();
    await expect(page.getByLabel("VLAN ID / Name")).toHaveValue("99");
    await expect(page.getByLabel("VLAN ID / Name")).toBeDisabled();
    const response = await page.request.post("/api/authorization-profiles", {
      data: { name: "Sneaky", accessType: "ACCESS_ACCEPT" },
    });
    expect(response.status()).toBe(403);
  });
});

mdmTest.describe("end to end", () => {
  mdmTest.use({ storageState: authFile("admin") });

  mdmTest(
    "changing the Corporate Access VLAN in the UI changes what a compliant device gets",
    async ({ page, simulator, uniqueName }) => {
      const device = simulator.devices().find((entry) => entry.registered && entry.compliant && entry.macaddress)!;
      expect(device).toBeDefined();
      await ensureLoopbackNad(page.request, SECRET, "e2e-profiles-nad");
      const serverId = (await addSimulatorMdmServer(page, simulator, uniqueName("Profiles MDM"), uniqueName("Sim CA"))).id;
      const corporate = (await profiles(page.request)).find((profile) => profile.name === "Corporate Access")!;

      try {
        await page.goto(LIST);
        await page.getByRole("link", { name: "Edit Corporate Access" }).click();
        await expect(page.getByLabel("VLAN ID / Name")).toHaveValue(corporate.vlan ?? "");
        await page.getByLabel("VLAN ID / Name").fill("77");
        await expect(page.getByRole("region", { name: "Reply attributes preview" })).toContainText(
          "Tunnel-Private-Group-Id = 1:77",
        );
        await page.getByRole("button", { name: "Save" }).click();
        await expect(profileRow(page, "Corporate Access")).toContainText("77");

        // The engine reloads within a second of the save (and picks up the new device and MDM server).
        await expect(async () => {
          const output = await radclient({ secret: SECRET }, mabPairs(device.macaddress));
          expect(output).toContain("Received Access-Accept");
          expect(output).toMatch(/Tunnel-Private-Group-Id(:1)? = "77"/);
        }).toPass({ timeout: 20_000 });
      } finally {
        await page.request.put(`/api/authorization-profiles/${corporate.id}`, { data: { ...corporate, vlan: corporate.vlan } });
        await page.request.delete(`/api/mdm-servers/${serverId}`);
      }
    },
  );
});
