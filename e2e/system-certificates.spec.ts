// Administration › System › Certificates › System Certificates: generate, import, "Use for EAP", delete — and,
// end to end, that the certificate chosen on the page is the one the engine presents in EAP-TLS: wpa_supplicant's
// eapol_test trusts only the PEM downloaded from the page and authenticates with a device certificate the MDM
// simulator issued.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { authFile, ensureLoopbackNad, mdmTest as test, radiusPorts, useSimulatorAsMdm } from "./fixtures";

test.use({ storageState: authFile("admin") });

const SECRET = "e2e-system-certificates-secret";
const NAD_NAME = "e2e-loopback-nad";
/** Simulator inventory: alice.martin's compliant iPhone. */
const COMPLIANT_MAC = "0026B424FEB4";

// `npm test` installs eapol_test when missing (scripts/test.mjs); a run without it fails saying what to install.
const hasEapolTest = (() => {
  try {
    execFileSync("sh", ["-c", "command -v eapol_test"]);
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-syscert-"));
});
test.afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A unique host-like name for this run. */
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;

/** A self-signed server certificate and its key from the OpenSSL command line. */
function opensslServerPair(commonName: string) {
  const key = path.join(dir, `${commonName}-key.pem`);
  const certificate = path.join(dir, `${commonName}.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "365",
      "-keyout",
      key,
      "-out",
      certificate,
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=DNS:${commonName}`,
      "-addext",
      "extendedKeyUsage=serverAuth",
    ],
    { stdio: "ignore" },
  );
  return { certificatePem: fs.readFileSync(certificate, "utf8"), privateKeyPem: fs.readFileSync(key, "utf8") };
}

type Listed = { id: string; friendlyName: string; usedForEap: boolean };

async function listed(page: Page): Promise<Listed[]> {
  const response = await page.request.get("/api/system-certificates");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { certificates: Listed[] }).certificates;
}

/** Generated through the API, for tests whose subject is not the dialog. */
async function generated(page: Page, commonName: string, friendlyName: string) {
  const response = await page.request.post("/api/system-certificates/self-signed", {
    data: { commonName, friendlyName, keyAlgorithm: "rsa-2048" },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { certificate: Listed }).certificate;
}

class SystemCertificatesPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/administration/certificates/system");
    await expect(this.page.getByRole("heading", { name: "System Certificates", exact: true })).toBeVisible();
  }
  row(friendlyName: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: friendlyName, exact: true }) });
  }
  async select(friendlyName: string) {
    await this.page.getByRole("radio", { name: `Select ${friendlyName}`, exact: true }).check();
  }
  async useForEap(friendlyName: string) {
    await this.select(friendlyName);
    await this.page.getByRole("button", { name: "Use for EAP", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: `Use ${friendlyName} for EAP?` });
    await dialog.getByRole("button", { name: "Use for EAP", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(friendlyName)).toContainText("EAP Authentication");
  }
}

