// RADIUS Change of Authorization client (RFC 5176): the engine telling a NAD to re-authenticate or
// disconnect a session when the endpoint's compliance changes.
//
// One UDP socket for every NAD. Each request is a small explicit state machine:
//   sent ──ack/nak──▶ done
//     │ no answer within the current timeout
//     ▼
//   retransmitted (identical bytes: same Identifier and Request Authenticator, RFC 5080 §2.2.1) with the
//   timeout doubled, at most `maxAttempts` sends ──▶ timed out
// Answers are matched by (NAD address, NAD port, Identifier) and accepted only when their Response
// Authenticator and Message-Authenticator verify against our request (RFC 5176 §3.4/§3.5); anything else is
// dropped and counted, as a listener would.
import dgram from "node:dgram";
import net from "node:net";
import { performance } from "node:perf_hooks";
import {
  decodePacket,
  encodeRequest,
  RadiusCode,
  valueName,
  verifyResponse,
  type AttributeInput,
  type RadiusSecret,
} from "../radius";

export type CoaKind = "reauthenticate" | "disconnect";

export interface CoaTarget {
  /** The NAD's address and CoA port (RFC 5176 §3.5: UDP 3799 by default; Cisco often 1700). */
  address: string;
  port: number;
  secret: RadiusSecret;
}

/** What identifies the session at the NAD (RFC 5176 §3: Acct-Session-Id and/or Calling-Station-Id). */
export interface CoaSession {
  acctSessionId?: string | null;
  callingStationId?: string | null;
  userName?: string | null;
  framedIp?: string | null;
}

export type CoaResult = "ack" | "nak" | "timeout" | "error";

export interface CoaOutcome {
  result: CoaResult;
  /** Datagrams sent, the first included. */
  attempts: number;
  /** Time from the first send to the answer (or to giving up), ms. */
  latencyMs: number;
  /** NAK: RFC 5176 §3.5 Error-Cause, by name when known (e.g. "Session-Context-Not-Found"). */
  errorCause?: string;
  errorCauseCode?: number;
  /** `error`: why nothing could be sent (bad address, socket error, encoding). */
  detail?: string;
}

export interface CoaClientOptions {
  /** First retransmission timeout, ms (radius-engineering notes: 2 s). Doubled on every retry. */
  initialTimeoutMs?: number;
  /** Sends in all, the first included (radius-engineering notes: at most 5). */
  maxAttempts?: number;
  /** Address to bind the client socket to; default the unspecified address of the family. */
  bindAddress?: string;
  /** Clock for Event-Timestamp (RFC 5176 §3: replay protection), seconds since the epoch. */
  nowSeconds?: () => number;
  /** Answers that could not be matched to a request, or failed verification. */
  onDropped?: (reason: "unmatched" | "malformed" | "unverified") => void;
}

type Pending = {
  request: { identifier: number; authenticator: Buffer; code: number };
  bytes: Buffer;
  target: CoaTarget;
  attempts: number;
  started: number;
  timer: NodeJS.Timeout | undefined;
  timeoutMs: number;
  resolve: (outcome: CoaOutcome) => void;
};

/** Cisco's re-authenticate command (ise-mdm-reference §7). */
export const CISCO_REAUTHENTICATE = "subscriber:command=reauthenticate";

export class CoaClient {
  readonly #options: Required<Omit<CoaClientOptions, "bindAddress" | "onDropped">> & CoaClientOptions;
  #socket: dgram.Socket | undefined;
  #socketFamily: "udp4" | "udp6" | undefined;
  #opening: Promise<dgram.Socket> | undefined;
  readonly #pending = new Map<string, Pending>();
  /** Next Identifier per NAD: 256 requests may be outstanding to one NAD at a time (RFC 2865 §3). */
  readonly #nextIdentifier = new Map<string, number>();
  #closed = false;

