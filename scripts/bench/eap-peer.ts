/**
 * An EAP-TLS peer for load (the supplicant and NAD sides in one): EAP-Response/Identity, then the EAP-TLS
 * conversation (RFC 5216, RFC 9190) carried in Access-Request / Access-Challenge (RFC 3579) over node:dgram,
 * with the TLS client being node:tls on an in-memory Duplex. Every reply is verified (Response
 * Authenticator, Message-Authenticator); the Access-Accept must carry EAP-Success and MS-MPPE keys equal to
 * the MSK the client derives itself, which proves the key derivation end to end.
 *
 * Scripts only (scripts/bench/eap-tls.ts, its test); nothing in the product imports it.
 */
import dgram from "node:dgram";
import { performance } from "node:perf_hooks";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { decodeEap, decodeEapTls, EapCode, EapType, encodeEap, encodeEapTls } from "../../lib/engine/eap/codec";
import {
  decodePacket,
  encodeRequest,
  RadiusCode,
  verifyResponse,
  type AttributeInput,
  type RadiusPacket,
} from "../../lib/engine/radius";

export type TlsVersion = "TLSv1.2" | "TLSv1.3";

export interface EapTlsPeerOptions {
  host: string;
  port: number;
  secret: string;
  /** The device's certificate (PEM, may include intermediates) and private key. */
  clientCertPem: string;
  clientKeyPem: string;
  /** Trust anchor for the EAP server's certificate. */
  serverCaPem: string;
  /** Offered as both the lowest and the highest version, so the run measures exactly one. */
  tlsVersion: TlsVersion;
  /** TLS data octets per EAP-TLS message the peer sends (the servers use their own setting). Default 1024. */
  fragmentSize?: number;
  /** An unanswered Access-Request is sent again after this long. Default 3000 ms. */
  retransmitMs?: number;
  /** Copies of an unanswered Access-Request before the conversation fails. Default 2. */
  retransmits?: number;
}

export interface HandshakeSuccess {
  ok: true;
  protocol: TlsVersion;
  cipher: string;
  /** The ephemeral key exchange group, e.g. "X25519". */
  keyExchange: string;
  resumed: boolean;
  /** The session to offer for resumption (TLS 1.2 session / TLS 1.3 ticket), when the server gave one. */
  session: Buffer | undefined;
  roundTrips: number;
  retransmits: number;
}

export interface HandshakeFailure {
  ok: false;
  /** A short, stable label for counting ("Access-Reject", "timeout", "bad-ma", "msk-mismatch", …). */
  kind: string;
  message: string;
  roundTrips: number;
  retransmits: number;
}

export type HandshakeResult = HandshakeSuccess | HandshakeFailure;

export interface AuthenticateOptions {
  /** EAP-Response/Identity and User-Name. */
  identity: string;
  /** Calling-Station-Id, e.g. "02-00-00-00-00-01". */
  callingStationId: string;
  /** Offer this session (from a previous HandshakeSuccess) for resumption. */
  session?: Buffer;
}

class PeerError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

const EMPTY = Buffer.alloc(0);
/** RFC 5216 §2.3 (TLS 1.2) and RFC 9190 §2.3 (TLS 1.3): Key_Material = 128 octets; MSK = the first 64. */
const KEY_MATERIAL_OCTETS = 128;
/** Longest wait for the local TLS client to produce its next flight (it takes milliseconds). */
const TLS_STALL_MS = 10_000;

/**
 * The MSK the client derives: TLS-Exporter with "client EAP encryption" and no context (TLS 1.2), or
 * "EXPORTER_EAP_TLS_Key_Material" with the one-octet context 0x0d, the EAP-TLS type (TLS 1.3).
 */
function clientMsk(socket: tls.TLSSocket, protocol: TlsVersion): Buffer {
  const material =
    protocol === "TLSv1.3"
      ? socket.exportKeyingMaterial(KEY_MATERIAL_OCTETS, "EXPORTER_EAP_TLS_Key_Material", Buffer.of(EapType.Tls))
      : // RFC 5705 §4: no context at all (not an empty one); node's typings insist on the argument.
        socket.exportKeyingMaterial(KEY_MATERIAL_OCTETS, "client EAP encryption", undefined as unknown as Buffer);
  return material.subarray(0, 64);
}

