// Encoding: attribute list → packet octets. Values that do not fit are reported as typed errors; nothing
// is silently truncated or dropped. Signing (authenticators, Message-Authenticator) is in authenticator.ts;
// encodeRequest / encodeResponse do both in one call.
import { encryptSalted, hideUserPassword, MAX_USER_PASSWORD_LENGTH, saltedCiphertextLength } from "./attribute-crypto";
import { signRequest, signResponse, type RequestReference } from "./authenticator";
import {
  hasRandomRequestAuthenticator,
  isRadiusCode,
  isRequestCode,
  RadiusCode,
  type RequestCode,
  type ResponseCode,
} from "./codes";
import { randomBytes as defaultRandomBytes, secretBytes, type RadiusSecret } from "./crypto";
import {
  getAttributeDefinition,
  type AttributeDefinition,
  type AttributeInputValue,
  type AttributeName,
  type TaggedAttributeName,
} from "./dictionary";
import { ATTRIBUTE_MESSAGE_AUTHENTICATOR, ATTRIBUTE_VENDOR_SPECIFIC, HEADER_LENGTH, MAX_PACKET_LENGTH } from "./packet";
import { encodePlainValue, MAX_TAG } from "./values";

/** An attribute by dictionary name. `tag` applies to RFC 2868 tagged attributes (1–31; 0 = none). */
export type NamedAttributeInput =
  | {
      [N in Exclude<AttributeName, "Vendor-Specific" | "Message-Authenticator">]: {
        readonly name: N;
        readonly value: AttributeInputValue<N>;
        readonly tag?: N extends TaggedAttributeName ? number : never;
      };
    }[Exclude<AttributeName, "Vendor-Specific" | "Message-Authenticator">]
  /** A zeroed placeholder, filled in by signing. */
  | { readonly name: "Message-Authenticator"; readonly value?: Uint8Array };

/** An attribute by number, value as octets: `{ type }` is a standard attribute, `{ vendorId, vendorType }` a VSA. */
export type RawAttributeInput =
  | { readonly type: number; readonly value: Uint8Array }
  | { readonly vendorId: number; readonly vendorType: number; readonly value: Uint8Array };

export type AttributeInput = NamedAttributeInput | RawAttributeInput;

export interface PacketInput {
  readonly code: RadiusCode;
  readonly identifier: number;
  /**
   * Authenticator field. Default: 16 random octets for Access-Request / Status-Server (RFC 2865 §3),
   * zeros for everything else (filled in by signing).
   */
  readonly authenticator?: Uint8Array;
  readonly attributes: readonly AttributeInput[];
}

export interface EncodeOptions {
  /** Needed when an attribute is encrypted (User-Password, Tunnel-Password, MS-MPPE keys). */
  readonly secret?: RadiusSecret;
  /**
   * For a response carrying Tunnel-Password or MS-MPPE keys: the Request Authenticator of the request
   * being answered, which keys the salted encryption (RFC 2868 §3.5, RFC 2548 §2.4.2).
   */
  readonly requestAuthenticator?: Uint8Array;
  /** Put a zeroed Message-Authenticator first (BlastRADIUS hardening); signing fills it in. */
  readonly messageAuthenticator?: boolean;
  /** Source of random octets (authenticators, salts); for deterministic tests. */
  readonly randomBytes?: (length: number) => Uint8Array;
}

export type EncodeErrorCode =
  | "invalid-code"
  | "invalid-identifier"
  | "invalid-authenticator"
  | "unknown-attribute"
  /** Vendor-Specific by name, or a raw Message-Authenticator: use vendor attributes / the placeholder. */
  | "not-encodable"
  | "invalid-value"
  | "invalid-tag"
  /** RFC 2865 §5: only a few attributes may be empty (Chargeable-User-Identity). */
  | "empty-value"
  /** The value does not fit one attribute (253 octets, 247 in a VSA, 128 for User-Password). */
  | "value-too-long"
  /** The packet would exceed 4096 octets (RFC 2865 §3). */
  | "packet-too-large"
  | "missing-secret"
  | "missing-request-authenticator"
  | "duplicate-message-authenticator";

