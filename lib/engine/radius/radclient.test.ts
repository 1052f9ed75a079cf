// Interop with FreeRADIUS's radclient (Debian freeradius-utils) (npm test installs it): a real client
// that nobody here wrote sends requests to a loopback socket; we decode and verify them with the codec
// and answer with packets signed by the codec, which radclient verifies before reporting success.
import { execFileSync, spawn } from "node:child_process";
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyRequest, type VerifyResult } from "./authenticator";
import { RadiusCode, type ResponseCode } from "./codes";
import { encodeResponse, type AttributeInput } from "./encode";
import { decodePacket, type RadiusPacket } from "./packet";

function findRadclient(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v radclient"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const radclient = findRadclient();
const secret = Buffer.from("testing123");

interface Received {
  packet: RadiusPacket;
  verdict: VerifyResult;
}

const sockets: dgram.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A one-shot RADIUS responder on 127.0.0.1 built only from the codec. */
async function respondOnce(
  code: ResponseCode,
  attributes: readonly AttributeInput[],
): Promise<{ port: number; received: Received[] }> {
  const socket = dgram.createSocket("udp4");
  sockets.push(socket);
  const received: Received[] = [];
  socket.on("message", (datagram, remote) => {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return;
    const verdict = verifyRequest(decoded.packet, secret);
    // Copy: the datagram buffer is ours, but keep the packet independent of later messages.
    const packet = decodePacket(Buffer.from(decoded.packet.bytes));
    if (packet.ok) received.push({ packet: packet.packet, verdict });
    if (!verdict.ok) return;
    const reply = encodeResponse({ code, attributes }, decoded.packet, secret);
    if (reply.ok) socket.send(reply.bytes, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: (socket.address() as AddressInfo).port, received };
}

function runRadclient(port: number, command: string, pairs: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(radclient ?? "radclient", ["-x", "-r", "1", "-t", "3", `127.0.0.1:${port}`, command, "testing123"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(`${pairs}\n`);
  });
}

describe("interop with FreeRADIUS radclient", () => {
  beforeAll(() => {
    // npm test installs it (or says how); a run without it must not pass silently.
    if (!radclient)
      throw new Error("radclient is missing: install Debian's freeradius-utils (sudo apt-get install -y freeradius-utils)");
  });

  it("decodes and verifies radclient's Access-Request; radclient accepts our signed Access-Accept", async () => {
    const { port, received } = await respondOnce(RadiusCode.AccessAccept, [
      { name: "Tunnel-Type", value: "VLAN", tag: 1 },
      { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
      { name: "Tunnel-Private-Group-Id", value: "120", tag: 1 },
      { name: "Cisco-AVPair", value: "device-traffic-class=voice" },
      { name: "Reply-Message", value: "welcome" },
    ]);
    const result = await runRadclient(
      port,
      "auth",
      'User-Name = "bob", User-Password = "hello", Calling-Station-Id = "02-00-00-00-00-01", NAS-Port = 7',
    );
    expect(result.output).toMatch(/Received Access-Accept/);
    expect(result.code).toBe(0);
    const request = received[0];
    expect(request?.verdict).toEqual({ ok: true });
    expect(request?.packet.get("User-Name")).toBe("bob");
    expect(request?.packet.decrypt("User-Password", secret)?.toString()).toBe("hello");
    expect(request?.packet.get("Calling-Station-Id")).toBe("02-00-00-00-00-01");
    expect(request?.packet.get("NAS-Port")).toBe(7);
  });

  it("verifies radclient's Accounting-Request authenticator; radclient accepts our Accounting-Response", async () => {
    const { port, received } = await respondOnce(RadiusCode.AccountingResponse, []);
    const result = await runRadclient(
      port,
      "acct",
      'Acct-Status-Type = Start, Acct-Session-Id = "0A0B0C0D00000001", User-Name = "bob", NAS-IP-Address = 127.0.0.1',
    );
    expect(result.output).toMatch(/Received Accounting-Response/);
    expect(result.code).toBe(0);
    expect(received[0]?.verdict).toEqual({ ok: true });
    expect(received[0]?.packet.get("Acct-Status-Type")).toBe(1);
    expect(received[0]?.packet.get("Acct-Session-Id")).toBe("0A0B0C0D00000001");
  });

  it("verifies radclient's CoA-Request (RFC 5176); radclient accepts our CoA-ACK", async () => {
    const { port, received } = await respondOnce(RadiusCode.CoaAck, []);
    const result = await runRadclient(
      port,
      "coa",
      'Calling-Station-Id = "02-00-00-00-00-01", Cisco-AVPair = "subscriber:command=reauthenticate"',
    );
    expect(result.output).toMatch(/Received CoA-ACK/);
    expect(result.code).toBe(0);
    expect(received[0]?.verdict).toEqual({ ok: true });
    expect(received[0]?.packet.get("Cisco-AVPair")).toBe("subscriber:command=reauthenticate");
  });
});
