import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box";

describe("secret box", () => {
  const box = SecretBox.fromKey(crypto.randomBytes(32));

  it("round-trips and never stores the plaintext", () => {
    const sealed = box.seal("iseapi-secret");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("iseapi-secret");
    expect(box.open(sealed)).toBe("iseapi-secret");
    expect(box.seal("iseapi-secret")).not.toBe(sealed); // fresh IV each time
  });

  it("refuses a tampered value or another key", () => {
    const sealed = box.seal("secret");
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64");
    expect(() => box.open(parts.join(":"))).toThrow();
    expect(() => SecretBox.fromKey(crypto.randomBytes(32)).open(sealed)).toThrow();
  });
});
