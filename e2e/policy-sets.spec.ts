import { expect, type Locator, type Page } from "@playwright/test";
import type { RunningSimulator } from "../lib/mdm-simulator/server";
import type { PolicyDocument } from "../lib/validation/policy";
import { authFile, ensureLoopbackNad, mabPairs, mdmTest as test, radclient, useSimulatorAsMdm } from "./fixtures";

const SECRET = "e2e-policy-sets-secret";

/** A MAB Access-Request as a Cisco switch sends it, with Message-Authenticator. */
function mab(mac: string) {
  return radclient({ secret: SECRET, timeoutSeconds: 3 }, mabPairs(mac));
}

/** What a decision looks like in radclient's output, reduced to what tells the profiles apart. */
async function decision(mac: string): Promise<string> {
  const output = await mab(mac);
  if (output.includes("Received Access-Reject")) return "reject";
  if (!output.includes("Received Access-Accept")) return "no answer";
  const vlan = /Tunnel-Private-Group-Id(?::\d+)? = "?(\w+)"?/.exec(output)?.[1];
  if (output.includes("url-redirect-acl=ACL-MDM-REDIRECT")) return "redirect";
  return vlan ? `vlan ${vlan}` : "accept";
}

/**
 * The simulator's devices in each state. Each test takes its own (`pick` 1 = the last of each state, 2 = the
 * one before): the engine asks the MDM server that last answered for an endpoint first (ISE's §3.3
 * behaviour), and an earlier test's server is gone with its simulator.
 */
function devicesOf(simulator: RunningSimulator, pick: 1 | 2) {
  const devices = simulator.devices();
  const nth = (predicate: (device: (typeof devices)[number]) => boolean) => {
    const found = devices.filter(predicate).at(-pick);
    if (!found) throw new Error("the simulator inventory lacks a device in this state");
    return found.macaddress;
  };
  return {
    compliant: nth((d) => d.registered && d.compliant),
    nonCompliant: nth((d) => d.registered && !d.compliant),
    unregistered: nth((d) => !d.registered),
  };
}

/** A locally administered MAC unique to this run: never cached, so the engine has to ask the MDM. */
function freshMac() {
  return `02D0${(Date.now() % 0xffffffff).toString(16).toUpperCase().padStart(8, "0")}`;
}

class PolicySetsPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/policy/policy-sets");
    await expect(this.page.getByRole("heading", { name: "Policy Sets", level: 1 })).toBeVisible();
    await expect(this.page.getByRole("table", { name: "Policy sets" })).toBeVisible();
  }
  async openSet(name: string) {
    await this.page.getByRole("button", { name: `Open policy set ${name}` }).click();
    await expect(this.rules(name)).toBeVisible();
  }
  rules(setName = "Default") {
    return this.page.getByRole("table", { name: `Authorization rules of ${setName}` });
  }
  ruleNames() {
    return this.rules()
      .locator("tr[data-rule]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-rule")));
  }
  async ruleAction(rule: string, action: string | RegExp) {
    await this.page.getByRole("button", { name: `Actions for rule ${rule}` }).click();
    await this.page.getByRole("menuitem", { name: action }).click();
  }
  async deleteRule(rule: string) {
    await this.ruleAction(rule, "Delete…");
    const dialog = this.page.getByRole("dialog", { name: `Delete rule ${rule}?` });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.rules().locator(`tr[data-rule="${rule}"]`)).toHaveCount(0);
  }
  /** Adds a rule above the default one and builds it: its conditions in the Conditions Studio, its profile. */
  async addRule(name: string, conditions: [attribute: string, value: string][], profile: string) {
    const before = await this.ruleNames();
    await this.page.getByRole("button", { name: "Add rule" }).click();
    await expect(this.rules().locator("tr[data-rule]")).toHaveCount(before.length + 1);
    const added = (await this.ruleNames()).find((rule) => !before.includes(rule))!;
    await this.page.getByRole("textbox", { name: `Name of rule ${added}` }).fill(name);

    await this.page.getByRole("button", { name: `Edit conditions of rule ${name}` }).click();
    const studio = this.page.getByRole("dialog", { name: `Conditions of rule ${name}` });
    await expect(studio).toBeVisible();
    for (const [index, [attribute, value]] of conditions.entries()) {
      await studio.getByRole("button", { name: "Add condition", exact: true }).click();
      await studio.getByLabel("Dictionary", { exact: true }).nth(index).selectOption("MDM");
      await studio.getByLabel("Attribute", { exact: true }).nth(index).selectOption(attribute);
      await studio.getByLabel("Operator", { exact: true }).nth(index).selectOption({ label: "Equals" });
      await studio.getByLabel("Value", { exact: true }).nth(index).selectOption(value);
    }
    await studio.getByRole("button", { name: "Apply" }).click();
    await expect(studio).toBeHidden();

    await this.setProfiles(name, [profile]);
  }
  async setProfiles(rule: string, profiles: string[]) {
    const trigger = this.page.getByRole("button", { name: `Profiles of rule ${rule}` });
    await trigger.click();
    const menu = this.page.getByRole("menu");
    for (const item of await menu.getByRole("menuitemcheckbox").all()) {
      // The text holds the tick of a checked item and a note on a missing profile besides the name.
      const label = ((await item.textContent()) ?? "").replace("✓", "").replace(" (does not exist)", "").trim();
      const wanted = profiles.some((profile) => label === profile);
      if ((await item.getAttribute("aria-checked")) === "true" ? !wanted : wanted) await item.click();
    }
    await this.page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    for (const profile of profiles) await expect(trigger).toContainText(profile);
  }
  async save(comment: string) {
    await this.page.getByRole("textbox", { name: "Comment for this version" }).fill(comment);
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(this.page.getByText(/^Saved policy version \d+$/).first()).toBeVisible();
    await expect(this.page.getByText("No unsaved changes")).toBeVisible();
  }
}