// ---------------------------------------------------------------------------------------------------
// The TLS client on an in-memory Duplex, flight by flight.

/** What the TLS client does after being given the server's TLS message. */
type ClientStep =
  /** Send this (the client's next flight) and wait for the server. */
  | { kind: "flight"; data: Buffer }
  /** The handshake is complete and nothing is left to send: acknowledge the server's last flight. */
  | { kind: "complete" }
  | { kind: "failed"; error: PeerError };

/**
 * Follows the client's output records (RFC 5246 §6.2, RFC 8446 §5.1) to tell when a flight is complete:
 * node:tls writes a flight in several chunks and says nothing when it is done.
 * - the ClientHello ends the first flight;
 * - a plaintext handshake record after ChangeCipherSpec ends the next one: TLS 1.2's Finished (full or
 *   resumed handshake), or the second ClientHello a TLS 1.3 client sends after a HelloRetryRequest
 *   (RFC 8446 §4.1.4; its ChangeCipherSpec is the middlebox-compatibility one, §D.4);
 * - TLS 1.3: the flight after the ServerHello is protected: it is complete once the client has its
 *   Finished (`getFinished()`) and the output stops on a record boundary.
 */
class ClientFlightTracker {
  sawClientHello = false;
  sawChangeCipherSpec = false;
  sawHandshakeAfterCcs = false;
  protectedRecords = 0;
  fatalAlert: number | undefined;
  malformed = false;
  #pending: Buffer = EMPTY;

  startFlight(): void {
    this.sawClientHello = false;
    this.sawHandshakeAfterCcs = false;
    this.protectedRecords = 0;
  }

  get atRecordBoundary(): boolean {
    return this.#pending.length === 0;
  }

  push(chunk: Buffer): void {
    let buffer = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    while (buffer.length >= 5) {
      const type = buffer[0]!;
      const length = buffer.readUInt16BE(3);
      if (type < 20 || type > 23) {
        this.malformed = true;
        buffer = EMPTY;
        break;
      }
      if (buffer.length < 5 + length) break;
      const body = buffer.subarray(5, 5 + length);
      if (type === 20) this.sawChangeCipherSpec = true;
      else if (type === 21 && !this.sawChangeCipherSpec && body[0] === 2) this.fatalAlert = body[1];
      else if (type === 22 && this.sawChangeCipherSpec) this.sawHandshakeAfterCcs = true;
      else if (type === 22 && body[0] === 1) this.sawClientHello = true;
      else if (type === 23) this.protectedRecords += 1;
      buffer = buffer.subarray(5 + length);
    }
    this.#pending = buffer.length ? Buffer.from(buffer) : EMPTY;
  }
}

type ClientPhase =
  /** The ClientHello is being written. */
  | "hello"
  /** A server flight was fed in; the client's next flight is due. */
  | "answering"
  /** The client sent its Finished; the server's last flight (TLS 1.2: CCS + Finished; TLS 1.3: tickets and
   * the commitment message) is due, after which only an acknowledgement remains. */
  | "finishing"
  | "done";

class TlsClient {
  readonly socket: tls.TLSSocket;
  readonly #duplex: Duplex;
  readonly #tracker = new ClientFlightTracker();
  #output: Buffer[] = [];
  #phase: ClientPhase = "hello";
  #resolve: ((step: ClientStep) => void) | undefined;
  #secure = false;
  #commitment = false;
  #checkQueued = false;
  #stallTimer: NodeJS.Timeout | undefined;
  #error: PeerError | undefined;
  session: Buffer | undefined;

