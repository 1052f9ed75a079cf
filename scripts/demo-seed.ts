// `npm run demo` step: on an empty database, add a demo MDM server pointing at the bundled simulator, with
// the simulator's CA trusted, and run Test Connection once so discovery is stored; without network devices,
// add one for 127.0.0.1 and print radclient lines to try MAB against the engine. An existing configuration
// is never touched.
import fs from "node:fs";
import path from "node:path";
import { createDb, prepareDb } from "../lib/db/client";
import { countMdmServers, createMdmServer, recordMdmTestResult } from "../lib/db/mdm-servers";
import { countNetworkDevices, createNetworkDevice, listNetworkDevicesWithSecrets } from "../lib/db/network-devices";
import { addTrustedCertificate, describeCertificate } from "../lib/db/trusted-certificates";
import { testConnection } from "../lib/engine/mdm/test-connection";
import { databaseTarget, dataDir, getEnv } from "../lib/env";
import { SecretBox } from "../lib/secret-box";

export const demoMdm = { name: "Demo MDM (simulator)", username: "iseapi", password: "iseapi-secret" };
export const demoNad = { name: "Demo switch (localhost)", address: "127.0.0.1", secret: "gatehouse-demo" };

/** Adds the demo network device on a configuration without any, then prints radclient lines for it. */
async function seedNetworkDevice(db: ReturnType<typeof createDb>, box: SecretBox, authPort: number, acctPort: number) {
  if ((await countNetworkDevices(db)) === 0) {
    await createNetworkDevice(
      db,
      box,
      {
        name: demoNad.name,
        address: demoNad.address,
        secret: demoNad.secret,
        vendorProfile: "cisco",
        coaPort: 3799,
        requireMessageAuthenticator: true,
        description: "Added by npm run demo: lets radclient on this machine talk to Gatehouse",
      },
      "demo",
    );
    console.log(`demo: added network device "${demoNad.name}" (127.0.0.1, shared secret ${demoNad.secret})`);
  }
  const nad = (await listNetworkDevicesWithSecrets(db, box)).find((device) => device.name === demoNad.name);
  if (!nad) return;
  const mab = (mac: string) => {
    const lower = mac.toLowerCase();
    const dashed = mac.match(/../g)!.join("-");
    return `echo 'User-Name=${lower},User-Password=${lower},Calling-Station-Id=${dashed},Service-Type=Call-Check,Message-Authenticator=0x00' | radclient -x 127.0.0.1:${authPort} auth ${nad.secret}`;
  };
  console.log(
    [
      "",
      "  Try MAB with radclient (Debian: apt-get install freeradius-utils):",
      "    # compliant iPhone → Access-Accept, VLAN 10 (Corporate Access)",
      `    ${mab("0026B424FEB4")}`,
      "    # non-compliant Android → Access-Accept, VLAN 99 + QUARANTINE ACL (Quarantine)",
      `    ${mab("0026B424FEB5")}`,
      "    # unregistered → url-redirect to the MDM's enrolment page (MDM Redirect)",
      `    ${mab("0026B424FEB7")}`,
      "    # accounting: the session appears under Live Sessions",
      `    echo 'Acct-Status-Type=Start,Acct-Session-Id=demo-1,Calling-Station-Id=00-26-B4-24-FE-B4,Framed-IP-Address=10.0.10.23' | radclient -x 127.0.0.1:${acctPort} acct ${nad.secret}`,
      "",
    ].join("\n"),
  );
}

async function waitForSimulator(controlPort: number, caPath: string): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${controlPort}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok && fs.existsSync(caPath)) return fs.readFileSync(caPath, "utf8");
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the MDM simulator did not start (no answer on 127.0.0.1:${controlPort} within 90 s)`);
}

async function main() {
  const env = getEnv();
  const target = databaseTarget(env);
  const db = createDb(target);
  await prepareDb(db, target);
  try {
    await seedNetworkDevice(db, SecretBox.fromEnv(env), env.RADIUS_AUTH_PORT, env.RADIUS_ACCT_PORT);
    if ((await countMdmServers(db)) > 0) {
      console.log("demo: MDM servers are already configured; leaving the configuration as it is");
      return;
    }
    const caPem = await waitForSimulator(env.MDM_SIM_CONTROL_PORT, path.join(dataDir(env), "mdm-simulator", "ca.pem"));
    const fingerprint = describeCertificate(caPem).fingerprintSha256;
    if (!(await db.trustedCertificate.findUnique({ where: { fingerprintSha256: fingerprint } }))) {
      await addTrustedCertificate(
        db,
        {
          pem: caPem,
          friendlyName: "Gatehouse MDM Simulator CA",
          trustForMdm: true,
          trustForClientAuth: true,
          description: "Added by npm run demo",
        },
        "demo",
      );
    }
    const box = SecretBox.fromEnv(env);
    const server = await createMdmServer(
      db,
      box,
      {
        name: demoMdm.name,
        serverType: "mdm",
        authType: "basic",
        host: "127.0.0.1",
        port: env.MDM_SIM_PORT,
        instance: undefined,
        username: demoMdm.username,
        password: demoMdm.password,
        description: "The bundled MDM simulator (npm run mdm-sim), added by npm run demo",
        pollingIntervalMinutes: 0,
        cacheExpirationMinutes: 60,
        deviceIdentifiers: ["san-uri-guid", "cn-guid", "mac"],
        isEnabled: true,
      },
      "demo",
    );
    const result = await testConnection({
      host: "127.0.0.1",
      port: env.MDM_SIM_PORT,
      instance: undefined,
      username: demoMdm.username,
      password: demoMdm.password,
      trustedCertificatesPem: [caPem],
    });
    await recordMdmTestResult(db, { id: server.id, result, actor: "demo" });
    console.log(`demo: added "${demoMdm.name}" → https://127.0.0.1:${env.MDM_SIM_PORT} (Test Connection: ${result.message})`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
