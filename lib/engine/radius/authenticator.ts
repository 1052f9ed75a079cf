// Packet authentication, one audited function per direction:
//
// | packet                                   | authenticator field                                  | Message-Authenticator (HMAC-MD5, MA field zeroed) |
// |------------------------------------------|------------------------------------------------------|---------------------------------------------------|
// | Access-Request, Status-Server            | 16 random octets (RFC 2865 §3, RFC 5997 §3)          | over the packet as sent (RFC 3579 §3.2)           |
// | Accounting-, CoA-, Disconnect-Request    | MD5(Code+ID+Length+16 zeros+Attrs+Secret)            | over the packet with a zeroed authenticator,      |
// |                                          | (RFC 2866 §3, RFC 5176 §2.3)                         | computed BEFORE the authenticator (RFC 5176 §3.4) |
// | every response                           | MD5(Code+ID+Length+RequestAuth+Attrs+Secret)         | with the request's authenticator in the field,    |
// |                                          | (RFC 2865 §3)                                        | computed BEFORE the authenticator (RFC 3579 §3.2, |
// |                                          |                                                      | RFC 5176 §3.4) — except Accounting-Response, see  |
// |                                          |                                                      | messageAuthenticatorKeyFor                        |
//
// Every comparison is constant-time.
import { hasRandomRequestAuthenticator, isRequestCode, isValidResponseCode, RadiusCode } from "./codes";
import { digestsEqual, hmacMd5, md5, secretBytes, type RadiusSecret } from "./crypto";
import { ATTRIBUTE_MESSAGE_AUTHENTICATOR, HEADER_LENGTH, type RadiusPacket } from "./packet";

/** What a response is checked against: the request as sent (a decoded RadiusPacket fits). */
export interface RequestReference {
  readonly code?: number;
  readonly identifier: number;
  readonly authenticator: Uint8Array;
}

export type VerifyFailureReason =
  /** No Message-Authenticator although the client (NAD) is configured to require it (BlastRADIUS). */
  | "missing-ma"
  | "bad-ma"
  | "bad-authenticator"
  /** verifyRequest was given a response. */
  | "not-a-request"
  /** verifyResponse: the Identifier does not match the request. */
  | "identifier-mismatch"
  /** verifyResponse: not a valid reply code for the request (e.g. CoA-ACK to an Access-Request). */
  | "unexpected-code";

export type VerifyResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

export interface VerifyOptions {
  /** Reject a packet without Message-Authenticator (per NAD, BlastRADIUS / CVE-2024-3596). */
  readonly requireMessageAuthenticator?: boolean;
}

const ZERO_AUTHENTICATOR = Buffer.alloc(16);
const OK: VerifyResult = { ok: true };

/**
 * Sign an encoded request in place and return it. Access-Request / Status-Server keep their Request
 * Authenticator (already random) and get the Message-Authenticator over the packet. Accounting-, CoA- and
 * Disconnect-Request: authenticator zeroed, Message-Authenticator computed, then the Request
 * Authenticator (RFC 5176 §3.4 order).
 */
export function signRequest(packet: Buffer, secret: RadiusSecret): Buffer {
  const code = packet[0] ?? 0;
  if (!isRequestCode(code)) throw new TypeError(`signRequest: code ${code} is not a request; use signResponse`);
  const key = secretBytes(secret);
  const maOffset = findMessageAuthenticator(packet);
  if (hasRandomRequestAuthenticator(code)) {
    if (maOffset >= 0) writeMessageAuthenticator(packet, maOffset, key);
    return packet;
  }
  packet.fill(0, 4, 20);
  if (maOffset >= 0) writeMessageAuthenticator(packet, maOffset, key);
  md5WithSecret(packet, key).copy(packet, 4);
  return packet;
}

/**
 * Sign an encoded response in place and return it: Message-Authenticator (if present) with the
 * request's authenticator in the field, then Response Authenticator =
 * MD5(Code+ID+Length+RequestAuth+Attributes+Secret) (RFC 2865 §3, RFC 3579 §3.2, RFC 5176 §3.4).
 */
