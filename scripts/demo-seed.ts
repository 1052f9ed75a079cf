// `npm run demo` step: on an empty database, add a demo MDM server pointing at the bundled simulator, with
// the simulator's CA trusted, and run Test Connection once so discovery is stored. An existing
// configuration is never touched.
import fs from "node:fs";
import path from "node:path";
import { createDb, prepareDb } from "../lib/db/client";
import { countMdmServers, createMdmServer, recordMdmTestResult } from "../lib/db/mdm-servers";
import { addTrustedCertificate, describeCertificate } from "../lib/db/trusted-certificates";
import { testConnection } from "../lib/engine/mdm/test-connection";
import { databaseTarget, dataDir, getEnv } from "../lib/env";
import { SecretBox } from "../lib/secret-box";

export const demoMdm = { name: "Demo MDM (simulator)", username: "iseapi", password: "iseapi-secret" };

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
