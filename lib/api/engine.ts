import { EngineClient } from "../engine/control/client";
import { engineControlUrl, engineToken } from "../engine/control/token";
import { getEnv } from "../env";

let client: EngineClient | undefined;

/** The web app's only way to reach the engine. */
export function getEngineClient(): EngineClient {
  if (!client) {
    const env = getEnv();
    client = new EngineClient({ baseUrl: engineControlUrl(env), token: engineToken(env) });
  }
  return client;
}