export function signResponse(reply: Buffer, request: RequestReference, secret: RadiusSecret): Buffer {
  const code = reply[0] ?? 0;
  if (isRequestCode(code)) throw new TypeError(`signResponse: code ${code} is a request; use signRequest`);
  if (request.authenticator.length !== 16) throw new TypeError("signResponse: the request authenticator must be 16 octets");
  const key = secretBytes(secret);
  const maOffset = findMessageAuthenticator(reply);
  if (maOffset >= 0) {
    reply.set(messageAuthenticatorKeyFor(code, request), 4);
    writeMessageAuthenticator(reply, maOffset, key);
  }
  reply.set(request.authenticator, 4);
  md5WithSecret(reply, key).copy(reply, 4);
  return reply;
}

/**
 * The authenticator-field content under which a response's Message-Authenticator is computed: the
 * request's authenticator (RFC 3579 §3.2 for Access-*, RFC 5176 §3.4 for CoA/Disconnect ACK/NAK). No RFC
 * defines a Message-Authenticator in Accounting-Response; the deployed convention (FreeRADIUS, on both
 * the signing and the verifying side) is a zeroed field, except in a reply to Status-Server.
 */
function messageAuthenticatorKeyFor(code: number, request: RequestReference): Uint8Array {
  if (code === RadiusCode.AccountingResponse && request.code !== RadiusCode.StatusServer) return ZERO_AUTHENTICATOR;
  return request.authenticator;
}

/**
 * Verify a received request against the client's secret. Access-Request / Status-Server: the
 * Message-Authenticator, if present (its Request Authenticator is a nonce and cannot be checked).
 * Accounting-, CoA-, Disconnect-Request: the Request Authenticator, then the Message-Authenticator if present.
 */
export function verifyRequest(packet: RadiusPacket, secret: RadiusSecret, options: VerifyOptions = {}): VerifyResult {
  const code = packet.code;
  if (!isRequestCode(code)) return failure("not-a-request", `Code ${code} is not a request`);
  const key = secretBytes(secret);
  const bytes = packet.bytes;
  const maOffset = packet.messageAuthenticatorOffset;

  if (hasRandomRequestAuthenticator(code)) {
    if (maOffset >= 0) {
      const expected = computeMessageAuthenticator(bytes, maOffset, packet.authenticator, key);
      if (!digestsEqual(expected, bytes.subarray(maOffset + 2, maOffset + 18))) {
        return failure("bad-ma", "Message-Authenticator does not verify (wrong shared secret or altered packet)");
      }
      return OK;
    }
    return options.requireMessageAuthenticator ? failure("missing-ma", "Message-Authenticator is required from this client") : OK;
  }

  // RFC 2866 §3 / RFC 5176 §2.3: MD5 over the packet with a zeroed authenticator, plus the secret.
  const work = packetPlusSecret(bytes, ZERO_AUTHENTICATOR, key);
  if (!digestsEqual(md5(work), packet.authenticator)) {
    return failure("bad-authenticator", "Request Authenticator does not verify (wrong shared secret or altered packet)");
  }
  if (maOffset >= 0) {
    // RFC 5176 §3.4: the MA was computed over the packet with the authenticator still zeroed.
    const unsigned = work.subarray(0, bytes.length).fill(0, maOffset + 2, maOffset + 18);
    if (!digestsEqual(hmacMd5(key, unsigned), bytes.subarray(maOffset + 2, maOffset + 18))) {
      return failure("bad-ma", "Message-Authenticator does not verify");
    }
    return OK;
  }
  return options.requireMessageAuthenticator ? failure("missing-ma", "Message-Authenticator is required from this client") : OK;
}

/**
 * Verify a response to a request we sent: Identifier, reply code (when `request.code` is known),
 * Response Authenticator, then Message-Authenticator if present.
 *
 * For Accounting-Response and CoA/Disconnect ACK/NAK the Message-Authenticator is accepted when computed
 * with the request's authenticator (RFC 5176 §3.4) or with a zeroed one (what FreeRADIUS's rad_sign
 * produces for these codes, so FreeRADIUS-derived NAS software sends it); both are keyed on the secret,
 * and the Response Authenticator binds the reply to the request either way.
 */
