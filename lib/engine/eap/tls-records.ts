// TLS record parsing (RFC 5246 §6.2, RFC 8446 §5.1) for the two things EAP-TLS needs from the bytes: where a
// server flight ends (node:tls gives no "flight finished" signal, and EAP-TLS must send a whole flight before
// waiting for the peer, RFC 5216 §2.1.5) and the ClientHello's random (which names a handshake in node's
// key log). Only plaintext headers are read: nothing here decrypts.

export const TlsContentType = { ChangeCipherSpec: 20, Alert: 21, Handshake: 22, ApplicationData: 23 } as const;

const HANDSHAKE_CLIENT_HELLO = 1;
const HANDSHAKE_SERVER_HELLO = 2;
const HANDSHAKE_SERVER_HELLO_DONE = 14;
const EXTENSION_SUPPORTED_VERSIONS = 43;
const TLS13 = 0x0304;
const RECORD_HEADER = 5;
/** RFC 8446 §5.1: a record carries at most 2^14 octets (+256 of expansion when protected). */
const MAX_RECORD_BODY = 16384 + 256;

export type TlsVersionSeen = "unknown" | "tls1.2" | "tls1.3";

/**
 * Follows the server's output records, flight by flight. What ends a flight, from the headers alone:
 * - TLS 1.2 full handshake, first flight: ServerHelloDone (RFC 5246 §7.4.5);
 * - TLS 1.2 abbreviated handshake, and the last flight of a full one: ChangeCipherSpec then the (protected)
 *   Finished record (RFC 5246 §7.3);
 * - a fatal alert.
 * A TLS 1.3 server's flight is protected after its ServerHello (RFC 8446 §2): the caller ends it with what
 * the TLS stack tells (its Finished sent, the handshake done), see tls-server.ts; this class says whether
 * the output stops on a record boundary and whether protected records followed the ServerHello.
 */
export class ServerFlightTracker {
  version: TlsVersionSeen = "unknown";
  /** The current flight (since `startFlight`). */
  sawServerHello = false;
  sawServerHelloDone = false;
  sawChangeCipherSpec = false;
  /** A handshake record after ChangeCipherSpec: the protected Finished (TLS 1.2). */
  sawFinishedAfterCcs = false;
  /** TLS 1.3: protected records (application_data type) after the ServerHello. */
  protectedRecords = 0;
  sawFatalAlert = false;
  /** RFC 5246 §7.2 AlertDescription of the fatal alert seen, when it was plaintext. */
  alertDescription: number | undefined;
  /** Output that does not parse as TLS records (never expected from our own TLS stack). */
  malformed = false;

  #pending: Buffer = Buffer.alloc(0);
  /** Plaintext handshake bytes not yet forming a whole message (messages may span records). */
  #handshake: Buffer = Buffer.alloc(0);
  /** Handshake records are plaintext until the server's ChangeCipherSpec (1.2) or after ServerHello (1.3). */
  #handshakeProtected = false;

  startFlight(): void {
    this.sawServerHello = false;
    this.sawServerHelloDone = false;
    this.sawChangeCipherSpec = false;
    this.sawFinishedAfterCcs = false;
    this.protectedRecords = 0;
  }

  /** True when every byte pushed so far belongs to a complete record. */
  get atRecordBoundary(): boolean {
    return this.#pending.length === 0;
  }

  /** A TLS 1.2 flight is over (see the class comment). */
  get tls12FlightComplete(): boolean {
    return this.sawServerHelloDone || this.sawFinishedAfterCcs;
  }

