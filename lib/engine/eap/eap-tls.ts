// The EAP-TLS method's conversation (RFC 5216 §2.1, RFC 9190 §2.1) as an explicit state machine: the
// Start, reassembly of the peer's fragmented TLS messages (each fragment ACKed), fragmentation of the
// server's flights (each fragment waiting for the peer's ACK), the last flight's ACK, and EAP-Success /
// EAP-Failure. The TLS work itself is in tls-server.ts; RADIUS is the caller's business.
import { EapCode, EapType, decodeEapTls, encodeEap, encodeEapTls, nakTypes, type EapPacket } from "./codec";
import type { TlsFailure } from "./tls-failures";
import type { EstablishedSession, FlightOutcome, TlsHandshake } from "./tls-server";

export interface EapTlsSettings {
  /** TLS data octets per EAP-TLS message (FreeRADIUS's fragment_size). Default 1024. */
  fragmentSize: number;
  /** Largest reassembled TLS message accepted from a peer, octets. Default 64 KiB. */
  maxMessageBytes: number;
}

export const defaultEapTlsSettings: EapTlsSettings = { fragmentSize: 1024, maxMessageBytes: 64 * 1024 };

export type ConversationStep =
  /** Send this EAP-Request in an Access-Challenge. */
  | { kind: "challenge"; eap: Buffer }
  /** The handshake succeeded: EAP-Success to send in an Access-Accept (once authorization allows it). */
  | { kind: "success"; eap: Buffer; failureEap: Buffer; session: EstablishedSession }
  /** EAP-Failure to send in an Access-Reject. */
  | { kind: "failure"; eap: Buffer; failure: TlsFailure }
  /** RFC 3748 §4.1: a Response whose Identifier does not match the outstanding Request is discarded. */
  | { kind: "discard"; reason: string };

/** Where the conversation stands; exactly one at a time. */
export type ConversationState =
  /** EAP-TLS Start sent (RFC 5216 §2.1.1); the ClientHello (or a Nak) is next. */
  | { name: "start-sent" }
  /** Fragments of a peer message arriving (each one ACKed). */
  | { name: "receiving"; parts: Buffer[]; received: number; expected: number | undefined }
  /** The TLS stack is working on the peer's message; a Response now is a stray copy. */
  | { name: "processing" }
  /** A server flight being sent fragment by fragment; the next Response must be an ACK. */
  | { name: "sending"; data: Buffer; offset: number; session: EstablishedSession | undefined }
  /** A whole server flight sent; the peer's next TLS message is due. */
  | { name: "awaiting-peer" }
  /** The last flight sent; the peer's ACK leads to EAP-Success (RFC 5216 §2.1.1, RFC 9190 §2.1.1). */
  | { name: "awaiting-final-ack"; session: EstablishedSession }
  | { name: "done" };

export class EapTlsConversation {
  readonly identity: string;
  #state: ConversationState = { name: "done" };
  /** Identifier of the outstanding EAP-Request. */
  #identifier: number;
  readonly #tls: TlsHandshake;
  readonly #settings: EapTlsSettings;

  constructor({
    identity,
    identifier,
    tls,
    settings = defaultEapTlsSettings,
  }: {
    identity: string;
    /** Identifier of the peer's Identity Response. */
    identifier: number;
    tls: TlsHandshake;
    settings?: EapTlsSettings;
  }) {
    this.identity = identity;
    this.#identifier = identifier;
    this.#tls = tls;
    this.#settings = settings;
  }

  get state(): ConversationState["name"] {
    return this.#state.name;
  }

  /** RFC 5216 §2.1.1: EAP-Request/EAP-TLS with the S flag and no data. */
  start(): Buffer {
    this.#state = { name: "start-sent" };
    return this.#request(encodeEapTls({ start: true }));
  }

