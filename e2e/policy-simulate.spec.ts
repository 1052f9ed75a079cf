// The simulation API through the web app: the signed-in admin's request goes to the running engine, which
// queries the real MDM simulator and answers with the decision, the trace and the exact reply.
import { expect } from "@playwright/test";
import { authFile, mdmTest as test, useSimulatorAsMdm } from "./fixtures";

test.describe("POST /api/policy/simulate", () => {
  test.use({ storageState: authFile("admin") });

  test("simulates the active policy with a live MDM answer, and an unsaved policy with given values", async ({
    page,
    simulator,
    uniqueName,
  }) => {
    // First in the lookup order, no fallback; and a non-compliant device no other test asks about, so no
    // earlier test's (long gone) server is remembered for it.
    await useSimulatorAsMdm(page, simulator, uniqueName("Simulated MDM"));

    // The engine reloads its configuration within a second of the save.
    await expect
      .poll(
        async () => {
          const response = await page.request.post("/api/policy/simulate", {
            data: { endpoint: { mac: "3C:2E:FF:D5:C6:89", mdm: { mode: "live" } } },
          });
          return ((await response.json()) as { rule?: string }).rule;
        },
        { timeout: 15_000 },
      )
      .toBe("MDM NonCompliant");
    const nonCompliant = await page.request.post("/api/policy/simulate", {
      data: { endpoint: { mac: "3C:2E:FF:D5:C6:89", mdm: { mode: "live" } } },
    });
    const body = (await nonCompliant.json()) as {
      reply: { code: string; attributes: { name: string; value: string; tag?: number }[] };
      mdm: { source: string; values: Record<string, string> };
      trace: { rule: string; matched: boolean }[];
    };
    expect(body.reply.code).toBe("Access-Accept");
    expect(body.reply.attributes).toContainEqual({ name: "Tunnel-Private-Group-Id", value: "99", tag: 1 });
    expect(body.mdm).toMatchObject({ source: "live", values: { DeviceCompliantStatus: "NonCompliant" } });
    expect(body.trace.map((rule) => rule.matched)).toEqual([false, false, true]);

    const unsaved = await page.request.post("/api/policy/simulate", {
      data: {
        document: {
          libraryConditions: [],
          policySets: [
            {
              name: "Only",
              rank: 0,
              state: "enabled",
              condition: null,
              rules: [
                {
                  name: "Jailbroken",
                  rank: 0,
                  state: "enabled",
                  condition: { type: "leaf", attribute: "MDM:JailBrokenStatus", operator: "equals", value: "Broken" },
                  profiles: ["DenyAccess"],
                },
                { name: "Default", rank: 1, state: "enabled", condition: null, profiles: ["PermitAccess"] },
              ],
            },
          ],
        },
        endpoint: { mdm: { mode: "given", values: { JailBrokenStatus: "Broken" } } },
      },
    });
    expect(unsaved.status()).toBe(200);
    expect(await unsaved.json()).toMatchObject({
      policyVersion: null,
      rule: "Jailbroken",
      reply: { code: "Access-Reject", attributes: [] },
      mdm: { source: "given" },
    });
  });

  test("answers 422 with the field for a live simulation without a MAC", async ({ page }) => {
    const response = await page.request.post("/api/policy/simulate", { data: { endpoint: { mdm: { mode: "live" } } } });
    expect(response.status()).toBe(422);
    expect(await response.json()).toMatchObject({ fields: { "endpoint.mac": expect.stringContaining("MAC") } });
  });
});