export interface EncodeError {
  readonly code: EncodeErrorCode;
  readonly message: string;
  /** Name (or number) of the attribute at fault. */
  readonly attribute?: string;
  /** Index of that attribute in the input list. */
  readonly index?: number;
}

export type EncodeResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: EncodeError };

const MAX_STANDARD_VALUE = 253; // 255 − type − length
const MAX_VENDOR_VALUE = 247; // 255 − type − length − vendor id (4) − vendor type − vendor length
const ZERO_AUTHENTICATOR = Buffer.alloc(16);

// Packets are assembled in one reusable buffer and copied out at the end: one allocation per packet.
// Encoding is synchronous, so the buffer is never shared between two calls.
const scratch = Buffer.alloc(MAX_PACKET_LENGTH);

class EncodeFailure {
  constructor(readonly error: EncodeError) {}
}

/** Encode a packet. Authenticators are left for signRequest / signResponse (see encodeRequest / encodeResponse). */
export function encodePacket(input: PacketInput, options: EncodeOptions = {}): EncodeResult {
  if (!isRadiusCode(input.code)) return failure("invalid-code", `Unknown packet code ${String(input.code)}`);
  if (!Number.isInteger(input.identifier) || input.identifier < 0 || input.identifier > 255) {
    return failure("invalid-identifier", "Identifier must be an integer in 0..255");
  }
  const random = options.randomBytes ?? defaultRandomBytes;
  let authenticator: Uint8Array;
  if (input.authenticator !== undefined) {
    if (input.authenticator.length !== 16) return failure("invalid-authenticator", "Authenticator must be 16 octets");
    authenticator = input.authenticator;
  } else if (hasRandomRequestAuthenticator(input.code)) {
    authenticator = random(16);
  } else {
    authenticator = ZERO_AUTHENTICATOR;
  }

  const writer = new PacketWriter(input.code, authenticator, options, random);
  try {
    if (options.messageAuthenticator) writer.messageAuthenticator("Message-Authenticator", 0);
    input.attributes.forEach((attribute, index) => writer.attribute(attribute, index));
  } catch (caught) {
    if (caught instanceof EncodeFailure) return { ok: false, error: caught.error };
    throw caught;
  }

  scratch[0] = input.code;
  scratch[1] = input.identifier;
  scratch.writeUInt16BE(writer.length, 2);
  scratch.set(authenticator.subarray(0, 16), 4);
  return { ok: true, bytes: Buffer.from(scratch.subarray(0, writer.length)) };
}

export interface RequestInput extends PacketInput {
  readonly code: RequestCode;
}

export interface SignedEncodeOptions {
  /**
   * Add a Message-Authenticator (first). Default: true, except for Accounting-Request and
   * Accounting-Response, where no RFC defines it and accounting peers do not expect it.
   */
  readonly messageAuthenticator?: boolean;
  readonly randomBytes?: (length: number) => Uint8Array;
}

/**
 * Encode and sign a request: Access-Request / Status-Server get a random Request Authenticator (or the
 * one given) and hide User-Password with it; Accounting-, CoA- and Disconnect-Request get the
 * Message-Authenticator over a zeroed authenticator, then the Request Authenticator (RFC 5176 §3.4).
 */
export function encodeRequest(input: RequestInput, secret: RadiusSecret, options: SignedEncodeOptions = {}): EncodeResult {
  if (!isRequestCode(input.code)) return failure("invalid-code", `${input.code} is not a request code`);
  const secretBuffer = secretBytes(secret);
  const result = encodePacket(input, {
    secret: secretBuffer,
    messageAuthenticator: options.messageAuthenticator ?? input.code !== RadiusCode.AccountingRequest,
    randomBytes: options.randomBytes,
  });
  if (!result.ok) return result;
  return { ok: true, bytes: signRequest(result.bytes, secretBuffer) };
}

export interface ResponseInput {
  readonly code: ResponseCode;
  /** Defaults to the request's Identifier. */
  readonly identifier?: number;
  readonly attributes: readonly AttributeInput[];
}

