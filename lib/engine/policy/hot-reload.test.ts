// Saving a policy hot-reloads the engine without dropping requests: a UDP client keeps MAB requests in
// flight while new policy versions are saved (lib/db/policy.ts, as the API does); every request gets
// exactly one correctly signed answer and the decisions follow the saved version, without flapping back.
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePolicyVersion } from "../../db/policy";
import type { TestDb } from "../../db/testing";
import type { PolicyDocument } from "../../validation/policy";
import { decodePacket, RadiusCode, verifyResponse } from "../radius";
import type { RunningEngine } from "../engine";
import { mabRequest, startTestEngine, type TestEngine } from "../test-support";
import { oneSetPolicy } from "./testing/documents";

const SECRET = "hot-reload-secret";
let t: TestDb;
let engine: RunningEngine;
let harness: TestEngine | undefined;

beforeAll(async () => {
  // The production poll interval (1 s): the switch time measured here is what an admin sees.
  harness = await startTestEngine({ nads: [{ secret: SECRET }], radius: true, engine: { eventFlushMs: 100 } });
  ({ t, engine } = harness);
}, 30_000);

afterAll(async () => {
  await harness?.stop();
});

/** One policy set whose first rule accepts or rejects every MAB request (no MDM: answers are synchronous). */
const policy = (decision: "accept" | "reject"): PolicyDocument =>
  oneSetPolicy([{ name: decision, condition: null, profiles: [decision === "accept" ? "PermitAccess" : "DenyAccess"] }], {
    setName: "Default",
  });

type Sent = { identifier: number; authenticator: Buffer; at: number; answers: { code: number; at: number }[] };

describe("hot reload of a saved policy under load", () => {
  it("answers every request exactly once while versions are saved, and switches to each new decision", async () => {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const inFlight = new Map<number, Sent>();
    const all: Sent[] = [];
    const stray: Buffer[] = [];
    let nextIdentifier = 0;
    let sending = true;
    const WINDOW = 16;

    socket.on("message", (message) => {
      const decoded = decodePacket(message);
      const request = decoded.ok ? inFlight.get(decoded.packet.identifier) : undefined;
      if (!decoded.ok || !request || !verifyResponse(decoded.packet, { ...request, code: RadiusCode.AccessRequest }, SECRET).ok) {
        stray.push(message);
        return;
      }
      request.answers.push({ code: decoded.packet.code, at: performance.now() });
      inFlight.delete(request.identifier);
      if (sending) send();
    });

    function send(): void {
      const identifier = nextIdentifier;
      nextIdentifier = (nextIdentifier + 1) % 256;
      const bytes = mabRequest(identifier, SECRET);
      const sent: Sent = { identifier, authenticator: bytes.subarray(4, 20), at: performance.now(), answers: [] };
      inFlight.set(identifier, sent);
      all.push(sent);
      socket.send(bytes, engine.radius!.authPort, "127.0.0.1");
    }

    const accept = RadiusCode.AccessAccept;
    const reject = RadiusCode.AccessReject;
    /** Code of the answers to requests sent after `since`. */
    const latestCodes = (since: number) =>
      all.filter((sent) => sent.at > since && sent.answers.length).map((sent) => sent.answers[0]!.code);

    try {
      await savePolicyVersion(t.db, { document: policy("accept"), author: "test" });
      await engine.syncConfig();
      for (let index = 0; index < WINDOW; index++) send();
      await expect.poll(() => latestCodes(0).length, { timeout: 5000 }).toBeGreaterThan(50);

      const switches: { expected: number; savedAt: number; switchedAfterMs: number }[] = [];
      for (const decision of ["reject", "accept", "reject", "accept"] as const) {
        const expected = decision === "accept" ? accept : reject;
        const savedAt = performance.now();
        await savePolicyVersion(t.db, { document: policy(decision), author: "test" });
        // The engine's own poll picks the version up; nothing nudges it.
        await expect.poll(() => latestCodes(savedAt).includes(expected), { timeout: 5000, interval: 20 }).toBe(true);
        const first = all.find((sent) => sent.at > savedAt && sent.answers[0]?.code === expected)!;
        switches.push({ expected, savedAt, switchedAfterMs: first.answers[0]!.at - savedAt });
        // Let more requests run on the new version before the next save.
        const settledFrom = performance.now();
        await expect.poll(() => latestCodes(settledFrom).length, { timeout: 5000 }).toBeGreaterThan(50);
        // No flapping: once a request got the new decision, every request sent after it gets it too.
        expect(new Set(latestCodes(first.at))).toEqual(new Set([expected]));
      }
      sending = false;
      await expect.poll(() => inFlight.size, { timeout: 3000 }).toBe(0);

      expect(stray).toEqual([]);
      const unanswered = all.filter((sent) => sent.answers.length !== 1);
      expect(unanswered).toEqual([]);
      expect(engine.metrics.drops.get({ reason: "internal-error" })).toBe(0);
      console.info(
        `hot reload: ${all.length} requests, each answered once; new decision after ${switches.map((entry) => `${Math.round(entry.switchedAfterMs)} ms`).join(", ")}`,
      );
    } finally {
      sending = false;
      socket.close();
    }
  }, 60_000);
});