  push(bytes: Buffer): void {
    let buffer = this.#pending.length ? Buffer.concat([this.#pending, bytes]) : bytes;
    while (buffer.length >= RECORD_HEADER) {
      const type = buffer[0] ?? 0;
      const length = buffer.readUInt16BE(3);
      if (type < 20 || type > 24 || length > MAX_RECORD_BODY) {
        this.malformed = true;
        buffer = Buffer.alloc(0);
        break;
      }
      if (buffer.length < RECORD_HEADER + length) break;
      this.#record(type, buffer.subarray(RECORD_HEADER, RECORD_HEADER + length));
      buffer = buffer.subarray(RECORD_HEADER + length);
    }
    this.#pending = Buffer.from(buffer);
  }

  #record(type: number, body: Buffer): void {
    switch (type) {
      case TlsContentType.ChangeCipherSpec:
        // RFC 8446 §5: a TLS 1.3 server may send one for middlebox compatibility; it changes nothing.
        if (this.version !== "tls1.3") {
          this.sawChangeCipherSpec = true;
          this.#handshakeProtected = true;
        }
        return;
      case TlsContentType.Alert:
        // RFC 5246 §7.2: level 2 is fatal. A protected alert is invisible here (the TLS stack reports it).
        if (!this.#handshakeProtected && body[0] === 2) {
          this.sawFatalAlert = true;
          this.alertDescription = body[1];
        }
        return;
      case TlsContentType.Handshake:
        if (this.#handshakeProtected) {
          if (this.sawChangeCipherSpec) this.sawFinishedAfterCcs = true;
          return;
        }
        this.#handshakeBytes(body);
        return;
      case TlsContentType.ApplicationData:
        if (this.version === "tls1.3" && this.sawServerHello) this.protectedRecords += 1;
        return;
    }
  }

  #handshakeBytes(body: Buffer): void {
    let buffer = this.#handshake.length ? Buffer.concat([this.#handshake, body]) : body;
    while (buffer.length >= 4) {
      const messageType = buffer[0] ?? 0;
      const length = buffer.readUIntBE(1, 3);
      if (buffer.length < 4 + length) break;
      const message = buffer.subarray(4, 4 + length);
      if (messageType === HANDSHAKE_SERVER_HELLO) {
        this.sawServerHello = true;
        this.version = serverHelloVersion(message);
        // RFC 8446 §2: everything after the ServerHello is protected.
        if (this.version === "tls1.3") this.#handshakeProtected = true;
      } else if (messageType === HANDSHAKE_SERVER_HELLO_DONE) {
        this.sawServerHelloDone = true;
      }
      buffer = buffer.subarray(4 + length);
    }
    this.#handshake = Buffer.from(buffer);
  }
}

/** RFC 8446 §4.1.3 / §4.2.1: TLS 1.3 names itself in supported_versions; without it the version is 1.2 or older. */
function serverHelloVersion(message: Buffer): TlsVersionSeen {
  // legacy_version(2) random(32) session_id<0..32> cipher_suite(2) compression(1) extensions<..>
  let offset = 2 + 32;
  if (message.length < offset + 1) return "tls1.2";
  offset += 1 + (message[offset] ?? 0) + 2 + 1;
  if (message.length < offset + 2) return "tls1.2";
  const end = Math.min(message.length, offset + 2 + message.readUInt16BE(offset));
  offset += 2;
  while (offset + 4 <= end) {
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    if (type === EXTENSION_SUPPORTED_VERSIONS && length === 2 && offset + 6 <= end) {
      return message.readUInt16BE(offset + 4) === TLS13 ? "tls1.3" : "tls1.2";
    }
    offset += 4 + length;
  }
  return "tls1.2";
}

/**
 * The 32-octet random of a ClientHello at the start of `bytes` (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2), or
 * undefined when the bytes do not start with one.
 */
export function clientHelloRandom(bytes: Buffer): Buffer | undefined {
  // record header(5) handshake type(1) length(3) legacy_version(2) random(32)
  if (bytes.length < 5 + 4 + 2 + 32) return undefined;
  if (bytes[0] !== TlsContentType.Handshake || bytes[5] !== HANDSHAKE_CLIENT_HELLO) return undefined;
  return bytes.subarray(11, 43);
}
