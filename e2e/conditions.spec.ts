import { expect, test, type Locator, type Page } from "@playwright/test";
import { authFile } from "./fixtures";

const pagePath = "/policy/conditions";
const target =
  "MDM:DeviceRegisterStatus EQUALS Registered AND (MDM:DiskEncryptionStatus EQUALS On OR NOT MDM:JailBrokenStatus EQUALS Broken)";

type PolicyBody = { version: number; document: { policySets: { rules: unknown[] }[]; libraryConditions: unknown[] } };

/** Moves focus with Tab (or Shift+Tab) only, until `target` has it: the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 150 } = {}) {
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${String(target)} was not reached within ${max} key presses`);
}

/** Moves through an open menu with the arrow keys until `item` has focus. */
async function arrowTo(page: Page, item: Locator, max = 12) {
  for (let presses = 0; presses <= max; presses++) {
    if (await item.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`${String(item)} was not reached within ${max} arrow presses`);
}

/** Chooses an option of the focused native select by typing its first letters (the select's type-ahead). */
async function typeInto(page: Page, select: Locator, text: string) {
  await expect(select).toBeFocused();
  await page.keyboard.type(text);
}

/** Page object for Policy › Policy Elements › Conditions. */
class LibraryConditionsPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto(pagePath);
    await expect(this.page.getByRole("heading", { name: "Library Conditions", level: 1 })).toBeVisible();
  }
  table() {
    return this.page.getByRole("table", { name: "Library conditions" });
  }
  row(name: string) {
    // By the name cell: another row's "Used by" may mention this name too.
    return this.table()
      .getByRole("row")
      .filter({ has: this.page.locator("td:first-child").getByText(name, { exact: true }) });
  }
  dialog() {
    return this.page.getByRole("dialog");
  }
  node(name: string) {
    return this.dialog().getByRole("group", { name, exact: true });
  }
}

