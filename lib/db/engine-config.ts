// What the engine's configuration snapshot is compiled from, read in one go when the configuration
// version changes (never per packet). Secrets are opened here and only handed to the engine.
import { z } from "zod";
import type { SecretBox } from "../secret-box";
import { deviceIdentifierSources } from "../validation/mdm-server";
import type { Db } from "./client";
import { listFreshEndpointAnswers } from "./endpoints";
import { listNetworkDevicesWithSecrets } from "./network-devices";
import { listValidAuthorizationProfiles } from "./authorization-profiles";
import { getActivePolicy } from "./policy";
import { getEapServerCredentials } from "./system-certificates";
import { listClientAuthTrustAnchors, listMdmTrustAnchors } from "./trusted-certificates";

export async function loadEngineConfig(db: Db, box: SecretBox) {
  const [version, nads, servers, settings, anchors, policy, profiles, eapServer, clientAnchors] = await Promise.all([
    db.configState.findUnique({ where: { id: 1 } }).then((row) => row?.version ?? 0),
    listNetworkDevicesWithSecrets(db, box),
    db.mdmServer.findMany({ orderBy: [{ lookupOrder: "asc" }, { name: "asc" }] }),
    db.mdmSettings.findUnique({ where: { id: 1 } }),
    listMdmTrustAnchors(db),
    getActivePolicy(db),
    listValidAuthorizationProfiles(db),
    getEapServerCredentials(db, box),
    listClientAuthTrustAnchors(db),
  ]);
  return {
    version,
    nads,
    mdmServers: servers.map((server) => ({
      id: server.id,
      name: server.name,
      host: server.host,
      port: server.port,
      instance: server.instance,
      username: server.username,
      password: box.open(server.passwordEncrypted),
      isEnabled: server.isEnabled,
      cacheExpirationMinutes: server.cacheExpirationMinutes,
      pollingIntervalMinutes: server.pollingIntervalMinutes,
      apiVersion: server.apiVersion,
      apiPath: server.apiPath,
      redirectUrl: server.redirectUrl,
      deviceIdentifiers: parseDeviceIdentifiers(server.deviceIdentifiers),
    })),
    mdmSettings: {
      fallbackOnNotRegistered: settings?.fallbackOnNotRegistered ?? false,
      fallbackOnError: settings?.fallbackOnError ?? false,
    },
    trustAnchorsPem: anchors.map((anchor) => anchor.pem),
    policy,
    profiles: profiles.profiles,
    /** Stored profiles that no longer validate: left out (their rules reject), named in the engine's log. */
    invalidProfiles: profiles.invalid as readonly string[] | undefined,
    /** EAP-TLS: the server certificate in use (none until the engine's first start creates one) and client trust anchors. */
    eap: {
      server: eapServer
        ? { id: eapServer.id, certificatePem: eapServer.certificatePem, privateKeyPem: eapServer.privateKeyPem }
        : undefined,
      clientCaPems: clientAnchors.map((anchor) => anchor.pem),
    } as EngineEapConfig | undefined,
  };
}

export type EngineEapConfig = {
  server: { id: string; certificatePem: string; privateKeyPem: string } | undefined;
  clientCaPems: readonly string[];
};

/** The stored Device Identifier order (JSON), unknown entries dropped; the default when unreadable. */
function parseDeviceIdentifiers(stored: string): ("san-uri-guid" | "cn-guid" | "mac")[] {
  try {
    const parsed = deviceIdentifiersSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through to the default order.
  }
  return ["san-uri-guid", "cn-guid", "mac"];
}

const deviceIdentifiersSchema = z.array(z.enum(deviceIdentifierSources)).min(1);

export type EngineConfigData = Omit<Awaited<ReturnType<typeof loadEngineConfig>>, "eap"> & { eap?: EngineEapConfig };

export { listFreshEndpointAnswers };