  constructor(context: tls.SecureContext, session: Buffer | undefined) {
    this.#duplex = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        this.#output.push(chunk);
        this.#tracker.push(chunk);
        callback();
        // node writes a flight as several chunks in one synchronous burst: decide once it is over.
        this.#queueCheck();
      },
    });
    this.#duplex.on("error", () => {});
    this.socket = tls.connect({
      socket: this.#duplex,
      secureContext: context,
      // EAP servers are named by their certificate's trust, not by a host name (eapol_test checks no name
      // unless told to).
      checkServerIdentity: () => undefined,
      ...(session ? { session } : {}),
    });
    this.socket.on("secureConnect", () => {
      this.#secure = true;
      this.#queueCheck();
    });
    this.socket.on("session", (data: Buffer) => (this.session = data));
    this.socket.on("data", (data: Buffer) => {
      // RFC 9190 §2.5: the server's commitment message is one octet of application data, 0x00.
      if (data.length === 1 && data[0] === 0) this.#commitment = true;
      else this.#error ??= new PeerError("unexpected-data", `The server sent ${data.length} octets of application data`);
      this.#queueCheck();
    });
    this.socket.on("error", (error: Error) => {
      this.#error ??= new PeerError("tls-error", `TLS: ${error.message}`);
      this.#queueCheck();
    });
  }

  get isSecure(): boolean {
    return this.#secure;
  }

  get protocol(): TlsVersion {
    return this.socket.getProtocol() === "TLSv1.3" ? "TLSv1.3" : "TLSv1.2";
  }

  /** The ClientHello (node may have written it already, from tls.connect). */
  hello(): Promise<ClientStep> {
    return this.#await();
  }

  /** One complete TLS message of the server's. */
  feed(data: Buffer): Promise<ClientStep> {
    if (this.#phase === "done")
      return Promise.resolve({ kind: "failed", error: new PeerError("protocol", "TLS data after the end") });
    this.#phase = this.#phase === "hello" ? "answering" : this.#phase;
    this.#tracker.startFlight();
    this.#output = [];
    const step = this.#await();
    this.#duplex.push(data);
    return step;
  }

  destroy(): void {
    this.#phase = "done";
    // The TLS socket first: it ends the duplex under it.
    if (!this.socket.destroyed) this.socket.destroy();
  }

  #await(): Promise<ClientStep> {
    return new Promise<ClientStep>((resolve) => {
      this.#resolve = resolve;
      // Never wait forever on the TLS stack: a flight rule that does not fit the server fails the conversation.
      this.#stallTimer = setTimeout(
        () => this.#finish({ kind: "failed", error: new PeerError("tls-stall", `The TLS client stalled while ${this.#phase}`) }),
        TLS_STALL_MS,
      );
      this.#queueCheck();
    });
  }

  #queueCheck(): void {
    if (this.#checkQueued) return;
    this.#checkQueued = true;
    process.nextTick(() => {
      this.#checkQueued = false;
      this.#check();
    });
  }

  #finish(step: ClientStep): void {
    clearTimeout(this.#stallTimer);
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(step);
  }

  #check(): void {
    if (!this.#resolve) return;
    const tracker = this.#tracker;
    if (this.#error) return this.#finish({ kind: "failed", error: this.#error });
    if (tracker.malformed) return this.#finish({ kind: "failed", error: new PeerError("tls-output", "Unparseable TLS output") });
    if (tracker.fatalAlert !== undefined) {
      return this.#finish({
        kind: "failed",
        error: new PeerError("tls-alert", `The client sent fatal alert ${tracker.fatalAlert}`),
      });
    }
    if (!tracker.atRecordBoundary) return;
    const flightDone =
      this.#phase === "hello"
        ? tracker.sawClientHello
        : tracker.sawHandshakeAfterCcs || (tracker.protectedRecords > 0 && this.socket.getFinished() !== undefined);
    if (this.#phase !== "finishing" && flightDone) {
      // A flight that carries the client's Finished: what follows is the server's last flight (a full
      // handshake) or nothing at all (a TLS 1.2 resumption, which the server ends with EAP-Success).
      if (this.#phase === "answering" && this.socket.getFinished() !== undefined) this.#phase = "finishing";
      const data = this.#output.length === 1 ? this.#output[0]! : Buffer.concat(this.#output);
      this.#output = [];
      return this.#finish({ kind: "flight", data });
    }
    if (this.#phase === "finishing" && this.#secure && this.#output.length === 0) {
      const lastFlightIn = this.protocol === "TLSv1.3" ? this.#commitment : true;
      if (lastFlightIn) {
        this.#phase = "done";
        return this.#finish({ kind: "complete" });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// RADIUS transport: one socket per lane of the closed loop, one Access-Request outstanding at a time.

type LaneSettings = Required<Pick<EapTlsPeerOptions, "host" | "port" | "secret" | "retransmitMs" | "retransmits">>;

export class RadiusLane {
  readonly #socket: dgram.Socket;
  readonly #options: LaneSettings;
  readonly #secret: Buffer;
  /** Request Authenticator of the last Access-Request: it keys the salted MS-MPPE keys of the answer. */
  lastAuthenticator: Buffer = Buffer.alloc(16);
  #identifier = Math.floor(Math.random() * 256);
  #pending:
    | { identifier: number; authenticator: Buffer; resolve: (packet: RadiusPacket) => void; reject: (error: PeerError) => void }
    | undefined;
  retransmits = 0;

  private constructor(socket: dgram.Socket, options: LaneSettings) {
    this.#socket = socket;
    this.#options = options;
    this.#secret = Buffer.from(options.secret);
    socket.on("message", (message) => this.#onMessage(message));
  }

  static async open(options: EapTlsPeerOptions): Promise<RadiusLane> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve());
    });
    return new RadiusLane(socket, {
      host: options.host,
      port: options.port,
      secret: options.secret,
      retransmitMs: options.retransmitMs ?? 3000,
      retransmits: options.retransmits ?? 2,
    });
  }

  /** Sends an Access-Request (fresh Identifier and Request Authenticator, Message-Authenticator) → the verified reply. */
  exchange(attributes: AttributeInput[]): Promise<RadiusPacket> {
    this.#identifier = (this.#identifier + 1) & 0xff;
    const identifier = this.#identifier;
    const encoded = encodeRequest({ code: RadiusCode.AccessRequest, identifier, attributes }, this.#secret);
    if (!encoded.ok) return Promise.reject(new PeerError("encode", encoded.error.message));
    const datagram = encoded.bytes;
    const authenticator = Buffer.from(datagram.subarray(4, 20));
    this.lastAuthenticator = authenticator;
    return new Promise<RadiusPacket>((resolve, reject) => {
      let copies = 0;
      const send = () => this.#socket.send(datagram, this.#options.port, this.#options.host);
      // RFC 2865 §2.5 / RFC 5080 §2.2.1: a retransmission is the identical packet.
      const timer = setInterval(() => {
        if (copies >= this.#options.retransmits) {
          clearInterval(timer);
          this.#pending = undefined;
          reject(new PeerError("timeout", `No answer to Access-Request ${identifier} after ${copies + 1} copies`));
          return;
        }
        copies += 1;
        this.retransmits += 1;
        send();
      }, this.#options.retransmitMs);
      this.#pending = {
        identifier,
        authenticator,
        resolve: (packet) => {
          clearInterval(timer);
          resolve(packet);
        },
        reject: (error) => {
          clearInterval(timer);
          reject(error);
        },
      };
      send();
    });
  }

  close(): void {
    this.#socket.close();
  }

  #onMessage(message: Buffer): void {
    const pending = this.#pending;
    if (!pending || message[1] !== pending.identifier) return; // a late copy of an earlier answer
    this.#pending = undefined;
    const decoded = decodePacket(message);
    if (!decoded.ok) return pending.reject(new PeerError("malformed-reply", decoded.error.message));
    // RFC 2865 §3 Response Authenticator; RFC 3579 §3.2: Message-Authenticator in every reply to EAP.
    const verified = verifyResponse(
      decoded.packet,
      { code: RadiusCode.AccessRequest, identifier: pending.identifier, authenticator: pending.authenticator },
      this.#secret,
      { requireMessageAuthenticator: true },
    );
    if (!verified.ok) return pending.reject(new PeerError(verified.reason, verified.message));
    pending.resolve(decoded.packet);
  }
}

