import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RadiusCode } from "../radius";
import { CISCO_REAUTHENTICATE, CoaClient } from "./client";
import { startTestNad, type TestNad } from "./testing";

// Real UDP on loopback: the client against a test NAD that verifies requests as a switch would.

const SECRET = "coa-secret-0123";
const session = { acctSessionId: "0A0B0C0D00000042", callingStationId: "00-26-B4-24-FE-B5", userName: "0026b424feb5" };

let nad: TestNad;
const clients: CoaClient[] = [];
const client = (options: ConstructorParameters<typeof CoaClient>[0] = {}) => {
  const created = new CoaClient({ initialTimeoutMs: 40, ...options });
  clients.push(created);
  return created;
};

beforeAll(async () => {
  nad = await startTestNad({ secret: SECRET });
});
afterEach(async () => {
  nad.received.length = 0;
  nad.rejected = 0;
  nad.answer = () => ({ kind: "ack" });
  for (const created of clients.splice(0)) await created.close();
});
afterAll(async () => {
  await nad.close();
});

const target = () => ({ address: "127.0.0.1", port: nad.port, secret: SECRET });

describe("CoA client (RFC 5176)", () => {
  it("sends a verifiable CoA-Request naming the session with Cisco's reauthenticate command; the ACK ends it", async () => {
    const outcome = await client({ nowSeconds: () => 1_800_000_000 }).send("reauthenticate", target(), session);
    expect(outcome).toMatchObject({ result: "ack", attempts: 1 });
    expect(nad.rejected).toBe(0);
    expect(nad.received).toHaveLength(1);
    const request = nad.received[0]!;
    expect(request.code).toBe(RadiusCode.CoaRequest);
    expect(request.attributes).toMatchObject({
      "Acct-Session-Id": session.acctSessionId,
      "Calling-Station-Id": session.callingStationId,
      "User-Name": session.userName,
      "Event-Timestamp": "1800000000",
    });
    expect(request.avPairs).toEqual([CISCO_REAUTHENTICATE]);
  });

  it("sends a Disconnect-Request without the reauthenticate pair when asked to disconnect", async () => {
    const outcome = await client().send("disconnect", target(), { ...session, framedIp: "10.10.0.23" });
    expect(outcome.result).toBe("ack");
    expect(nad.received[0]).toMatchObject({ code: RadiusCode.DisconnectRequest, avPairs: [] });
    expect(nad.received[0]!.attributes["Framed-IP-Address"]).toBe("10.10.0.23");
  });

  it("reports a NAK with its Error-Cause by name", async () => {
    nad.answer = () => ({ kind: "nak", errorCause: 503 });
    const outcome = await client().send("reauthenticate", target(), session);
    expect(outcome).toMatchObject({ result: "nak", errorCause: "Session-Context-Not-Found", errorCauseCode: 503 });
  });

  it("retransmits the identical packet with a doubling timeout until the NAD answers", async () => {
    nad.answer = (_request, index) => (index < 2 ? { kind: "silence" } : { kind: "ack" });
    const outcome = await client().send("reauthenticate", target(), session);
    expect(outcome).toMatchObject({ result: "ack", attempts: 3 });
    expect(nad.received).toHaveLength(3);
    // RFC 5080 §2.2.1: a retransmission is the same request — same Identifier and authenticator.
    expect(nad.received[1]!.bytes.equals(nad.received[0]!.bytes)).toBe(true);
    expect(nad.received[2]!.bytes.equals(nad.received[0]!.bytes)).toBe(true);
    // 40 + 80 ms of waiting before the third send.
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(120);
  });

  it("gives up after the last try and says the NAD timed out", async () => {
    nad.answer = () => ({ kind: "silence" });
    const outcome = await client({ initialTimeoutMs: 10, maxAttempts: 3 }).send("reauthenticate", target(), session);
    expect(outcome).toMatchObject({ result: "timeout", attempts: 3 });
    expect(nad.received).toHaveLength(3);
  });

  it("ignores an answer signed with another secret (the NAD's secret is wrong) and times out", async () => {
    const dropped: string[] = [];
    const wrong = client({ initialTimeoutMs: 10, maxAttempts: 2, onDropped: (reason) => dropped.push(reason) });
    const outcome = await wrong.send("reauthenticate", { ...target(), secret: "not-the-nad-secret" }, session);
    // The NAD itself refuses requests signed with the wrong secret: nothing is recorded, nothing answered.
    expect(outcome.result).toBe("timeout");
    expect(nad.received).toHaveLength(0);
    expect(nad.rejected).toBe(2);
  });

  it("keeps concurrent requests to one NAD apart by Identifier", async () => {
    const shared = client();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shared.send("reauthenticate", target(), { ...session, acctSessionId: `s-${i}` })),
    );
    expect(outcomes.every((outcome) => outcome.result === "ack")).toBe(true);
    expect(new Set(nad.received.map((request) => request.identifier)).size).toBe(20);
    expect(shared.inFlight).toBe(0);
  });

  it("refuses what cannot name a session or a NAD, without sending anything", async () => {
    expect(await client().send("reauthenticate", target(), {})).toMatchObject({ result: "error" });
    expect(await client().send("reauthenticate", { ...target(), address: "switch-1" }, session)).toMatchObject({
      result: "error",
      detail: expect.stringContaining("Not an IP address"),
    });
    expect(nad.received).toHaveLength(0);
  });
});