  /** One EAP-Response from the peer → what to send back. */
  async respond(packet: EapPacket): Promise<ConversationStep> {
    if (packet.code !== EapCode.Response)
      return this.#failure(packet, "EAP_NOT_A_RESPONSE", "The peer sent an EAP packet that is not a Response");
    if (packet.identifier !== this.#identifier) {
      return {
        kind: "discard",
        reason: `EAP Identifier ${packet.identifier} does not match the outstanding ${this.#identifier}`,
      };
    }
    const state = this.#state;
    if (state.name === "processing") return { kind: "discard", reason: "A Response arrived while the previous one is processed" };
    if (state.name === "done") return this.#failure(packet, "EAP_CONVERSATION_OVER", "The EAP-TLS conversation is already over");
    if (packet.type === EapType.Nak) {
      const wanted = nakTypes(packet.data).filter((type) => type !== 0);
      const named = wanted.length ? `it asked for EAP type ${wanted.join(", ")}` : "it accepts no other method";
      return this.#failure(packet, "EAP_NAK", `The client refused EAP-TLS (Nak: ${named})`);
    }
    if (packet.type !== EapType.Tls) {
      return this.#failure(packet, "EAP_UNEXPECTED_TYPE", `The client answered with EAP type ${packet.type}, not EAP-TLS (13)`);
    }
    const decoded = decodeEapTls(packet.data);
    if (!decoded.ok) return this.#failure(packet, "EAP_TLS_MALFORMED", decoded.error.message);
    const message = decoded.message;

    switch (state.name) {
      case "start-sent":
      case "awaiting-peer":
      case "receiving": {
        if (state.name !== "receiving" && message.data.length === 0 && !message.flags.moreFragments) {
          return this.#failure(
            packet,
            "EAP_TLS_UNEXPECTED_ACK",
            "The client sent an empty EAP-TLS message where TLS data was due",
          );
        }
        const receiving =
          state.name === "receiving"
            ? state
            : { name: "receiving" as const, parts: [], received: 0, expected: message.tlsMessageLength };
        receiving.parts.push(Buffer.from(message.data));
        receiving.received += message.data.length;
        const limit = Math.min(receiving.expected ?? Infinity, this.#settings.maxMessageBytes);
        if (receiving.received > limit || (receiving.expected ?? 0) > this.#settings.maxMessageBytes) {
          return this.#failure(
            packet,
            "EAP_TLS_MESSAGE_TOO_LARGE",
            receiving.received > (receiving.expected ?? Infinity)
              ? `The client's fragments exceed the TLS Message Length it announced (${receiving.expected})`
              : `The client's TLS message exceeds ${this.#settings.maxMessageBytes} octets`,
          );
        }
        if (message.flags.moreFragments) {
          this.#state = receiving;
          // RFC 5216 §2.1.5: each fragment is acknowledged with an empty EAP-TLS Request.
          return { kind: "challenge", eap: this.#request(encodeEapTls({})) };
        }
        if (receiving.expected !== undefined && receiving.received !== receiving.expected) {
          return this.#failure(
            packet,
            "EAP_TLS_LENGTH_MISMATCH",
            `The client's TLS message is ${receiving.received} octets, not the ${receiving.expected} it announced`,
          );
        }
        this.#state = { name: "processing" };
        const outcome = await this.#tls.feed(Buffer.concat(receiving.parts));
        return this.#afterTls(packet, outcome);
      }
      case "sending":
        if (message.data.length > 0 || message.flags.moreFragments) {
          return this.#failure(
            packet,
            "EAP_TLS_EXPECTED_ACK",
            "The client sent data where an acknowledgement of a fragment was due",
          );
        }
        return this.#sendFrom(state.data, state.offset, state.session);
      case "awaiting-final-ack":
        if (message.data.length > 0) {
          // A TLS alert instead of the ACK: the client refused the server's last flight.
          const outcome = await this.#tls.feed(Buffer.from(message.data));
          if (outcome.kind === "failed") return this.#failure(packet, outcome.failure.code, outcome.failure.message);
          return this.#failure(
            packet,
            "EAP_TLS_EXPECTED_ACK",
            "The client sent TLS data where the final acknowledgement was due",
          );
        }
        this.#state = { name: "done" };
        return {
          kind: "success",
          eap: encodeEap({ code: EapCode.Success, identifier: packet.identifier }),
          failureEap: encodeEap({ code: EapCode.Failure, identifier: packet.identifier }),
          session: state.session,
        };
    }
  }

  /** Releases the TLS handshake (expiry, configuration change, end of conversation). */
  destroy(): void {
    this.#state = { name: "done" };
    this.#tls.destroy();
  }

  #afterTls(packet: EapPacket, outcome: FlightOutcome): ConversationStep {
    switch (outcome.kind) {
      case "failed":
        return this.#failure(packet, outcome.failure.code, outcome.failure.message);
      case "flight":
        return this.#sendFrom(outcome.data, 0, undefined);
      case "established":
        if (outcome.data.length === 0) {
          // TLS 1.2 resumption: the client's Finished ends the handshake; nothing left to send.
          this.#state = { name: "done" };
          return {
            kind: "success",
            eap: encodeEap({ code: EapCode.Success, identifier: packet.identifier }),
            failureEap: encodeEap({ code: EapCode.Failure, identifier: packet.identifier }),
            session: outcome.session,
          };
        }
        return this.#sendFrom(outcome.data, 0, outcome.session);
    }
  }

  /** RFC 5216 §2.1.5 / §3.1: fragments of at most `fragmentSize`; L and the total on the first, M until the last. */
  #sendFrom(data: Buffer, offset: number, session: EstablishedSession | undefined): ConversationStep {
    const size = this.#settings.fragmentSize;
    const fragmented = data.length > size;
    const end = Math.min(data.length, offset + size);
    const more = end < data.length;
    const typeData = encodeEapTls({
      moreFragments: more,
      ...(fragmented && offset === 0 ? { tlsMessageLength: data.length } : {}),
      data: data.subarray(offset, end),
    });
    if (more) this.#state = { name: "sending", data, offset: end, session };
    else if (session) this.#state = { name: "awaiting-final-ack", session };
    else this.#state = { name: "awaiting-peer" };
    return { kind: "challenge", eap: this.#request(typeData) };
  }

  #request(typeData: Buffer): Buffer {
    // RFC 3748 §4.1: a new Request takes a new Identifier.
    this.#identifier = (this.#identifier + 1) & 0xff;
    return encodeEap({ code: EapCode.Request, identifier: this.#identifier, type: EapType.Tls, data: typeData });
  }

  #failure(packet: EapPacket, code: string, message: string): ConversationStep {
    this.#state = { name: "done" };
    this.#tls.destroy();
    return {
      kind: "failure",
      eap: encodeEap({ code: EapCode.Failure, identifier: packet.identifier }),
      failure: { code, message },
    };
  }
}