/**
 * Encode and sign a response to `request`: Message-Authenticator first (see SignedEncodeOptions),
 * computed with the request's authenticator, then the Response Authenticator (RFC 2865 §3,
 * RFC 3579 §3.2). Salted attributes (Tunnel-Password, MS-MPPE keys) are encrypted with the request's
 * authenticator. Pass the decoded request (or at least its code) so Status-Server replies are signed right.
 */
export function encodeResponse(
  input: ResponseInput,
  request: RequestReference,
  secret: RadiusSecret,
  options: SignedEncodeOptions = {},
): EncodeResult {
  if (isRequestCode(input.code)) return failure("invalid-code", `${input.code} is not a response code`);
  const secretBuffer = secretBytes(secret);
  const result = encodePacket(
    { code: input.code, identifier: input.identifier ?? request.identifier, attributes: input.attributes },
    {
      secret: secretBuffer,
      requestAuthenticator: request.authenticator,
      messageAuthenticator: options.messageAuthenticator ?? input.code !== RadiusCode.AccountingResponse,
      randomBytes: options.randomBytes,
    },
  );
  if (!result.ok) return result;
  return { ok: true, bytes: signResponse(result.bytes, request, secretBuffer) };
}

function failure(code: EncodeErrorCode, message: string, attribute?: string, index?: number): EncodeResult {
  return { ok: false, error: { code, message, attribute, index } };
}

function fail(code: EncodeErrorCode, message: string, attribute?: string, index?: number): never {
  throw new EncodeFailure({ code, message, attribute, index });
}

class PacketWriter {
  length = HEADER_LENGTH;
  #hasMessageAuthenticator = false;
  #secret: Buffer | undefined;
  readonly #salts: number[] = [];

  constructor(
    private readonly code: RadiusCode,
    private readonly authenticator: Uint8Array,
    private readonly options: EncodeOptions,
    private readonly random: (length: number) => Uint8Array,
  ) {}

  attribute(input: AttributeInput, index: number): void {
    if ("name" in input) {
      this.named(input, index);
    } else if ("vendorId" in input) {
      this.rawVendor(input, index);
    } else {
      this.rawStandard(input, index);
    }
  }

  messageAuthenticator(label: string, index: number): void {
    if (this.#hasMessageAuthenticator) {
      fail("duplicate-message-authenticator", "Only one Message-Authenticator per packet", label, index);
    }
    this.#hasMessageAuthenticator = true;
    this.#reserve(18, label, index);
    scratch[this.length] = ATTRIBUTE_MESSAGE_AUTHENTICATOR;
    scratch[this.length + 1] = 18;
    scratch.fill(0, this.length + 2, this.length + 18);
    this.length += 18;
  }

  private named(input: { readonly name: string; readonly value?: unknown; readonly tag?: number }, index: number): void {
    const definition = getAttributeDefinition(input.name);
    if (!definition) fail("unknown-attribute", `Unknown attribute "${input.name}"`, input.name, index);
    const name = definition.name;
    if (definition.type === "vsa") {
      fail(
        "not-encodable",
        "Vendor-Specific is a container: pass vendor attributes by name or as { vendorId, vendorType, value }",
        name,
        index,
      );
    }
    if (definition.code === ATTRIBUTE_MESSAGE_AUTHENTICATOR && definition.vendorId === undefined) {
      this.messageAuthenticator(name, index);
      return;
    }
    if (input.tag !== undefined) {
      if (!definition.tagged) fail("invalid-tag", `${name} does not take a tag`, name, index);
      if (!Number.isInteger(input.tag) || input.tag < 0 || input.tag > MAX_TAG) {
        fail("invalid-tag", "Tags are integers in 0..31 (RFC 2868 §3.1)", name, index);
      }
    }
    const value = this.#valueOctets(definition, input.value, input.tag ?? 0, index);
    const maxValue = definition.vendorId === undefined ? MAX_STANDARD_VALUE : MAX_VENDOR_VALUE;
    if (definition.concat && definition.vendorId === undefined) {
      // RFC 3579 §3.1: split into consecutive attributes of at most 253 octets.
      for (let offset = 0; offset < value.length; offset += MAX_STANDARD_VALUE) {
        this.#writeStandard(definition.code, value.subarray(offset, offset + MAX_STANDARD_VALUE), name, index);
      }
      return;
    }
    if (value.length > maxValue) {
      fail("value-too-long", `${name} is ${value.length} octets; at most ${maxValue} fit`, name, index);
    }
    if (definition.vendorId === undefined) this.#writeStandard(definition.code, value, name, index);
    else this.#writeVendor(definition.vendorId, definition.code, value, name, index);
  }

