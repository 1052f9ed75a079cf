// The database goes away under a running engine, nothing mocked: another connection holds SQLite's write
// lock (what a long migration, a backup or a stuck web request does). RADIUS must keep answering from memory,
// the engine's health must say its writes fail, and every decision made meanwhile must reach the live log
// once the lock is released.
import crypto from "node:crypto";
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuthEvents } from "../../db/auth-events";
import { createDb, type Db } from "../../db/client";
import { decodePacket, encodeRequest, RadiusCode } from "../radius";
import { startTestEngine, type TestEngineWithSimulator } from "../test-support";

const SECRET = "testing123-outage";
const COMPLIANT = "00-26-B4-24-FE-B4";

let harness: TestEngineWithSimulator;
let other: Db;

async function authenticate(): Promise<number | undefined> {
  const encoded = encodeRequest(
    {
      code: RadiusCode.AccessRequest,
      identifier: crypto.randomInt(256),
      attributes: [
        { name: "User-Name", value: "0026b424feb4" },
        { name: "Calling-Station-Id", value: COMPLIANT },
        { name: "Service-Type", value: "Call-Check" },
      ],
    },
    SECRET,
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 3000);
      socket.on("message", (datagram) => {
        clearTimeout(timer);
        const decoded = decodePacket(datagram);
        resolve(decoded.ok ? decoded.packet.code : undefined);
      });
      socket.send(encoded.bytes, harness.engine.radius!.authPort, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

const logged = async () => (await listAuthEvents(other, { take: 500 })).items.length;

beforeAll(async () => {
  harness = await startTestEngine({
    mdm: { apiVersion: 3 },
    radius: true,
    nads: [{ secret: SECRET }],
    engine: { suppressRepeatsSeconds: 0, eventFlushMs: 50 },
  });
  other = createDb(harness.t.target);
}, 60_000);

afterAll(async () => {
  await other?.$disconnect();
  await harness?.stop();
});

describe("the database unavailable under load", () => {
  it("keeps answering, reports failing writes, and writes everything once the database is back", async () => {
    expect(await authenticate()).toBe(RadiusCode.AccessAccept); // warms the compliance cache
    await expect.poll(logged, { timeout: 5000 }).toBe(1);

    // Hold the write lock from another connection until released.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const transaction = other.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE "ConfigState" SET "version" = "version" WHERE "id" = 1`);
        locked();
        await released;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    await holding;

    const answers: (number | undefined)[] = [];
    for (let i = 0; i < 20; i += 1) answers.push(await authenticate());
    expect(answers).toEqual(new Array(20).fill(RadiusCode.AccessAccept));

    await harness.engine.flushEvents();
    const during = await harness.engine.health();
    expect(during.database.ok).toBe(false);
    expect(during.database.error).toMatch(/writes failing for \d+ s \(\d+ updates waiting\): .*(locked|busy)/i);
    expect(harness.engine.metrics.databaseWriteFailures.total()).toBeGreaterThan(0);
    expect(harness.engine.metrics.eventsDropped.total()).toBe(0);

    release();
    await transaction;
    await expect.poll(logged, { timeout: 20_000, interval: 250 }).toBe(21);
    await expect.poll(async () => (await harness.engine.health()).database.ok, { timeout: 5000 }).toBe(true);
  }, 60_000);
});
