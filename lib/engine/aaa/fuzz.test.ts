// Hostile input end to end: the real engine (listeners on loopback UDP, the real MDM simulator behind it)
// gets 20 000 mutants of valid and malformed requests, about half re-signed so they get past packet
// verification. Every one must be answered with a reply that verifies, or dropped with a counted reason;
// the engine must still answer a normal request afterwards. (scripts/fuzz/radius.ts runs 1 000 000.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePacket, RadiusCode } from "../radius";
import { fuzzEngine, type FuzzReport } from "../testing/fuzz-run";
import { mabRequest, startTestEngine, type TestEngineWithSimulator } from "../test-support";
import dgram from "node:dgram";

const SECRET = "fuzz-secret";
let harness: TestEngineWithSimulator;
let report: FuzzReport;

beforeAll(async () => {
  harness = await startTestEngine({ mdm: { apiVersion: 3 }, radius: true, nads: [{ secret: SECRET }] });
  report = await fuzzEngine({ engine: harness.engine, secret: SECRET, count: 20_000, seed: 20261123 });
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

describe("the engine under 20 000 fuzzed packets", () => {
  it("counts every packet, and answers or drops-with-a-reason each one", () => {
    expect(report.received).toBe(report.sent);
    expect(report.replies + report.drops + report.duplicatesDropped).toBe(report.sent);
  });

  it("never sends a reply that does not verify against the request it answers", () => {
    expect(report.invalidReplies).toBe(0);
    // The re-signed half gets through verification: some are answered.
    expect(report.replies).toBeGreaterThan(500);
  });

  it("reaches each kind of refusal", () => {
    for (const reason of ["malformed", "bad-message-authenticator", "missing-message-authenticator", "bad-authenticator"]) {
      expect(report.dropsByReason[reason], reason).toBeGreaterThan(0);
    }
  });

  it("still answers a normal request afterwards", async () => {
    const socket = dgram.createSocket("udp4");
    try {
      const reply = await new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no answer after fuzzing")), 3000);
        socket.on("message", (message) => {
          clearTimeout(timer);
          resolve(message);
        });
        socket.send(mabRequest(7, SECRET), harness.engine.radius!.authPort, "127.0.0.1");
      });
      const decoded = decodePacket(reply);
      expect(decoded.ok && decoded.packet.code).toBe(RadiusCode.AccessAccept);
    } finally {
      socket.close();
    }
  });
});