test("generates a self-signed certificate from the dialog, with errors next to the fields", async ({ page }) => {
  const certificates = new SystemCertificatesPage(page);
  await certificates.goto();
  await page.getByRole("button", { name: "Generate Self-Signed Certificate" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate Self-Signed Certificate" });
  await dialog.getByLabel("Subject Alternative Names (DNS)").fill("ok.example, not_a_name!");
  await dialog.getByLabel("Validity (days)").fill("0");
  await dialog.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(dialog.getByText("Enter the common name (CN), e.g. the RADIUS server's host name")).toBeVisible();
  await expect(dialog.getByText('"not_a_name!" is not a DNS name')).toBeVisible();
  await expect(dialog.getByText("At least 1 day")).toBeVisible();

  const host = `${unique("radius")}.corp.example`;
  const name = `Generated ${host}`;
  await dialog.getByLabel("Friendly Name").fill(name);
  await dialog.getByLabel("Common Name (CN)").fill(host);
  await dialog.getByLabel("Subject Alternative Names (DNS)").fill(`${host}, radius.corp.example`);
  await dialog.getByLabel("Key Type").selectOption({ label: "ECDSA P-256" });
  await dialog.getByLabel("Validity (days)").fill("20");
  await dialog.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = certificates.row(name);
  await expect(row).toContainText("Not in use");
  await expect(row).toContainText("Expires in 20 days");
  await expect(row).toContainText("ECDSA-P256");
  await expect(row).toContainText(host);
  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.getByText(`DNS: ${host}`)).toBeVisible();
  await expect(page.getByText("DNS: radius.corp.example")).toBeVisible();
  await expect(page.getByText("Server Authentication", { exact: true })).toBeVisible();
  await expect(page.getByLabel("PEM")).toContainText("BEGIN CERTIFICATE");
  await expect(page.getByLabel("PEM")).not.toContainText("PRIVATE KEY");
});

test("imports a PEM pair, moves the EAP badge to it, refuses to delete it while in use, deletes another", async ({ page }) => {
  const certificates = new SystemCertificatesPage(page);
  const commonName = `${unique("imported")}.example`;
  const pair = opensslServerPair(commonName);
  const other = opensslServerPair(`${unique("other")}.example`);
  const name = `Imported ${commonName}`;
  const previous = (await listed(page)).find((row) => row.usedForEap)!;
  expect(previous, "the engine made an EAP certificate at start").toBeDefined();

  await certificates.goto();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Import a system certificate" });
  await dialog.getByLabel("Certificate (PEM)").fill(pair.certificatePem);
  await dialog.getByLabel("Private Key (PEM)").fill(other.privateKeyPem);
  await dialog.getByLabel("Friendly Name").fill(name);
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(dialog.getByText("This key does not match the certificate's public key")).toBeVisible();
  await dialog.getByLabel("Private Key (PEM)").fill(pair.privateKeyPem);
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(dialog).toBeHidden();
  await expect(certificates.row(name)).toContainText("Not in use");

  await certificates.useForEap(name);
  await expect(certificates.row(previous.friendlyName)).toContainText("Not in use");

  // The one in use cannot be deleted: the dialog says why, and the server refuses it too.
  await certificates.select(name);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const refusal = page.getByRole("dialog", { name: `${name} cannot be deleted` });
  await expect(refusal).toContainText("Use another certificate for EAP first");
  await refusal.getByRole("button", { name: "Close" }).click();
  const inUse = (await listed(page)).find((row) => row.friendlyName === name)!;
  const refused = await page.request.delete(`/api/system-certificates/${inUse.id}`);
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { title: string }).title).toContain(
    "is the EAP server certificate in use and cannot be deleted",
  );

  // Another one can be deleted.
  const spareName = `Spare ${unique("spare")}`;
  await generated(page, `${unique("spare")}.example`, spareName);
  await page.reload();
  await certificates.select(spareName);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${spareName}?` });
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(certificates.row(spareName)).toHaveCount(0);
  await expect(certificates.row(name)).toContainText("EAP Authentication");
});

test("eapol_test trusts the EAP certificate downloaded from the page and authenticates a simulator device certificate", async ({
  page,
  simulator,
  uniqueName,
}) => {
  if (!hasEapolTest) throw new Error("eapol_test is missing: install Debian's eapoltest (sudo apt-get install -y eapoltest)");
  test.setTimeout(120_000);
  const certificates = new SystemCertificatesPage(page);

  // The simulator as the MDM, its device CA trusted for client authentication (only), the loopback NAD.
  await useSimulatorAsMdm(page, simulator, uniqueName("SysCert MDM"));
  const control = `http://127.0.0.1:${simulator.controlPort}`;
  const deviceCa = await (await page.request.get(`${control}/device-ca`)).text();
  const trusted = await page.request.post("/api/trusted-certificates", {
    data: {
      content: deviceCa,
      encoding: "text",
      friendlyName: uniqueName("Sim Device CA"),
      trustForMdm: false,
      trustForClientAuth: true,
    },
  });
  expect(trusted.status(), await trusted.text()).toBe(200);
  await ensureLoopbackNad(page.request, SECRET, NAD_NAME);

  // The device's identity certificate, as its MDM pushes it: PKCS#12 with the GUID in a SAN URI.
  const issued = await page.request.post(`${control}/devices/${COMPLIANT_MAC}/certificate`, {
    data: { format: "pkcs12", password: "device-pass" },
  });
  expect(issued.status(), await issued.text()).toBe(200);
  const deviceP12 = path.join(dir, "alice-iphone.p12");
  fs.writeFileSync(deviceP12, await issued.body());

  // A new certificate chosen on the page; its PEM downloaded from its detail page is all eapol_test trusts.
  const previous = (await listed(page)).find((row) => row.usedForEap)!;
  const name = `EAP ${unique("eap")}`;
  await generated(page, `${unique("eap")}.radius.example`, name);
  await certificates.goto();
  await certificates.useForEap(name);
  await certificates.row(name).getByRole("link", { name, exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download PEM" }).click(),
  ]);
  const caCert = path.join(dir, "eap-server.pem");
  await download.saveAs(caCert);
  const previousCaCert = path.join(dir, "previous-eap-server.pem");
  fs.writeFileSync(previousCaCert, await (await page.request.get(`/api/system-certificates/${previous.id}/pem`)).text());

  // Not in the inventory: the decision can only come from the certificate's GUID.
  const hex = (Date.now() % 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
  const mac = `02E3${hex}`;
  const colonMac = mac.match(/../g)!.join(":");
  const run = (trustedCa: string) => eapolTest({ caCert: trustedCa, pkcs12: deviceP12, password: "device-pass", mac: colonMac });

  // Engines load the new configuration within a second; until then the old certificate is presented.
  await expect(async () => {
    const result = await run(caCert);
    expect(result, result).toMatch(/^SUCCESS$/m);
  }).toPass({ timeout: 30_000 });
  // The previous certificate is no longer the one presented: trusting only it fails the handshake.
  const refused = await run(previousCaCert);
  expect(refused).toMatch(/^FAILURE$/m);
  expect(refused).toMatch(/certificate verify failed|unable to get local issuer certificate|self[- ]signed/i);

  await page.goto(`/operations/live-logs?mac=${mac.toLowerCase()}`);
  const rows = page.getByTestId("live-log-row").filter({ hasText: colonMac });
  const accepted = rows.filter({ hasText: "Accept" }).first();
  await expect(accepted).toContainText("EAP-TLS", { timeout: 15_000 });
  await expect(accepted).toContainText("MDM Compliant");
  await expect(accepted).toContainText("host/alice-iphone");
});

/** One EAP-TLS authentication with wpa_supplicant's eapol_test against the engine's RADIUS port: its output. */
function eapolTest(options: { caCert: string; pkcs12: string; password: string; mac: string }): Promise<string> {
  const conf = path.join(dir, `eapol-${Math.random().toString(36).slice(2)}.conf`);
  fs.writeFileSync(
    conf,
    `network={
  key_mgmt=WPA-EAP
  eap=TLS
  identity="host/alice-iphone"
  ca_cert="${options.caCert}"
  private_key="${options.pkcs12}"
  private_key_passwd="${options.password}"
}
`,
  );
  const args = ["-c", conf, "-a", "127.0.0.1", "-p", String(radiusPorts.auth), "-s", SECRET, "-M", options.mac, "-t", "10"];
  return new Promise((resolve, reject) => {
    const child = spawn("eapol_test", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => resolve(output));
  });
}
