// What the engine's configuration snapshot is compiled from, read in one go when the configuration
// version changes (never per packet). Secrets are opened here and only handed to the engine.
import type { SecretBox } from "../secret-box";
import type { Db } from "./client";
import { listFreshEndpointAnswers } from "./endpoints";
import { listNetworkDevicesWithSecrets } from "./network-devices";
import { listValidAuthorizationProfiles } from "./authorization-profiles";
import { getActivePolicy } from "./policy";
import { listMdmTrustAnchors } from "./trusted-certificates";

export async function loadEngineConfig(db: Db, box: SecretBox) {
  const [version, nads, servers, settings, anchors, policy, profiles] = await Promise.all([
    db.configState.findUnique({ where: { id: 1 } }).then((row) => row?.version ?? 0),
    listNetworkDevicesWithSecrets(db, box),
    db.mdmServer.findMany({ orderBy: [{ lookupOrder: "asc" }, { name: "asc" }] }),
    db.mdmSettings.findUnique({ where: { id: 1 } }),
    listMdmTrustAnchors(db),
    getActivePolicy(db),
    listValidAuthorizationProfiles(db),
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
  };
}

export type EngineConfigData = Awaited<ReturnType<typeof loadEngineConfig>>;

export { listFreshEndpointAnswers };
