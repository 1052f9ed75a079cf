// A test NAD for CoA: a loopback UDP receiver that verifies CoA-/Disconnect-Requests as a switch would
// (RFC 5176 §3.4 Request Authenticator + Message-Authenticator), records them, and answers ACK, NAK with an
// Error-Cause, or nothing — per request, so tests can script retransmissions and timeouts.
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import { decodePacket, encodeResponse, RadiusCode, verifyRequest, type RadiusPacket } from "../radius";

export type TestNadAnswer = { kind: "ack" } | { kind: "nak"; errorCause?: number } | { kind: "silence" };

export interface ReceivedCoa {
  code: number;
  identifier: number;
  /** The request's attributes by name (the last value when repeated), as text. */
  attributes: Record<string, string>;
  /** Every Cisco-AVPair value. */
  avPairs: string[];
  bytes: Buffer;
}

export interface TestNad {
  port: number;
  received: ReceivedCoa[];
  /** Datagrams that failed verification (wrong secret, bad Message-Authenticator). */
  rejected: number;
  /** Decides the answer to each verified request; default ACK. */
  answer: (request: ReceivedCoa, index: number) => TestNadAnswer;
  close(): Promise<void>;
}

export async function startTestNad({ secret, host = "127.0.0.1" }: { secret: string; host?: string }): Promise<TestNad> {
  const socket = dgram.createSocket("udp4");
  const nad: TestNad = {
    port: 0,
    received: [],
    rejected: 0,
    answer: () => ({ kind: "ack" }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on("message", (datagram, remote) => {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) {
      nad.rejected += 1;
      return;
    }
    const packet = decoded.packet;
    if (packet.code !== RadiusCode.CoaRequest && packet.code !== RadiusCode.DisconnectRequest) return;
    if (!verifyRequest(packet, secret, { requireMessageAuthenticator: true }).ok) {
      nad.rejected += 1;
      return;
    }
    const request = describe(packet, datagram);
    nad.received.push(request);
    const answer = nad.answer(request, nad.received.length - 1);
    if (answer.kind === "silence") return;
    const isCoa = packet.code === RadiusCode.CoaRequest;
    const code =
      answer.kind === "ack"
        ? isCoa
          ? RadiusCode.CoaAck
          : RadiusCode.DisconnectAck
        : isCoa
          ? RadiusCode.CoaNak
          : RadiusCode.DisconnectNak;
    const attributes =
      answer.kind === "nak" && answer.errorCause ? [{ name: "Error-Cause" as const, value: answer.errorCause }] : [];
    const encoded = encodeResponse({ code, attributes }, packet, secret, { messageAuthenticator: true });
    if (encoded.ok) socket.send(encoded.bytes, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  nad.port = (socket.address() as AddressInfo).port;
  return nad;
}

function describe(packet: RadiusPacket, bytes: Buffer): ReceivedCoa {
  const attributes: Record<string, string> = {};
  const avPairs: string[] = [];
  for (const attribute of packet.attributes()) {
    const decoded = packet.decodeValue(attribute);
    const value =
      decoded instanceof Date
        ? String(decoded.getTime() / 1000)
        : Buffer.isBuffer(decoded) || decoded === undefined
          ? attribute.value.toString("hex")
          : String(decoded);
    if (attribute.name === "Cisco-AVPair") avPairs.push(value);
    else attributes[attribute.name] = value;
  }
  return { code: packet.code, identifier: packet.identifier, attributes, avPairs, bytes: Buffer.from(bytes) };
}
