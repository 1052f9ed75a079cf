import path from "node:path";
import { dataDir, getEnv } from "../env";
import { readOrCreateSecretFile } from "../secret-file";

/** NEXTAUTH_SECRET, else one generated into DATA_DIR (0600) so sessions survive restarts. */
export function sessionSecret(): string {
  const env = getEnv();
  return env.NEXTAUTH_SECRET ?? readOrCreateSecretFile(path.join(dataDir(env), "session-secret"));
}
