// Secrets at rest (MDM passwords, later RADIUS shared secrets and EAP keys): AES-256-GCM with a key from
// SECRET_KEY, else one generated into DATA_DIR/secret-key (0600). Values are "v1:<iv>:<tag>:<ciphertext>".
import crypto from "node:crypto";
import path from "node:path";
import { dataDir, type Env } from "./env";
import { readOrCreateSecretFile } from "./secret-file";

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error("The secret key must be 32 bytes");
    return new SecretBox(key);
  }

  static fromEnv(env: Env): SecretBox {
    const encoded = env.SECRET_KEY ?? readOrCreateSecretFile(path.join(dataDir(env), "secret-key"));
    // Node decodes both base64 alphabets, so a generated (base64url) key and an operator's base64 key both work.
    return SecretBox.fromKey(Buffer.from(encoded, "base64"));
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(":");
    if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Not a sealed secret");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    // A wrong key or tampered value fails here (GCM authentication), never yields garbage.
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
  }
}