const rowOf = (table: Locator, rule: string) => table.locator(`tr[data-rule="${rule}"]`);

test.describe("as a super admin", () => {
  test.use({ storageState: authFile("admin") });

  test("builds the typical MDM rule set visually, RADIUS follows it, and restoring version 1 brings the old decisions back", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    test.setTimeout(180_000);
    await ensureLoopbackNad(page.request, SECRET, "e2e-policy-nad");
    await useSimulatorAsMdm(page, simulator, uniqueName("Policy MDM"));
    const devices = devicesOf(simulator, 1);
    const policy = new PolicySetsPage(page);
    await policy.goto();
    await policy.openSet("Default");

    // From scratch: no seeded rule left, only the default one (which cannot be deleted).
    for (const rule of (await policy.ruleNames()).slice(0, -1)) await policy.deleteRule(rule!);
    expect(await policy.ruleNames()).toEqual(["Default"]);
    await page.getByRole("button", { name: "Actions for rule Default" }).click();
    await expect(page.getByRole("menuitem", { name: "Delete…" })).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(page.getByText(/Unsaved changes \(\d+\)/)).toBeVisible();

    await policy.addRule("Unreachable", [["MDMServerReachable", "UnReachable"]], "Limited Access");
    await policy.addRule("Unregistered", [["DeviceRegisterStatus", "UnRegistered"]], "MDM Redirect");
    await policy.addRule("NonCompliant", [["DeviceCompliantStatus", "NonCompliant"]], "Quarantine");
    await policy.addRule(
      "Compliant",
      [
        ["DeviceRegisterStatus", "Registered"],
        ["DeviceCompliantStatus", "Compliant"],
      ],
      "PermitAccess",
    );
    await policy.setProfiles("Default", ["DenyAccess"]);
    expect(await policy.ruleNames()).toEqual(["Unreachable", "Unregistered", "NonCompliant", "Compliant", "Default"]);
    await expect(rowOf(policy.rules(), "Compliant")).toContainText(
      "MDM:DeviceRegisterStatus EQUALS Registered AND MDM:DeviceCompliantStatus EQUALS Compliant",
    );
    await expect(rowOf(policy.rules(), "Compliant")).toContainText("New");
    await policy.save("MDM rules built from scratch");

    // The engine reloads within about a second: poll until the new policy decides.
    await expect.poll(() => decision(devices.compliant), { timeout: 20_000 }).toBe("accept");
    expect(await decision(devices.nonCompliant)).toBe("vlan 99");
    expect(await decision(devices.unregistered)).toBe("redirect");
    simulator.setFaults({ reset: true });
    expect(await decision(freshMac())).toBe("vlan 30");
    simulator.setFaults({ reset: false });

    // History: the diff against the seeded version, then restore version 1.
    await page.getByRole("button", { name: "History" }).click();
    const versions = page.getByRole("table", { name: "Policy versions" });
    await expect(versions.getByRole("row", { name: /MDM rules built from scratch/ })).toContainText("Active");
    await page.getByRole("button", { name: "Compare version 1 with the active version" }).click();
    const diff = page.locator('[data-diff-rule="MDM Compliant"]');
    await expect(diff).toContainText("Removed");
    await expect(page.locator('[data-diff-rule="Compliant"]')).toContainText("Added");
    await expect(page.locator('[data-diff-rule="Default"]')).toHaveCount(0);

    await page.getByRole("button", { name: "Restore version 1", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Restore version 1?" });
    await confirm.getByRole("button", { name: "Restore version 1", exact: true }).click();
    await expect(page.getByText(/^Restored version 1 as version \d+$/).first()).toBeVisible();
    await expect.poll(() => decision(devices.compliant), { timeout: 20_000 }).toBe("vlan 10");
    expect(await decision(devices.nonCompliant)).toBe("vlan 99");

    // The builder shows the restored policy again, where it was (the Default set).
    await expect
      .poll(() => policy.ruleNames())
      .toEqual(["MDM Unreachable", "MDM Unregistered", "MDM NonCompliant", "MDM Compliant", "Default"]);
    await expect(page.getByText("No unsaved changes")).toBeVisible();
  });

  test("reorders by keyboard, guards unsaved changes and simulates the unsaved working copy", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    await ensureLoopbackNad(page.request, SECRET, "e2e-policy-nad");
    await useSimulatorAsMdm(page, simulator, uniqueName("Policy MDM"));
    const devices = devicesOf(simulator, 2);
    const policy = new PolicySetsPage(page);
    await policy.goto();
    await policy.openSet("Default");
    const rules = await policy.ruleNames();
    const movable = rules.at(-2)!;

    // Keyboard only: focus the handle, Space lifts, ArrowUp moves one row, Space drops.
    await page.getByRole("button", { name: `Move rule ${movable}` }).focus();
    // Each step waits for the screen-reader announcement, which is also what a keyboard user hears.
    await page.keyboard.press("Space");
    // (The live region holds the latest announcement: "picked up" is followed at once by where it is over.)
    await expect(page.getByText(`rule ${movable} is over position ${rules.length - 1} of ${rules.length - 1}.`)).toBeAttached();
    await page.keyboard.press("ArrowUp");
    await expect(page.getByText(`rule ${movable} is over position ${rules.length - 2} of ${rules.length - 1}.`)).toBeAttached();
    await page.keyboard.press("Space");
    await expect(
      page.getByText(`rule ${movable} dropped at position ${rules.length - 2} of ${rules.length - 1}.`),
    ).toBeAttached();
    const expected = [...rules];
    expected.splice(rules.length - 2, 1);
    expected.splice(rules.length - 3, 0, movable);
    await expect.poll(() => policy.ruleNames()).toEqual(expected);
    await expect(rowOf(policy.rules(), movable)).toContainText("Moved");
    await expect(page.getByText("Unsaved changes (1)")).toBeVisible();
    // The default rule has no handle and no Move actions.
    await expect(page.getByRole("button", { name: "Move rule Default" })).toHaveCount(0);

    // Leaving through the menu asks first; staying keeps the work.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }).click();
    const guard = page.getByRole("dialog", { name: "Leave without saving?" });
    await expect(guard).toBeVisible();
    await guard.getByRole("button", { name: "Stay on this page" }).click();
    await expect(guard).toBeHidden();
    await expect(page).toHaveURL(/\/policy\/policy-sets$/);
    await expect(page.getByText("Unsaved changes (1)")).toBeVisible();

    // Simulate with an unsaved change that matters: the compliant rule disabled in the working copy only.
    const compliantRule = rules.find((rule) => /compliant/i.test(rule!) && !/non/i.test(rule!))!;
    await page.getByRole("combobox", { name: `Status of rule ${compliantRule}` }).selectOption("disabled");
    await page.getByRole("button", { name: "Simulate" }).click();
    const drawer = page.getByRole("dialog", { name: "Policy simulation" });
    await expect(drawer).toContainText("unsaved working copy");
    await drawer.getByLabel("MAC address").fill(devices.compliant);
    await drawer.getByRole("button", { name: "Run simulation" }).click();
    await expect(drawer.getByTestId("simulation-decision")).toContainText("Access-Reject", { timeout: 20_000 });
    await expect(drawer.getByTestId("simulation-decision")).toContainText("Default");
    const trace = drawer.getByRole("list", { name: "Evaluation trace" });
    await expect(trace.locator(`[data-trace-rule="${compliantRule}"]`)).toContainText("disabled");
    await expect(trace).toContainText("DeviceCompliantStatus");
    await expect(drawer).toContainText("MDM:DeviceCompliantStatus");

    // Back to enabled: the same device now gets the compliant rule's reply attributes.
    await drawer.getByRole("button", { name: "Close the simulation panel" }).click();
    await page.getByRole("combobox", { name: `Status of rule ${compliantRule}` }).selectOption("enabled");
    await page.getByRole("button", { name: "Simulate" }).click();
    await drawer.getByRole("button", { name: "Run simulation" }).click();
    await expect(drawer.getByTestId("simulation-decision")).toContainText(`Access-Accept — matched rule ${compliantRule}`, {
      timeout: 20_000,
    });
    await expect(drawer.getByRole("table", { name: "RADIUS reply attributes" })).toContainText("Tunnel-Private-Group-Id");
    await drawer.getByRole("button", { name: "Close the simulation panel" }).click();

    // A problem is shown on its row as it happens, and a save is refused until it is fixed.
    await page.getByRole("textbox", { name: `Name of rule ${rules[0]}` }).fill("");
    await expect(rowOf(policy.rules(), "")).toContainText("Enter a name");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Fix the problem marked in red before saving.")).toBeVisible();

    // Reset discards everything.
    await page.getByRole("button", { name: "Reset" }).click();
    await expect(page.getByText("No unsaved changes")).toBeVisible();
    expect(await policy.ruleNames()).toEqual(rules);

    // The API refuses a stale base version (someone saved meanwhile) and names a bad condition by its path.
    const active = (await (await page.request.get("/api/policy")).json()) as { version: number; document: PolicyDocument };
    const stale = await page.request.put("/api/policy", { data: { document: active.document, baseVersion: active.version - 1 } });
    expect(stale.status()).toBe(409);
    const bad = structuredClone(active.document);
    bad.policySets[0]!.rules[0]!.condition = { type: "leaf", attribute: "MDM:NoSuchAttribute", operator: "equals", value: "x" };
    const refused = await page.request.put("/api/policy", { data: { document: bad, baseVersion: active.version } });
    expect(refused.status()).toBe(422);
    const problem = (await refused.json()) as { fields: Record<string, string> };
    expect(Object.keys(problem.fields).some((key) => key.startsWith("policySets.0.rules.0.condition"))).toBe(true);
  });
});

