// The handler without sockets: datagrams in, replies out, counters and observations checked.
import { describe, expect, it } from "vitest";
import type { EngineConfigData } from "../../db/engine-config";
import type { AuthEventRepeat } from "../../db/auth-events";
import { ComplianceService } from "../compliance/compliance";
import { compileSnapshot, MdmClientPool } from "../config/snapshot";
import { EventWriter, type PendingAuthEvent } from "../events/writer";
import { EngineMetrics } from "../metrics";
import { defaultAuthorizationProfiles } from "../policy/default-policy";
import { decodePacket, encodeRequest, RadiusCode, verifyResponse } from "../radius";
import { DuplicateCache } from "../radius/duplicate-cache";
import type { MdmDevice } from "../mdm/types";
import { mabRequest as encodeMab } from "../test-support";
import { createAaaHandler } from "./handler";

const SECRET = "handler-secret";
const remote = { address: "10.0.0.5", port: 40000 };

function setup({ suppressRepeatsMs = 0 }: { suppressRepeatsMs?: number } = {}) {
  const data: EngineConfigData = {
    version: 1,
    nads: [
      {
        id: "nad1",
        name: "Access switches",
        address: "10.0.0.0/24",
        secret: SECRET,
        vendorProfile: "cisco",
        coaPort: 3799,
        requireMessageAuthenticator: true,
        description: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ],
    mdmServers: [],
    mdmSettings: { fallbackOnNotRegistered: false, fallbackOnError: false },
    trustAnchorsPem: [],
    policy: undefined,
    profiles: defaultAuthorizationProfiles.map((profile, index) => ({ ...profile, id: String(index) })),
    invalidProfiles: [],
  };
  const pool = new MdmClientPool();
  let snapshot = compileSnapshot(data, pool, { mdmDeadlineMs: 200, log: () => {} });
  /** Swaps in a snapshot compiled from edited data (what a configuration reload does). */
  const reload = (edit: (copy: EngineConfigData) => void) => {
    const copy = structuredClone(data);
    edit(copy);
    snapshot = compileSnapshot(copy, pool, { mdmDeadlineMs: 200, log: () => {} });
  };
  const device: MdmDevice = { macaddress: "0026B424FEB4", macaddresses: [], registered: true, compliance: { status: true } };
  const compliance = new ComplianceService({
    config: {
      servers: [
        { id: "s1", name: "MDM", client: { lookupByMac: async () => device }, cacheTtlMs: 60_000, redirectUrl: undefined },
      ],
      fallbackOnError: false,
      fallbackOnNotRegistered: false,
      deadlineMs: 200,
    },
  });
  const logged: PendingAuthEvent[] = [];
  const repeats: AuthEventRepeat[] = [];
  const events = new EventWriter({
    sink: {
      insertAuthEvents: async () => 0,
      applyEndpointUpdates: async () => {},
      applySessionUpdates: async () => {},
      updateAuthEventRepeats: async (batch) => repeats.push(...batch),
    },
    flushMs: 60_000,
  });
  const originalAuthEvent = events.authEvent.bind(events);
  events.authEvent = (event) => {
    logged.push(event);
    originalAuthEvent(event);
  };
  const metrics = new EngineMetrics();
  const handler = createAaaHandler({
    snapshot: () => snapshot,
    compliance,
    duplicates: new DuplicateCache(),
    metrics,
    events,
    nodeId: "test",
    log: () => {},
    suppressRepeatsMs,
  });
  return { handler, metrics, logged, repeats, events, reload };
}

const mabRequest = (identifier: number, { secret = SECRET, messageAuthenticator = true } = {}) =>
  encodeMab(identifier, secret, { messageAuthenticator });

async function answer(result: ReturnType<ReturnType<typeof createAaaHandler>["handleAuth"]>) {
  return result instanceof Promise ? await result : result;
}

describe("AAA handler", () => {
  it("answers a CIDR-matched NAD; the second request is answered synchronously from the compliance cache", async () => {
    const { handler, metrics, events } = setup();
    const first = handler.handleAuth(mabRequest(1), remote);
    expect(first).toBeInstanceOf(Promise);
    const reply = await answer(first);
    const decoded = decodePacket(reply!);
    expect(decoded.ok && decoded.packet.code).toBe(RadiusCode.AccessAccept);
    const second = handler.handleAuth(mabRequest(2), remote);
    expect(Buffer.isBuffer(second)).toBe(true);
    expect(metrics.accepts.get()).toBe(2);
    await events.stop();
  });

  it("drops and counts: unknown source, malformed, missing or bad Message-Authenticator, wrong code", async () => {
    const { handler, metrics, events } = setup();
    expect(handler.handleAuth(mabRequest(1), { address: "192.0.2.1", port: 1 })).toBeUndefined();
    expect(handler.handleAuth(Buffer.from([1, 2, 0, 10]), remote)).toBeUndefined();
    expect(handler.handleAuth(mabRequest(2, { messageAuthenticator: false }), remote)).toBeUndefined();
    expect(handler.handleAuth(mabRequest(3, { secret: "wrong" }), remote)).toBeUndefined();
    expect(handler.handleAcct(mabRequest(4), remote)).toBeUndefined();
    expect(metrics.drops.get({ reason: "unknown-nad" })).toBe(1);
    expect(metrics.drops.get({ reason: "malformed" })).toBe(1);
    expect(metrics.drops.get({ reason: "missing-message-authenticator" })).toBe(1);
    expect(metrics.drops.get({ reason: "bad-message-authenticator" })).toBe(1);
    expect(metrics.drops.get({ reason: "unexpected-code" })).toBe(1);
    await events.stop();
  });

  it("replays the cached reply for a retransmission and signs replies the client can verify", async () => {
    const { handler, metrics, events } = setup();
    const bytes = mabRequest(9);
    const reply = await answer(handler.handleAuth(bytes, remote));
    const again = await answer(handler.handleAuth(Buffer.from(bytes), remote));
    expect(again!.equals(reply!)).toBe(true);
    expect(metrics.duplicates.get({ action: "replayed" })).toBe(1);
    const request = decodePacket(bytes);
    const response = decodePacket(reply!);
    expect(request.ok && response.ok).toBe(true);
    if (request.ok && response.ok) {
      expect(verifyResponse(response.packet, request.packet, SECRET, { requireMessageAuthenticator: true }).ok).toBe(true);
    }
    await events.stop();
  });

  it("logs every decision by default; with suppression, repeated accepts are counted instead", async () => {
    const plain = setup();
    for (let i = 0; i < 3; i += 1) await answer(plain.handler.handleAuth(mabRequest(i), remote));
    expect(plain.logged).toHaveLength(3);
    expect(plain.logged[0]).toMatchObject({ decision: "accept", ruleName: "MDM Compliant", mac: "0026B424FEB4", method: "mab" });
    await plain.events.stop();

    const suppressed = setup({ suppressRepeatsMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await answer(suppressed.handler.handleAuth(mabRequest(i), remote));
    expect(suppressed.logged).toHaveLength(1);
    expect(suppressed.metrics.eventsSuppressed.get()).toBe(2);
    await suppressed.events.stop();
    // The logged event carries the repeat counter (ISE's Repeat Count): the latest value only.
    expect(suppressed.repeats).toEqual([{ id: suppressed.logged[0]!.id, count: 2, at: expect.any(Date) }]);
  });

  it("rejects non-MAB requests with a reason", async () => {
    const { handler, logged, events } = setup();
    const encoded = encodeRequest(
      {
        code: RadiusCode.AccessRequest,
        identifier: 5,
        attributes: [
          { name: "User-Name", value: "alice" },
          { name: "User-Password", value: "pw" },
        ],
      },
      SECRET,
    );
    const reply = await answer(handler.handleAuth(encoded.ok ? encoded.bytes : Buffer.alloc(0), remote));
    const decoded = decodePacket(reply!);
    expect(decoded.ok && decoded.packet.code).toBe(RadiusCode.AccessReject);
    expect(logged[0]).toMatchObject({ decision: "reject", method: "other", failureReason: expect.stringContaining("MAB") });
    await events.stop();
  });

  it("re-encodes the reply after a configuration change that edits a profile under the same name", async () => {
    const { handler, events, reload } = setup();
    const vlanOf = (reply: Buffer | undefined) => {
      const decoded = decodePacket(reply!);
      return decoded.ok ? decoded.packet.get("Tunnel-Private-Group-Id") : undefined;
    };
    expect(vlanOf(await answer(handler.handleAuth(mabRequest(1), remote)))).toBe("10");
    expect(vlanOf(await answer(handler.handleAuth(mabRequest(2), remote)))).toBe("10");
    reload((copy) => {
      const corporate = copy.profiles.find((profile) => profile.name === "Corporate Access")!;
      corporate.vlan = "42";
    });
    expect(vlanOf(await answer(handler.handleAuth(mabRequest(3), remote)))).toBe("42");
    await events.stop();
  });
});