  private rawStandard(input: { readonly type: number; readonly value: Uint8Array }, index: number): void {
    const label = `Attr-${String(input.type)}`;
    if (!Number.isInteger(input.type) || input.type < 1 || input.type > 255) {
      fail("invalid-value", "Attribute type must be an integer in 1..255", label, index);
    }
    if (input.type === ATTRIBUTE_MESSAGE_AUTHENTICATOR) {
      fail("not-encodable", 'Use { name: "Message-Authenticator" } or the messageAuthenticator option', label, index);
    }
    if (!(input.value instanceof Uint8Array)) fail("invalid-value", "Raw values are bytes", label, index);
    if (input.value.length > MAX_STANDARD_VALUE) {
      fail("value-too-long", `${label} is ${input.value.length} octets; at most 253 fit`, label, index);
    }
    this.#writeStandard(input.type, input.value, label, index);
  }

  private rawVendor(
    input: { readonly vendorId: number; readonly vendorType: number; readonly value: Uint8Array },
    index: number,
  ): void {
    const label = `Attr-26.${String(input.vendorId)}.${String(input.vendorType)}`;
    if (!Number.isInteger(input.vendorId) || input.vendorId < 1 || input.vendorId > 0xffffff) {
      fail("invalid-value", "Vendor id must be an integer in 1..16777215 (RFC 2865 §5.26)", label, index);
    }
    if (!Number.isInteger(input.vendorType) || input.vendorType < 0 || input.vendorType > 255) {
      fail("invalid-value", "Vendor type must be an integer in 0..255", label, index);
    }
    if (!(input.value instanceof Uint8Array)) fail("invalid-value", "Raw values are bytes", label, index);
    if (input.value.length > MAX_VENDOR_VALUE) {
      fail("value-too-long", `${label} is ${input.value.length} octets; at most 247 fit`, label, index);
    }
    this.#writeVendor(input.vendorId, input.vendorType, input.value, label, index);
  }