export function verifyResponse(
  response: RadiusPacket,
  request: RequestReference,
  secret: RadiusSecret,
  options: VerifyOptions = {},
): VerifyResult {
  if (response.identifier !== request.identifier) {
    return failure("identifier-mismatch", `Identifier ${response.identifier} does not match request ${request.identifier}`);
  }
  if (isRequestCode(response.code) || (request.code !== undefined && !isValidResponseCode(request.code, response.code))) {
    return failure("unexpected-code", `Code ${response.code} is not a reply to code ${String(request.code)}`);
  }
  if (request.authenticator.length !== 16) return failure("bad-authenticator", "Request authenticator must be 16 octets");
  const key = secretBytes(secret);
  const bytes = response.bytes;
  const work = packetPlusSecret(bytes, request.authenticator, key);
  if (!digestsEqual(md5(work), response.authenticator)) {
    return failure("bad-authenticator", "Response Authenticator does not verify (wrong shared secret or not our request)");
  }
  const maOffset = response.messageAuthenticatorOffset;
  if (maOffset < 0) {
    return options.requireMessageAuthenticator ? failure("missing-ma", "Message-Authenticator is required in this response") : OK;
  }
  const received = bytes.subarray(maOffset + 2, maOffset + 18);
  const unsigned = work.subarray(0, bytes.length).fill(0, maOffset + 2, maOffset + 18);
  if (digestsEqual(hmacMd5(key, unsigned), received)) return OK;
  if (acceptsZeroedMessageAuthenticator(response.code)) {
    unsigned.fill(0, 4, 20);
    if (digestsEqual(hmacMd5(key, unsigned), received)) return OK;
  }
  return failure("bad-ma", "Message-Authenticator does not verify");
}

function acceptsZeroedMessageAuthenticator(code: number): boolean {
  return (
    code === RadiusCode.AccountingResponse ||
    code === RadiusCode.CoaAck ||
    code === RadiusCode.CoaNak ||
    code === RadiusCode.DisconnectAck ||
    code === RadiusCode.DisconnectNak
  );
}

function failure(reason: VerifyFailureReason, message: string): VerifyResult {
  return { ok: false, reason, message };
}

/**
 * Offset of the Message-Authenticator attribute in an encoded packet, or -1. Throws on a malformed
 * packet: callers pass packets they encoded themselves.
 */
export function findMessageAuthenticator(packet: Uint8Array): number {
  const length = Math.min(packet.length, ((packet[2] ?? 0) << 8) | (packet[3] ?? 0));
  let offset = HEADER_LENGTH;
  while (offset < length) {
    const attributeLength = packet[offset + 1] ?? 0;
    if (attributeLength < 2 || offset + attributeLength > length) {
      throw new TypeError(`Malformed attribute at offset ${offset}: sign only packets from encodePacket`);
    }
    if (packet[offset] === ATTRIBUTE_MESSAGE_AUTHENTICATOR) {
      if (attributeLength !== 18) throw new TypeError("Message-Authenticator must be 18 octets long");
      return offset;
    }
    offset += attributeLength;
  }
  return -1;
}

// HMAC-MD5 over the packet with the MA field zeroed, computed on a copy, with the authenticator field
// set to `authenticator` (RFC 3579 §3.2). The key is the shared secret.
function computeMessageAuthenticator(bytes: Buffer, maOffset: number, authenticator: Uint8Array, key: Buffer): Buffer {
  const copy = withAuthenticator(bytes, authenticator);
  copy.fill(0, maOffset + 2, maOffset + 18);
  return hmacMd5(key, copy);
}

function writeMessageAuthenticator(packet: Buffer, maOffset: number, key: Buffer): void {
  packet.fill(0, maOffset + 2, maOffset + 18);
  hmacMd5(key, packet).copy(packet, maOffset + 2);
}

function withAuthenticator(bytes: Buffer, authenticator: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafe(bytes.length);
  bytes.copy(copy, 0);
  copy.set(authenticator, 4);
  return copy;
}

// A copy of the packet with `authenticator` in the authenticator field, followed by the secret: the
// input of the authenticator MD5; its first `bytes.length` octets serve for the HMAC afterwards.
function packetPlusSecret(bytes: Buffer, authenticator: Uint8Array, key: Buffer): Buffer {
  const work = Buffer.allocUnsafe(bytes.length + key.length);
  bytes.copy(work, 0);
  work.set(authenticator, 4);
  key.copy(work, bytes.length);
  return work;
}

// MD5(packet + secret) in one shot over one contiguous buffer.
function md5WithSecret(packet: Buffer, key: Buffer): Buffer {
  const input = Buffer.allocUnsafe(packet.length + key.length);
  packet.copy(input, 0);
  key.copy(input, packet.length);
  return md5(input);
}
