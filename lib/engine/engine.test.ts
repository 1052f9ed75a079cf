import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpConfigVersion } from "../db/config-state";
import { createTestDb, type TestDb } from "../db/testing";
import { EngineClient } from "./control/client";
import { SecretBox } from "../secret-box";
import { startEngine, type RunningEngine } from "./engine";

let t: TestDb;
let engine: RunningEngine;
const token = "test-token-0123456789abcdef";

beforeAll(async () => {
  t = await createTestDb();
  engine = await startEngine({
    db: t.db,
    dbTarget: t.target,
    control: { host: "127.0.0.1", port: 0, token },
    secretBox: SecretBox.fromKey(crypto.randomBytes(32)),
    configPollMs: 50,
    log: () => {},
  });
});
afterAll(async () => {
  await engine.stop();
  await t.cleanup();
});

describe("engine control API", () => {
  it("answers health with version, uptime, database kind and configuration version", async () => {
    const client = new EngineClient({ baseUrl: `http://127.0.0.1:${engine.controlPort}`, token });
    const health = await client.health();
    expect(health).toMatchObject({ status: "ok", version: "0.1.0", database: { kind: "sqlite", ok: true }, configVersion: 0 });
    expect(health.pid).toBe(process.pid);
  });

  it("reloads when the configuration version changes", async () => {
    const client = new EngineClient({ baseUrl: `http://127.0.0.1:${engine.controlPort}`, token });
    const version = await bumpConfigVersion(t.db);
    await expect.poll(async () => (await client.health()).configVersion, { timeout: 2000 }).toBe(version);
    expect(await client.reload()).toEqual({ reloaded: false, configVersion: version });
  });

  it("refuses callers without the token, and the client explains it", async () => {
    const response = await fetch(`http://127.0.0.1:${engine.controlPort}/health`);
    expect(response.status).toBe(401);
    const wrong = new EngineClient({ baseUrl: `http://127.0.0.1:${engine.controlPort}`, token: "wrong-token-0123456789" });
    await expect(wrong.health()).rejects.toMatchObject({
      code: "ENGINE_UNAVAILABLE",
      message: expect.stringContaining("ENGINE_TOKEN"),
    });
  });

  it("says the engine is not running when nothing listens", async () => {
    const nowhere = new EngineClient({ baseUrl: "http://127.0.0.1:9", token });
    await expect(nowhere.health()).rejects.toMatchObject({
      code: "ENGINE_UNAVAILABLE",
      message: expect.stringContaining("not running"),
    });
  });

  it("answers unknown routes and bad JSON with problem bodies", async () => {
    const headers = { authorization: `Bearer ${token}` };
    const missing = await fetch(`http://127.0.0.1:${engine.controlPort}/nope`, { headers });
    expect(missing.status).toBe(404);
    const bad = await fetch(`http://127.0.0.1:${engine.controlPort}/config/reload`, { method: "POST", headers, body: "{" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "BAD_REQUEST" });
  });
});
