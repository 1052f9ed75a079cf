import path from "node:path";
import { dataDir, type Env } from "../../env";
import { readOrCreateSecretFile } from "../../secret-file";

/** ENGINE_TOKEN, else a random token generated once into DATA_DIR/engine-token (0600). */
export function engineToken(env: Env): string {
  return env.ENGINE_TOKEN ?? readOrCreateSecretFile(path.join(dataDir(env), "engine-token"));
}

export function engineControlUrl(env: Env): string {
  return `http://${env.ENGINE_CONTROL_HOST}:${env.ENGINE_CONTROL_PORT}`;
}
