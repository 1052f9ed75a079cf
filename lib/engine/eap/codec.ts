// EAP codec (RFC 3748 §4–5) and the EAP-TLS type data (RFC 5216 §3.1–3.2): bytes in, values out. Hostile
// input produces an EapDecodeError value, never an exception; encoding refuses values that cannot be sent.

/** RFC 3748 §4: Code field. */
export const EapCode = { Request: 1, Response: 2, Success: 3, Failure: 4 } as const;
export type EapCode = (typeof EapCode)[keyof typeof EapCode];

/** RFC 3748 §5 and RFC 5216 §3.1: the method types this server speaks or must recognise. */
export const EapType = { Identity: 1, Notification: 2, Nak: 3, Md5Challenge: 4, Tls: 13, Expanded: 254 } as const;
export type EapType = (typeof EapType)[keyof typeof EapType];

/** RFC 5216 §3.1: EAP-TLS flags. The reserved bits are ignored on receipt and sent as zero. */
export const EapTlsFlag = { LengthIncluded: 0x80, MoreFragments: 0x40, Start: 0x20 } as const;

/** RFC 3748 §4: the header is Code, Identifier, Length (2). */
export const EAP_HEADER_LENGTH = 4;

export type EapPacket =
  | { code: typeof EapCode.Success | typeof EapCode.Failure; identifier: number }
  | {
      code: typeof EapCode.Request | typeof EapCode.Response;
      identifier: number;
      type: number;
      /** The Type-Data: a view into the input (do not modify). */
      data: Buffer;
    };

export type EapDecodeErrorCode =
  /** Fewer than 4 octets. */
  | "truncated-header"
  /** Code is not 1–4. */
  | "unknown-code"
  /** Length below 4, or a Request/Response without a Type octet. */
  | "length-too-small"
  /** Length larger than the octets received. */
  | "length-exceeds-buffer"
  /** RFC 3748 §4.2: Success and Failure have no data (Length 4). */
  | "unexpected-data";

export interface EapDecodeError {
  code: EapDecodeErrorCode;
  message: string;
}

export type EapDecodeResult = { ok: true; packet: EapPacket } | { ok: false; error: EapDecodeError };

function failure(code: EapDecodeErrorCode, message: string): { ok: false; error: EapDecodeError } {
  return { ok: false, error: { code, message } };
}

/**
 * Decodes one EAP packet. Octets beyond Length are link-layer padding and ignored (RFC 3748 §4.1); the
 * Type-Data is a view into `bytes`.
 */
export function decodeEap(bytes: Buffer): EapDecodeResult {
  if (bytes.length < EAP_HEADER_LENGTH) {
    return failure("truncated-header", `${bytes.length} octets is shorter than the 4-octet EAP header`);
  }
  const code = bytes[0] ?? 0;
  const identifier = bytes[1] ?? 0;
  const length = bytes.readUInt16BE(2);
  if (code < 1 || code > 4) return failure("unknown-code", `Unknown EAP code ${code}`);
  if (length < EAP_HEADER_LENGTH) return failure("length-too-small", `EAP Length ${length} is below 4`);
  if (length > bytes.length) {
    return failure("length-exceeds-buffer", `EAP Length ${length} exceeds the ${bytes.length} octets received`);
  }
  if (code === EapCode.Success || code === EapCode.Failure) {
    if (length !== EAP_HEADER_LENGTH) return failure("unexpected-data", `EAP ${eapCodeName(code)} with Length ${length}, not 4`);
    return { ok: true, packet: { code, identifier } };
  }
  if (length < EAP_HEADER_LENGTH + 1) {
    return failure("length-too-small", `EAP ${eapCodeName(code as EapCode)} without a Type octet`);
  }
  return {
    ok: true,
    packet: {
      code: code as typeof EapCode.Request | typeof EapCode.Response,
      identifier,
      type: bytes[4] ?? 0,
      data: bytes.subarray(5, length),
    },
  };
}