  constructor(options: CoaClientOptions = {}) {
    this.#options = {
      initialTimeoutMs: 2000,
      maxAttempts: 5,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      ...options,
    };
  }

  /** Requests in flight (waiting for an answer or a retransmission). */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Sends one CoA-Request (re-authenticate) or Disconnect-Request and resolves with what the NAD said. */
  async send(kind: CoaKind, target: CoaTarget, session: CoaSession): Promise<CoaOutcome> {
    const started = performance.now();
    const fail = (detail: string): CoaOutcome => ({ result: "error", attempts: 0, latencyMs: 0, detail });
    if (this.#closed) return fail("The CoA client is closed");
    const family = net.isIP(target.address);
    if (family === 0) return fail(`Not an IP address: ${JSON.stringify(target.address)}`);
    if (!session.acctSessionId && !session.callingStationId) {
      return fail("A CoA needs the session's Acct-Session-Id or Calling-Station-Id to name it");
    }
    const identifier = this.#allocateIdentifier(target);
    if (identifier === undefined) return fail(`256 requests are already outstanding to ${target.address}:${target.port}`);

    const attributes: AttributeInput[] = [];
    if (session.userName) attributes.push({ name: "User-Name", value: session.userName });
    if (session.acctSessionId) attributes.push({ name: "Acct-Session-Id", value: session.acctSessionId });
    if (session.callingStationId) attributes.push({ name: "Calling-Station-Id", value: session.callingStationId });
    if (kind === "disconnect" && session.framedIp && net.isIPv4(session.framedIp)) {
      attributes.push({ name: "Framed-IP-Address", value: session.framedIp });
    }
    // RFC 5176 §3: Event-Timestamp lets the NAD refuse replays of old requests.
    attributes.push({ name: "Event-Timestamp", value: new Date(this.#options.nowSeconds() * 1000) });
    if (kind === "reauthenticate") attributes.push({ name: "Cisco-AVPair", value: CISCO_REAUTHENTICATE });
    const code = kind === "reauthenticate" ? RadiusCode.CoaRequest : RadiusCode.DisconnectRequest;
    // RFC 5176 §3.4: Message-Authenticator computed over the packet with a zeroed Request Authenticator,
    // then the Request Authenticator over the whole — signRequest does both, in that order.
    const encoded = encodeRequest({ code, identifier, attributes }, target.secret, { messageAuthenticator: true });
    if (!encoded.ok) return fail(`The request could not be encoded: ${encoded.error.message}`);

    let socket: dgram.Socket;
    try {
      socket = await this.#socketFor(family === 6 ? "udp6" : "udp4");
    } catch (error) {
      return fail(`No socket: ${(error as Error).message}`);
    }
    const bytes = encoded.bytes;
    return new Promise<CoaOutcome>((resolve) => {
      const pending: Pending = {
        request: { identifier, authenticator: Buffer.from(bytes.subarray(4, 20)), code },
        bytes,
        target,
        attempts: 0,
        started,
        timer: undefined,
        timeoutMs: this.#options.initialTimeoutMs,
        resolve,
      };
      this.#pending.set(keyOf(target.address, target.port, identifier), pending);
      this.#transmit(socket, pending);
    });
  }

  #transmit(socket: dgram.Socket, pending: Pending): void {
    pending.attempts += 1;
    socket.send(pending.bytes, pending.target.port, pending.target.address, (error) => {
      if (error) this.#finish(pending, { result: "error", detail: `Send failed: ${error.message}` });
    });
    pending.timer = setTimeout(() => {
      if (pending.attempts >= this.#options.maxAttempts) {
        this.#finish(pending, { result: "timeout" });
        return;
      }
      pending.timeoutMs *= 2;
      this.#transmit(socket, pending);
    }, pending.timeoutMs);
  }

  #finish(pending: Pending, outcome: Pick<CoaOutcome, "result" | "errorCause" | "errorCauseCode" | "detail">): void {
    const key = keyOf(pending.target.address, pending.target.port, pending.request.identifier);
    if (this.#pending.get(key) !== pending) return;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    pending.resolve({
      ...outcome,
      attempts: pending.attempts,
      latencyMs: Math.round((performance.now() - pending.started) * 10) / 10,
    });
  }

  #onMessage(datagram: Buffer, remote: dgram.RemoteInfo): void {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) {
      this.#options.onDropped?.("malformed");
      return;
    }
    const packet = decoded.packet;
    const pending = this.#pending.get(keyOf(remote.address, remote.port, packet.identifier));
    if (!pending) {
      this.#options.onDropped?.("unmatched");
      return;
    }
    // RFC 5176 §3.5: a reply that does not verify is silently discarded; the retransmission timer goes on.
    if (!verifyResponse(packet, pending.request, pending.target.secret).ok) {
      this.#options.onDropped?.("unverified");
      return;
    }
    if (packet.code === RadiusCode.CoaAck || packet.code === RadiusCode.DisconnectAck) {
      this.#finish(pending, { result: "ack" });
      return;
    }
    const cause = packet.get("Error-Cause");
    const causeCode = typeof cause === "number" ? cause : undefined;
    this.#finish(pending, {
      result: "nak",
      ...(causeCode !== undefined
        ? { errorCauseCode: causeCode, errorCause: valueName("Error-Cause", causeCode) ?? String(causeCode) }
        : {}),
    });
  }

  #allocateIdentifier(target: CoaTarget): number | undefined {
    const nad = `${target.address}|${target.port}`;
    const start = this.#nextIdentifier.get(nad) ?? Math.floor(Math.random() * 256);
    for (let offset = 0; offset < 256; offset += 1) {
      const identifier = (start + offset) % 256;
      if (!this.#pending.has(keyOf(target.address, target.port, identifier))) {
        this.#nextIdentifier.set(nad, (identifier + 1) % 256);
        return identifier;
      }
    }
    return undefined;
  }

  async #socketFor(family: "udp4" | "udp6"): Promise<dgram.Socket> {
    if (this.#socket && this.#socketFamily === family) return this.#socket;
    if (this.#socket && this.#socketFamily !== family) {
      throw new Error(`The CoA client is bound for ${this.#socketFamily}; use one client per address family`);
    }
    this.#opening ??= new Promise<dgram.Socket>((resolve, reject) => {
      const socket = dgram.createSocket(family);
      socket.on("message", (datagram, remote) => this.#onMessage(datagram, remote));
      socket.once("error", reject);
      socket.bind({ port: 0, ...(this.#options.bindAddress ? { address: this.#options.bindAddress } : {}) }, () => {
        socket.off("error", reject);
        // After binding, a socket error must not crash the engine; in-flight requests time out.
        socket.on("error", () => {});
        this.#socket = socket;
        this.#socketFamily = family;
        resolve(socket);
      });
    });
    return this.#opening;
  }

  /** Stops: requests still waiting end as `error` ("closed"). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of [...this.#pending.values()])
      this.#finish(pending, { result: "error", detail: "The CoA client closed" });
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

function keyOf(address: string, port: number, identifier: number): string {
  return `${address}|${port}|${identifier}`;
}
