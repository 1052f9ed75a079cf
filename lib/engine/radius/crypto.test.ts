import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacMd5 } from "./crypto";

describe("HMAC-MD5 (Message-Authenticator, RFC 3579 §3.2)", () => {
  // RFC 2202 §2 test cases 1, 2 and 6 (a key longer than the 64-byte block is hashed first).
  it.each([
    [Buffer.alloc(16, 0x0b), Buffer.from("Hi There"), "9294727a3638bb1c13f48ef8158bfc9d"],
    [Buffer.from("Jefe"), Buffer.from("what do ya want for nothing?"), "750c783e6ab0b503eaa86e310a5db738"],
    [
      Buffer.alloc(80, 0xaa),
      Buffer.from("Test Using Larger Than Block-Size Key - Hash Key First"),
      "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
    ],
  ])("matches RFC 2202 vector %#", (key, data, expected) => {
    expect(hmacMd5(key, data).toString("hex")).toBe(expected);
    // The pads are cached per key: a second call must give the same answer.
    expect(hmacMd5(key, data).toString("hex")).toBe(expected);
  });

  it("agrees with node:crypto for keys and packets of every size RADIUS uses", () => {
    for (let keyLength = 1; keyLength <= 130; keyLength += 7) {
      const key = crypto.randomBytes(keyLength);
      for (const size of [0, 1, 20, 63, 64, 65, 400, 4096]) {
        const data = crypto.randomBytes(size);
        expect(hmacMd5(key, data).equals(crypto.createHmac("md5", key).update(data).digest())).toBe(true);
      }
    }
  });
});