// ---------------------------------------------------------------------------------------------------
// The peer: one EAP-TLS conversation per `authenticate`.

/** Where the EAP side of the conversation stands (the TLS side is TlsClient's). */
type PeerState =
  /** Identity sent; the EAP-TLS Start is due. */
  | { name: "identity-sent" }
  /** Fragments of a server message arriving; each gets an ACK. */
  | { name: "receiving"; parts: Buffer[]; received: number }
  /** A client flight going out fragment by fragment; the server ACKs each. */
  | { name: "sending"; data: Buffer; offset: number }
  /** A whole client flight sent; the server's next message (or its verdict) is due. */
  | { name: "awaiting-server" }
  /** The server's last flight acknowledged: Access-Accept (or Access-Reject) is due. */
  | { name: "acknowledged" };

export class EapTlsPeer {
  readonly options: EapTlsPeerOptions;
  readonly #context: tls.SecureContext;
  readonly #fragmentSize: number;
  readonly #secret: Buffer;

  constructor(options: EapTlsPeerOptions) {
    this.options = options;
    this.#fragmentSize = options.fragmentSize ?? 1024;
    this.#secret = Buffer.from(options.secret);
    // One context for every conversation: parsing the key and certificates per handshake would make the
    // load generator pay for work no supplicant repeats.
    this.#context = tls.createSecureContext({
      cert: options.clientCertPem,
      key: options.clientKeyPem,
      ca: [options.serverCaPem],
      minVersion: options.tlsVersion,
      maxVersion: options.tlsVersion,
    });
  }

  /** One full (or, with `session`, resumed) EAP-TLS authentication on `lane`. Never throws. */
  async authenticate(lane: RadiusLane, options: AuthenticateOptions): Promise<HandshakeResult> {
    let roundTrips = 0;
    const retransmitsBefore = lane.retransmits;
    let client: TlsClient | undefined;
    try {
      const base: AttributeInput[] = [
        { name: "User-Name", value: options.identity },
        { name: "NAS-IP-Address", value: "127.0.0.1" },
        { name: "NAS-Port-Type", value: "Ethernet" },
        { name: "Service-Type", value: "Framed-User" },
        { name: "Calling-Station-Id", value: options.callingStationId },
        { name: "Framed-MTU", value: 1400 },
      ];
      const send = async (eap: Buffer, state: Buffer | undefined) => {
        roundTrips += 1;
        return lane.exchange([
          ...base,
          { name: "EAP-Message", value: eap },
          ...(state ? [{ name: "State" as const, value: state }] : []),
        ]);
      };
      const tlsResponse = (identifier: number, typeData: Buffer) =>
        encodeEap({ code: EapCode.Response, identifier, type: EapType.Tls, data: typeData });

      let state: PeerState = { name: "identity-sent" };
      let lastResponseIdentifier = 0;
      let reply = await send(
        encodeEap({ code: EapCode.Response, identifier: 0, type: EapType.Identity, data: Buffer.from(options.identity) }),
        undefined,
      );
      for (;;) {
        if (reply.code === RadiusCode.AccessAccept) {
          // A TLS 1.2 resumption ends with the client's Finished: EAP-Success follows it directly.
          const resumedTls12 = state.name === "awaiting-server" && client?.isSecure === true && client.protocol === "TLSv1.2";
          if (state.name !== "acknowledged" && !resumedTls12) {
            throw new PeerError("early-accept", `Access-Accept while ${state.name}`);
          }
          return this.#verifyAccept(reply, lane, client!, lastResponseIdentifier, roundTrips, retransmitsBefore, options);
        }
        if (reply.code === RadiusCode.AccessReject) {
          const message = reply.get("Reply-Message");
          throw new PeerError("Access-Reject", `Access-Reject${typeof message === "string" ? `: ${message}` : ""}`);
        }
        if (reply.code !== RadiusCode.AccessChallenge) throw new PeerError("unexpected-code", `RADIUS code ${reply.code}`);
        const stateAttribute = reply.getRaw("State");
        const eapBytes = reply.get("EAP-Message");
        if (!stateAttribute || !eapBytes) throw new PeerError("challenge", "Access-Challenge without State or EAP-Message");
        const decoded = decodeEap(eapBytes);
        if (!decoded.ok) throw new PeerError("eap-malformed", decoded.error.message);
        const eap = decoded.packet;
        if (eap.code !== EapCode.Request || !("type" in eap)) throw new PeerError("eap", `EAP code ${eap.code} in a challenge`);
        if (eap.type !== EapType.Tls) throw new PeerError("eap", `EAP-Request of type ${eap.type}, not EAP-TLS`);
        const tlsMessage = decodeEapTls(eap.data);
        if (!tlsMessage.ok) throw new PeerError("eap-tls-malformed", tlsMessage.error.message);
        const { flags, data } = tlsMessage.message;
        // RFC 3748 §4.1: the Response carries the Request's Identifier.
        const identifier = eap.identifier;
        lastResponseIdentifier = identifier;

        let outgoing: Buffer | undefined;
        if (flags.start) {
          if (state.name !== "identity-sent") throw new PeerError("eap-tls", `EAP-TLS Start while ${state.name}`);
          client = new TlsClient(this.#context, options.session);
          const step = await client.hello();
          if (step.kind !== "flight") throw step.kind === "failed" ? step.error : new PeerError("tls", "No ClientHello");
          outgoing = step.data;
        } else if (data.length === 0 && !flags.moreFragments) {
          // RFC 5216 §2.1.5: an empty Request acknowledges the fragment the peer sent.
          if (state.name !== "sending") throw new PeerError("eap-tls", `EAP-TLS acknowledgement while ${state.name}`);
          outgoing = undefined;
        } else {
          if (state.name !== "awaiting-server" && state.name !== "receiving") {
            throw new PeerError("eap-tls", `TLS data while ${state.name}`);
          }
          const receiving: Extract<PeerState, { name: "receiving" }> =
            state.name === "receiving" ? state : { name: "receiving", parts: [], received: 0 };
          receiving.parts.push(data);
          receiving.received += data.length;
          if (flags.moreFragments) {
            state = receiving;
            reply = await send(tlsResponse(identifier, encodeEapTls({})), stateAttribute);
            continue;
          }
          const step = await client!.feed(receiving.parts.length === 1 ? receiving.parts[0]! : Buffer.concat(receiving.parts));
          if (step.kind === "failed") throw step.error;
          if (step.kind === "complete") {
            // RFC 5216 §2.1.1 / RFC 9190 §2.1.1: the server's last flight gets an empty Response.
            state = { name: "acknowledged" };
            reply = await send(tlsResponse(identifier, encodeEapTls({})), stateAttribute);
            continue;
          }
          outgoing = step.data;
        }

        // The next fragment of the client's flight: L and the total on the first of several, M until the last.
        const flight: Buffer = outgoing ?? (state.name === "sending" ? state.data : EMPTY);
        const offset: number = outgoing ? 0 : state.name === "sending" ? state.offset : 0;
        const end = Math.min(flight.length, offset + this.#fragmentSize);
        const more: boolean = end < flight.length;
        const typeData = encodeEapTls({
          moreFragments: more,
          ...(flight.length > this.#fragmentSize && offset === 0 ? { tlsMessageLength: flight.length } : {}),
          data: flight.subarray(offset, end),
        });
        state = more ? { name: "sending", data: flight, offset: end } : { name: "awaiting-server" };
        reply = await send(tlsResponse(identifier, typeData), stateAttribute);
      }
    } catch (error) {
      const failure = error instanceof PeerError ? error : new PeerError("internal", (error as Error).stack ?? String(error));
      return {
        ok: false,
        kind: failure.kind,
        message: failure.message,
        roundTrips,
        retransmits: lane.retransmits - retransmitsBefore,
      };
    } finally {
      client?.destroy();
    }
  }

  /**
   * RFC 3579 §2.6.3 / RFC 5216 §2.3: EAP-Success with the Identifier of the last Response, and
   * MS-MPPE-Recv-Key = MSK[0..31], MS-MPPE-Send-Key = MSK[32..63] (RFC 2548 §2.4, salted with the
   * Request Authenticator of the Access-Request this answers).
   */
  #verifyAccept(
    reply: RadiusPacket,
    lane: RadiusLane,
    client: TlsClient,
    lastResponseIdentifier: number,
    roundTrips: number,
    retransmitsBefore: number,
    options: AuthenticateOptions,
  ): HandshakeResult {
    const eap = reply.get("EAP-Message");
    const decoded = eap ? decodeEap(eap) : undefined;
    if (!decoded?.ok || decoded.packet.code !== EapCode.Success) {
      throw new PeerError("no-eap-success", "Access-Accept without EAP-Success");
    }
    if (decoded.packet.identifier !== lastResponseIdentifier) {
      throw new PeerError(
        "eap-success-identifier",
        `EAP-Success Identifier ${decoded.packet.identifier}, not ${lastResponseIdentifier}`,
      );
    }
    const protocol = client.protocol;
    const msk = clientMsk(client.socket, protocol);
    const requestAuthenticator = lane.lastAuthenticator;
    const recv = reply.decrypt("MS-MPPE-Recv-Key", this.#secret, requestAuthenticator);
    const sendKey = reply.decrypt("MS-MPPE-Send-Key", this.#secret, requestAuthenticator);
    if (!recv || !sendKey) throw new PeerError("no-mppe-keys", "Access-Accept without MS-MPPE-Recv-Key and MS-MPPE-Send-Key");
    if (!recv.equals(msk.subarray(0, 32)) || !sendKey.equals(msk.subarray(32, 64))) {
      throw new PeerError("msk-mismatch", "The MS-MPPE keys differ from the MSK the client derived");
    }
    return {
      ok: true,
      protocol,
      cipher: client.socket.getCipher().name,
      // A resumed TLS 1.2 handshake has no ephemeral key exchange.
      keyExchange: (client.socket.getEphemeralKeyInfo() as { name?: string } | null)?.name ?? "no key exchange",
      resumed: client.socket.isSessionReused(),
      session: client.session ?? (options.session && client.socket.isSessionReused() ? options.session : undefined),
      roundTrips,
      retransmits: lane.retransmits - retransmitsBefore,
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Closed-loop load: `concurrency` lanes, each running authentications back to back.

export interface LoadOptions {
  peer: EapTlsPeer;
  concurrency: number;
  seconds: number;
  /** Offer each lane's last session on its next authentication. */
  resume?: boolean;
  /** Calling-Station-Id of lane `i` (one device per lane). */
  callingStationIdFor?: (lane: number) => string;
  identity?: string;
  /** Called once the measured window starts and once it ends (CPU readings). */
  onWindow?: (edge: "start" | "end") => void;
}

export interface LoadResult {
  ok: number;
  failed: number;
  /** Failures by kind, with the first message of each kind. */
  failures: Map<string, { count: number; message: string }>;
  seconds: number;
  /** Handshake latencies (ms) of the successes in the window, sorted. */
  latencies: Float64Array;
  roundTrips: number;
  retransmits: number;
  resumed: number;
  ciphers: Set<string>;
}

export function laneMac(lane: number): string {
  const hex = (0x020000000000 + lane).toString(16).padStart(12, "0");
  return hex.match(/../g)!.join("-").toUpperCase();
}

/** Runs the closed loop for `seconds`; counts what completes inside the window. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const lanes = await Promise.all(Array.from({ length: options.concurrency }, () => RadiusLane.open(options.peer.options)));
  const latencies: number[] = [];
  const failures = new Map<string, { count: number; message: string }>();
  const ciphers = new Set<string>();
  let ok = 0;
  let failed = 0;
  let roundTrips = 0;
  let retransmits = 0;
  let resumed = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  options.onWindow?.("start");
  const endTimer = setTimeout(() => options.onWindow?.("end"), options.seconds * 1000);
  try {
    await Promise.all(
      lanes.map(async (lane, index) => {
        let session: Buffer | undefined;
        const callingStationId = options.callingStationIdFor?.(index) ?? laneMac(index);
        while (performance.now() < deadline) {
          const begin = performance.now();
          const result = await options.peer.authenticate(lane, {
            identity: options.identity ?? "host/bench",
            callingStationId,
            session: options.resume ? session : undefined,
          });
          const end = performance.now();
          if (end > deadline) break;
          roundTrips += result.roundTrips;
          retransmits += result.retransmits;
          if (result.ok) {
            ok += 1;
            latencies.push(end - begin);
            ciphers.add(`${result.protocol} ${result.cipher} ${result.keyExchange}`);
            if (result.resumed) resumed += 1;
            session = result.session;
          } else {
            failed += 1;
            session = undefined;
            const entry = failures.get(result.kind);
            if (entry) entry.count += 1;
            else failures.set(result.kind, { count: 1, message: result.message });
          }
        }
      }),
    );
  } finally {
    clearTimeout(endTimer);
    for (const lane of lanes) lane.close();
  }
  return {
    ok,
    failed,
    failures,
    seconds: options.seconds,
    latencies: Float64Array.from(latencies).sort(),
    roundTrips,
    retransmits,
    resumed,
    ciphers,
  };
}

/** The p-th percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
