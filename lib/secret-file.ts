import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Returns the secret stored in `file`, creating it (random, 0600) on first use. Used for generated
 * credentials that must survive restarts and be shared by the web app and the engine on one machine.
 */
export function readOrCreateSecretFile(file: string, bytes = 32): string {
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(bytes).toString("base64url");
  try {
    // "wx": if another process created it first, read theirs instead of overwriting it.
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
}