  #valueOctets(definition: AttributeDefinition, value: unknown, tag: number, index: number): Uint8Array {
    const name = definition.name;
    if (definition.encrypt) return this.#encrypted(definition, value, tag, index);
    const encoded = encodePlainValue(definition, value);
    if (!encoded.ok) fail("invalid-value", encoded.message, name, index);
    const bytes = encoded.bytes;
    if (bytes.length === 0 && !definition.allowEmpty) {
      fail("empty-value", `${name} cannot be empty (RFC 2865 §5)`, name, index);
    }
    if (definition.fixedLength !== undefined && bytes.length !== definition.fixedLength) {
      fail("invalid-value", `${name} must be exactly ${definition.fixedLength} octets`, name, index);
    }
    if (!definition.tagged) return bytes;
    if (definition.type === "integer") {
      // RFC 2868 §3.1: the tag takes the high octet; the value has 24 bits.
      if (bytes[0] !== 0) fail("invalid-value", `${name} takes a 24-bit value when tagged`, name, index);
      bytes[0] = tag;
      return bytes;
    }
    // RFC 2868 §3.3: an untagged string starting with 0x00–0x1F would be read as a tag; prefix 0x00.
    if (tag > 0 || (bytes[0] ?? 0xff) <= MAX_TAG) return Buffer.concat([Buffer.of(tag), bytes]);
    return bytes;
  }

  #encrypted(definition: AttributeDefinition, value: unknown, tag: number, index: number): Uint8Array {
    const name = definition.name;
    let plain: Uint8Array;
    if (typeof value === "string") plain = Buffer.from(value, "utf8");
    else if (value instanceof Uint8Array) plain = value;
    else fail("invalid-value", `${name} takes a string or bytes`, name, index);
    const secret = this.#secretOrFail(name, index);
    const requestAuthenticator = this.#encryptionAuthenticator(name, index);

    if (definition.encrypt === "user-password") {
      if (plain.length > MAX_USER_PASSWORD_LENGTH) {
        fail("value-too-long", `${name} is ${plain.length} octets; RFC 2865 §5.2 allows 128`, name, index);
      }
      return hideUserPassword(plain, secret, requestAuthenticator);
    }

    const prefix = definition.tagged ? 1 : 0;
    const maxValue = definition.vendorId === undefined ? MAX_STANDARD_VALUE : MAX_VENDOR_VALUE;
    if (plain.length > 255 || prefix + saltedCiphertextLength(plain.length) > maxValue) {
      fail("value-too-long", `${name} of ${plain.length} octets does not fit once salted and padded`, name, index);
    }
    const encrypted = encryptSalted(plain, secret, requestAuthenticator, this.#uniqueSalt());
    if (!prefix) return encrypted;
    // RFC 2868 §3.5: Tunnel-Password always carries the Tag octet (0 when unused).
    const out = Buffer.allocUnsafe(1 + encrypted.length);
    out[0] = tag;
    out.set(encrypted, 1);
    return out;
  }

  #secretOrFail(name: string, index: number): Buffer {
    if (!this.#secret) {
      if (this.options.secret === undefined) fail("missing-secret", `${name} is encrypted: pass the shared secret`, name, index);
      this.#secret = secretBytes(this.options.secret);
    }
    return this.#secret;
  }

  /**
   * Access-Request / Status-Server: the packet's own Request Authenticator (RFC 2865 §5.2).
   * Accounting-, CoA-, Disconnect-Request: 16 zero octets, as their authenticator is computed over the
   * encrypted attributes (FreeRADIUS does the same). Responses: the request's authenticator.
   */
  #encryptionAuthenticator(name: string, index: number): Uint8Array {
    if (hasRandomRequestAuthenticator(this.code)) return this.authenticator;
    if (isRequestCode(this.code)) return ZERO_AUTHENTICATOR;
    const requestAuthenticator = this.options.requestAuthenticator;
    if (!requestAuthenticator || requestAuthenticator.length !== 16) {
      fail("missing-request-authenticator", `${name} in a response is keyed on the request's authenticator`, name, index);
    }
    return requestAuthenticator;
  }

  // RFC 2868 §3.5: high bit set, unique among the salts of one packet.
  #uniqueSalt(): number {
    for (;;) {
      const bytes = this.random(2);
      const salt = 0x8000 | (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0));
      if (!this.#salts.includes(salt)) {
        this.#salts.push(salt);
        return salt;
      }
    }
  }

  #reserve(octets: number, label: string, index: number): void {
    if (this.length + octets > MAX_PACKET_LENGTH) {
      fail("packet-too-large", `Adding ${label} makes the packet exceed 4096 octets`, label, index);
    }
  }

  #writeStandard(type: number, value: Uint8Array, label: string, index: number): void {
    this.#reserve(2 + value.length, label, index);
    scratch[this.length] = type;
    scratch[this.length + 1] = 2 + value.length;
    scratch.set(value, this.length + 2);
    this.length += 2 + value.length;
  }

  // RFC 2865 §5.26: one vendor attribute per Vendor-Specific, the interoperable layout.
  #writeVendor(vendorId: number, vendorType: number, value: Uint8Array, label: string, index: number): void {
    const total = 2 + 4 + 2 + value.length;
    this.#reserve(total, label, index);
    const at = this.length;
    scratch[at] = ATTRIBUTE_VENDOR_SPECIFIC;
    scratch[at + 1] = total;
    scratch.writeUInt32BE(vendorId, at + 2);
    scratch[at + 6] = vendorType;
    scratch[at + 7] = 2 + value.length;
    scratch.set(value, at + 8);
    this.length += total;
  }
}