async function saveThroughApi(page: Page, change: (body: PolicyBody) => PolicyBody["document"]) {
  const current = (await (await page.request.get("/api/policy")).json()) as PolicyBody;
  const response = await page.request.put("/api/policy", {
    data: { document: change(current), baseVersion: current.version, comment: "e2e" },
  });
  expect(response.status(), await response.text()).toBe(200);
}

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("builds a nested library condition with the keyboard alone, saves it and sees it after a reload", async ({ page }) => {
    const library = new LibraryConditionsPage(page);
    const name = `Compliant device ${Date.now().toString(36)}`;
    await library.goto();

    await tabTo(page, page.getByRole("button", { name: "Add", exact: true }));
    await page.keyboard.press("Enter");
    const dialog = library.dialog();
    await expect(dialog.getByRole("heading", { name: "New library condition" })).toBeVisible();
    await tabTo(page, dialog.getByLabel(/^Name/));
    await page.keyboard.type(name);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Registered, and encrypted or not jailbroken");

    // No condition yet: "Any". An AND block starts with one empty condition, whose dictionary gets focus.
    await expect(dialog).toContainText("Any — no condition");
    await tabTo(page, dialog.getByRole("button", { name: "Add AND block" }));
    await page.keyboard.press("Enter");
    const first = library.node("Condition 1");
    await expect(first.getByLabel("Dictionary")).toBeFocused();
    await expect(first.getByLabel("Dictionary")).toHaveValue("MDM");
    await expect(first.getByText("Choose an attribute", { exact: true })).toBeVisible();
    await page.keyboard.press("Tab");
    await typeInto(page, first.getByLabel("Attribute"), "DeviceRegisterStatus");
    await expect(first.getByLabel("Attribute")).toHaveValue("DeviceRegisterStatus");
    await expect(first.getByText("enum", { exact: true })).toBeVisible();
    // Only the operators of an enumeration are offered.
    await expect(first.getByLabel("Operator").getByRole("option")).toHaveText(["Equals", "Not Equals", "In", "Not In"]);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await typeInto(page, first.getByLabel("Value"), "Registered");
    await expect(first.getByLabel("Value")).toHaveValue("Registered");

    // An OR block under the root AND: its new condition has focus.
    const root = library.node("AND block");
    await tabTo(page, root.getByRole("button", { name: "Add OR block" }).first(), { backwards: true });
    await page.keyboard.press("Enter");
    const second = library.node("Condition 2.1");
    await expect(second.getByLabel("Dictionary")).toBeFocused();
    await page.keyboard.press("Tab");
    await typeInto(page, second.getByLabel("Attribute"), "DiskEncryptionStatus");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await typeInto(page, second.getByLabel("Value"), "On");
    await expect(second.getByLabel("Value")).toHaveValue("On");

    // A third condition at the root, negated, then moved into the OR block with its Actions menu.
    await tabTo(page, root.getByRole("button", { name: "Add condition" }).first(), { backwards: true });
    await page.keyboard.press("Enter");
    const third = library.node("Condition 3");
    await expect(third.getByLabel("Dictionary")).toBeFocused();
    await page.keyboard.press("Tab");
    await typeInto(page, third.getByLabel("Attribute"), "JailBrokenStatus");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await typeInto(page, third.getByLabel("Value"), "Broken");
    await tabTo(page, third.getByRole("button", { name: "Negate" }), { backwards: true });
    await page.keyboard.press("Space");
    await expect(third.getByRole("button", { name: "Negate" })).toHaveAttribute("aria-pressed", "true");
    await expect(dialog).toContainText(
      "MDM:DeviceRegisterStatus EQUALS Registered AND MDM:DiskEncryptionStatus EQUALS On AND NOT MDM:JailBrokenStatus EQUALS Broken",
    );

    await tabTo(page, third.getByRole("button", { name: "Actions for Condition 3" }));
    await page.keyboard.press("Enter");
    const moveInto = page.getByRole("menuitem", { name: "Move into previous block" });
    await expect(moveInto).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Move out of block" })).toBeDisabled();
    await arrowTo(page, moveInto);
    await page.keyboard.press("Enter");
    // Focus follows the node to its new place.
    await expect(dialog.getByRole("button", { name: "Actions for Condition 2.2" })).toBeFocused();
    await expect(library.node("Condition 2.2").getByLabel("Attribute")).toHaveValue("JailBrokenStatus");
    await expect(dialog).toContainText(target);

    await tabTo(page, dialog.getByRole("button", { name: "Save", exact: true }));
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(library.row(name)).toContainText(target);
    await expect(library.row(name)).toContainText("Not used");

    await page.reload();
    await expect(library.row(name)).toContainText(target);
    await expect(library.row(name)).toContainText("Registered, and encrypted or not jailbroken");
  });

  test("shows an invalid regular expression and a wrong whole number next to the value, and blocks saving", async ({ page }) => {
    const library = new LibraryConditionsPage(page);
    await library.goto();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = library.dialog();
    await dialog.getByLabel(/^Name/).fill(`Broken ${Date.now().toString(36)}`);
    await dialog.getByRole("button", { name: "Add OR block" }).click();

    const regex = library.node("Condition 1");
    await regex.getByLabel("Attribute").selectOption("Model");
    await regex.getByLabel("Operator").selectOption({ label: "Matches (regex)" });
    await regex.getByLabel("Value").fill("^iPhone([0-9");
    await expect(regex.getByLabel("Value")).toHaveAccessibleDescription(/Not a valid regular expression/);
    await expect(regex.getByText(/Not a valid regular expression/)).toBeVisible();

    await library.node("OR block").getByRole("button", { name: "Add condition" }).click();
    const days = library.node("Condition 2");
    await days.getByLabel("Attribute").selectOption("DaysSinceLastCheckin");
    await expect(days.getByLabel("Operator").getByRole("option")).toHaveText([
      "Equals",
      "Not Equals",
      "Greater Than",
      "Greater Or Equals",
      "Less Than",
      "Less Or Equals",
      "In",
      "Not In",
    ]);
    await days.getByLabel("Operator").selectOption({ label: "Greater Than" });
    await days.getByLabel("Value").fill("30 days");
    await expect(days.getByLabel("Value")).toHaveAccessibleDescription('Enter a whole number, not "30 days"');
    await expect(dialog.getByText("2 problems to fix before saving")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Save", exact: true })).toBeDisabled();

    // Fixing both as typed clears the messages and enables Save.
    await regex.getByLabel("Value").fill("^iPhone[0-9]+");
    await days.getByLabel("Value").fill("30");
    await expect(dialog.getByText(/Not a valid regular expression|Enter a whole number/)).toHaveCount(0);
    await expect(dialog.getByRole("button", { name: "Save", exact: true })).toBeEnabled();

    // An empty block is an error too.
    await library.node("OR block").getByRole("button", { name: "Add AND block" }).click();
    await library.node("Condition 3.1").getByRole("button", { name: "Actions for Condition 3.1" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await expect(library.node("AND block 3")).toContainText("This AND block is empty");
    await expect(dialog.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  test("moves conditions between blocks by dragging, with the pointer and with the keyboard", async ({ page }) => {
    const library = new LibraryConditionsPage(page);
    const name = `Drag ${Date.now().toString(36)}`;
    const leaf = (attribute: string, value: string) => ({ type: "leaf", attribute, operator: "equals", value });
    await saveThroughApi(page, ({ document }) => ({
      ...document,
      libraryConditions: [
        ...document.libraryConditions,
        {
          name,
          condition: {
            type: "and",
            children: [
              leaf("MDM:DeviceRegisterStatus", "Registered"),
              { type: "or", children: [leaf("MDM:DiskEncryptionStatus", "On"), leaf("MDM:PinLockStatus", "On")] },
              leaf("MDM:JailBrokenStatus", "Unbroken"),
              leaf("MDM:UserNotified", "Yes"),
            ],
          },
        },
      ],
    }));
    await library.goto();
    await library
      .row(name)
      .getByRole("button", { name: `Edit ${name}` })
      .click();
    const dialog = library.dialog();

    // Pointer: drop Condition 3 on Condition 2.1 — it takes that place inside the OR block.
    const handle = (await dialog.getByRole("button", { name: "Drag Condition 3" }).boundingBox())!;
    const onto = (await library.node("Condition 2.1").boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(
        handle.x + handle.width / 2 + ((onto.x + 40 - handle.x) * step) / 10,
        handle.y + handle.height / 2 + ((onto.y + onto.height / 2 - handle.y - handle.height / 2) * step) / 10,
      );
    }
    await page.mouse.up();
    await expect(dialog).toContainText(
      "MDM:DeviceRegisterStatus EQUALS Registered AND (MDM:JailBrokenStatus EQUALS Unbroken OR MDM:DiskEncryptionStatus EQUALS On OR MDM:PinLockStatus EQUALS On) AND MDM:UserNotified EQUALS Yes",
    );

    // Keyboard: Space picks Condition 3 up, ArrowUp carries it into the OR block above, Space drops it there.
    await tabTo(page, dialog.getByRole("button", { name: "Drag Condition 3" }));
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Space");
    await expect(dialog.getByTestId("condition-text")).toHaveText(
      /^MDM:DeviceRegisterStatus EQUALS Registered AND \([^)]*MDM:UserNotified EQUALS Yes[^)]*\)$/,
    );
    const orAttributes = library.node("OR block 2").locator('select[aria-label="Attribute"]');
    expect(await orAttributes.evaluateAll((selects) => selects.map((select) => (select as HTMLSelectElement).value))).toContain(
      "UserNotified",
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(/^Drag Condition 2\.\d$/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  test("saves part of a condition to the library as a reference, and detaches a reference into a copy", async ({ page }) => {
    const library = new LibraryConditionsPage(page);
    const suffix = Date.now().toString(36);
    const parent = `Parent ${suffix}`;
    const child = `Child ${suffix}`;
    await library.goto();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = library.dialog();
    await dialog.getByLabel(/^Name/).fill(parent);
    await dialog.getByRole("button", { name: "Add AND block" }).click();
    const first = library.node("Condition 1");
    await first.getByLabel("Attribute").selectOption("DeviceCompliantStatus");
    await first.getByLabel("Value").selectOption("Compliant");
    await first.getByRole("button", { name: "Actions for Condition 1" }).click();
    await page.getByRole("menuitem", { name: "Save to library…" }).click();
    const save = first.getByRole("group", { name: "Save to library" });
    await expect(save.getByLabel(/^Library condition name/)).toBeFocused();
    await save.getByRole("button", { name: "Save to library" }).click();
    await expect(save.getByText("Enter a name for the library condition")).toBeVisible();
    await save.getByLabel(/^Library condition name/).fill(child);
    await save.getByLabel("Description").fill("Compliant per MDM");
    await save.getByRole("button", { name: "Save to library" }).click();

    const reference = library.node("Library condition 1");
    await expect(reference).toContainText(child);
    await expect(reference).toContainText("MDM:DeviceCompliantStatus EQUALS Compliant");
    await expect(dialog.getByRole("button", { name: "Actions for Library condition 1" })).toBeFocused();
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(library.row(parent)).toContainText(child);
    await expect(library.row(child)).toContainText(`Library condition "${parent}"`);
    await expect(library.row(child)).toContainText("Compliant per MDM");

    await library
      .row(parent)
      .getByRole("button", { name: `Edit ${parent}` })
      .click();
    await library
      .node("Library condition 1")
      .getByRole("button", { name: "Detach Library condition 1 from the library" })
      .click();
    await expect(library.node("Condition 1").getByLabel("Attribute")).toHaveValue("DeviceCompliantStatus");
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(library.row(parent)).toContainText("MDM:DeviceCompliantStatus EQUALS Compliant");
    await expect(library.row(child)).toContainText("Not used");
  });

  test("refuses to delete a library condition that a rule uses, naming the rule, and deletes it once unused", async ({
    page,
  }) => {
    const library = new LibraryConditionsPage(page);
    const name = `Registered ${Date.now().toString(36)}`;
    const rule = `Uses ${name}`;
    await saveThroughApi(page, ({ document }) => ({
      ...document,
      libraryConditions: [
        ...document.libraryConditions,
        {
          name,
          condition: { type: "leaf", attribute: "MDM:DeviceRegisterStatus", operator: "equals", value: "Registered" },
        },
      ],
    }));
    await saveThroughApi(page, ({ document }) => {
      const [first, ...others] = document.policySets as { name: string; rules: { rank: number }[] }[];
      const rules = [
        { name: rule, rank: 0, state: "enabled", condition: { type: "ref", name }, profiles: ["PermitAccess"] },
        ...first!.rules.map((entry) => ({ ...entry, rank: entry.rank + 1 })),
      ];
      return { ...document, policySets: [{ ...first, rules }, ...others] } as PolicyBody["document"];
    });

    await library.goto();
    await expect(library.row(name)).toContainText(`Rule "Default › ${rule}"`);
    await library
      .row(name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const confirm = page.getByRole("dialog", { name: `Delete library condition ${name}?` });
    await expect(confirm.getByRole("alert")).toContainText(`${name} cannot be deleted while it is used by:`);
    await expect(confirm.getByRole("alert")).toContainText(`Rule "Default › ${rule}"`);
    await expect(confirm.getByRole("button", { name: "Delete" })).toBeDisabled();
    await confirm.getByRole("button", { name: "Cancel" }).click();

    // Someone else changes the policy while the editor is open: the save is refused with a reload.
    await library
      .row(name)
      .getByRole("button", { name: `Edit ${name}` })
      .click();
    const dialog = library.dialog();
    await expect(dialog).toContainText(`Used by Rule "Default › ${rule}"`);
    await saveThroughApi(
      page,
      ({ document }) =>
        ({
          ...document,
          policySets: (document.policySets as { rules: { name: string }[] }[]).map((set) => ({
            ...set,
            rules: set.rules.filter((entry) => entry.name !== rule).map((entry, rank) => ({ ...entry, rank })),
          })),
        }) as PolicyBody["document"],
    );
    await dialog.getByLabel("Description").fill("Renamed meanwhile");
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog.getByText("Someone saved the policy meanwhile — reload")).toBeVisible();
    await dialog.getByRole("button", { name: "Reload the policy" }).click();
    await expect(dialog).toContainText("Not used by any rule yet.");
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(library.row(name)).toContainText("Renamed meanwhile");
    await expect(library.row(name)).toContainText("Not used");

    await library
      .row(name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await page
      .getByRole("dialog", { name: `Delete library condition ${name}?` })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect(library.row(name)).toHaveCount(0);
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });
  const name = `Read-only view ${Date.now().toString(36)}`;

  test.beforeAll(async ({ playwright }, testInfo) => {
    const admin = await playwright.request.newContext({
      baseURL: testInfo.project.use.baseURL,
      storageState: authFile("admin"),
    });
    const current = (await (await admin.get("/api/policy")).json()) as PolicyBody;
    const condition = {
      type: "or",
      children: [
        { type: "leaf", attribute: "MDM:PinLockStatus", operator: "equals", value: "On" },
        { type: "leaf", attribute: "MDM:ServerType", operator: "in", value: ["MDM", "DM"], negate: true },
      ],
    };
    const response = await admin.put("/api/policy", {
      data: {
        document: { ...current.document, libraryConditions: [...current.document.libraryConditions, { name, condition }] },
        baseVersion: current.version,
      },
    });
    expect(response.status(), await response.text()).toBe(200);
    await admin.dispose();
  });

  test("sees the library and its conditions but cannot change them", async ({ page }) => {
    const library = new LibraryConditionsPage(page);
    await library.goto();
    await expect(page.getByText("Your role (Read Only) can view library conditions")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add", exact: true })).toHaveCount(0);
    await expect(library.row(name)).toContainText("MDM:PinLockStatus EQUALS On OR NOT MDM:ServerType IN (MDM, DM)");
    await expect(library.row(name).getByRole("button", { name: `Delete ${name}` })).toHaveCount(0);

    await library
      .row(name)
      .getByRole("button", { name: `View ${name}` })
      .click();
    const dialog = library.dialog();
    await expect(library.node("Condition 1").getByLabel("Dictionary")).toBeDisabled();
    await expect(library.node("Condition 2").getByRole("button", { name: "Negate" })).toBeDisabled();
    await expect(library.node("Condition 2").getByRole("checkbox", { name: "DM", exact: true })).toBeDisabled();
    await expect(dialog.getByRole("button", { name: /Actions for|Add condition|Save/ })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
  });
});