test.describe("as a read-only admin", () => {
  test.use({ storageState: authFile("read-only") });

  test("sees the policy and its history, may simulate, but cannot change them", async ({ page }) => {
    const policy = new PolicySetsPage(page);
    await policy.goto();
    await expect(page.getByText(/Not allowed: your role \(Read Only\)/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add policy set" })).toHaveCount(0);
    // A simulation changes nothing: read-only admins may run one.
    await expect(page.getByRole("button", { name: "Simulate" })).toBeEnabled();
    const simulated = await page.request.post("/api/policy/simulate", {
      data: {
        endpoint: {
          mac: "02:00:00:00:00:01",
          mdm: { mode: "given", values: { MDMServerReachable: "Reachable", DeviceRegisterStatus: "UnRegistered" } },
        },
      },
    });
    expect(simulated.status(), await simulated.text()).toBe(200);
    await policy.openSet("Default");
    await expect(page.getByRole("button", { name: "Add rule" })).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: "Status of rule Default" })).toBeDisabled();
    await page.getByRole("button", { name: "History" }).click();
    await expect(page.getByRole("table", { name: "Policy versions" })).toBeVisible();
    const response = await page.request.put("/api/policy", { data: { document: {}, baseVersion: 1 } });
    expect(response.status()).toBe(403);
  });
});