/** Encodes one EAP packet; Type-Data of a Request/Response is limited by the 16-bit Length field. */
export function encodeEap(packet: EapPacket): Buffer {
  assertOctet(packet.identifier, "EAP Identifier");
  if (!("type" in packet)) return Buffer.from([packet.code, packet.identifier, 0, EAP_HEADER_LENGTH]);
  assertOctet(packet.type, "EAP Type");
  const length = EAP_HEADER_LENGTH + 1 + packet.data.length;
  if (length > 0xffff) throw new RangeError(`EAP packet of ${length} octets exceeds the 16-bit Length field`);
  const out = Buffer.allocUnsafe(length);
  out[0] = packet.code;
  out[1] = packet.identifier;
  out.writeUInt16BE(length, 2);
  out[4] = packet.type;
  out.set(packet.data, 5);
  return out;
}

export function eapCodeName(code: EapCode): string {
  return code === 1 ? "Request" : code === 2 ? "Response" : code === 3 ? "Success" : "Failure";
}

/** RFC 3748 §5.1: the Identity is UTF-8 text without a terminating NUL (some peers add one: trimmed). */
export function identityOf(data: Buffer): string {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  return data.subarray(0, end).toString("utf8");
}

/** RFC 3748 §5.3.1: a Legacy Nak lists the desired authentication types (0 = none acceptable). */
export function nakTypes(data: Buffer): number[] {
  return [...data];
}

/** RFC 5216 §3.1–3.2: one EAP-TLS message. */
export interface EapTlsMessage {
  flags: { lengthIncluded: boolean; moreFragments: boolean; start: boolean };
  /** TLS Message Length when the L flag is set: the total of all fragments. */
  tlsMessageLength: number | undefined;
  /** TLS data of this fragment: a view into the input. */
  data: Buffer;
}

export type EapTlsDecodeErrorCode =
  /** No Flags octet. */
  | "missing-flags"
  /** L set but fewer than 4 octets of TLS Message Length follow. */
  | "truncated-length"
  /** TLS Message Length smaller than this fragment's data. */
  | "length-below-fragment";

export type EapTlsDecodeResult =
  { ok: true; message: EapTlsMessage } | { ok: false; error: { code: EapTlsDecodeErrorCode; message: string } };

/** Decodes the Type-Data of an EAP-TLS (type 13) Request or Response. */
export function decodeEapTls(data: Buffer): EapTlsDecodeResult {
  if (data.length < 1) return { ok: false, error: { code: "missing-flags", message: "EAP-TLS without a Flags octet" } };
  const flagsOctet = data[0] ?? 0;
  const lengthIncluded = (flagsOctet & EapTlsFlag.LengthIncluded) !== 0;
  const flags = {
    lengthIncluded,
    moreFragments: (flagsOctet & EapTlsFlag.MoreFragments) !== 0,
    start: (flagsOctet & EapTlsFlag.Start) !== 0,
  };
  if (!lengthIncluded) return { ok: true, message: { flags, tlsMessageLength: undefined, data: data.subarray(1) } };
  if (data.length < 5) {
    return {
      ok: false,
      error: { code: "truncated-length", message: "EAP-TLS L flag set but the TLS Message Length is truncated" },
    };
  }
  const tlsMessageLength = data.readUInt32BE(1);
  const fragment = data.subarray(5);
  if (tlsMessageLength < fragment.length) {
    return {
      ok: false,
      error: {
        code: "length-below-fragment",
        message: `EAP-TLS Message Length ${tlsMessageLength} is smaller than the ${fragment.length}-octet fragment`,
      },
    };
  }
  return { ok: true, message: { flags, tlsMessageLength, data: fragment } };
}

/** Encodes EAP-TLS Type-Data: Flags, the TLS Message Length when given (sets L), then the data. */
export function encodeEapTls({
  start = false,
  moreFragments = false,
  tlsMessageLength,
  data = EMPTY,
}: {
  start?: boolean;
  moreFragments?: boolean;
  tlsMessageLength?: number;
  data?: Buffer;
}): Buffer {
  const hasLength = tlsMessageLength !== undefined;
  const flags =
    (hasLength ? EapTlsFlag.LengthIncluded : 0) | (moreFragments ? EapTlsFlag.MoreFragments : 0) | (start ? EapTlsFlag.Start : 0);
  const out = Buffer.allocUnsafe(1 + (hasLength ? 4 : 0) + data.length);
  out[0] = flags;
  if (hasLength) out.writeUInt32BE(tlsMessageLength, 1);
  out.set(data, hasLength ? 5 : 1);
  return out;
}

const EMPTY = Buffer.alloc(0);

function assertOctet(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`${what} must be an integer in 0..255`);
}
