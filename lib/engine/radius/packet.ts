// Decoding: bytes → RadiusPacket. One pass validates the header and every attribute length and records
// where each attribute's value lives; values are views (subarray) into the datagram and are decoded to
// typed values only when asked for. Hostile input produces a DecodeError value, never an exception.
import { decryptSalted, unhideUserPassword } from "./attribute-crypto";
import { hasRandomRequestAuthenticator, isRadiusCode, isRequestCode, RadiusCode } from "./codes";
import { asBuffer, secretBytes, type RadiusSecret } from "./crypto";
import {
  attributeKey,
  definitionForKey,
  getAttributeDefinition,
  unknownAttributeName,
  type AttributeDefinition,
  type AttributeName,
  type AttributeValue,
  type EncryptedAttributeName,
} from "./dictionary";
import { decodeTypedValue, type DecodedAttributeValue } from "./values";

/** RFC 2865 §3: minimum and maximum Length. */
export const HEADER_LENGTH = 20;
export const MAX_PACKET_LENGTH = 4096;

export const ATTRIBUTE_VENDOR_SPECIFIC = 26;
export const ATTRIBUTE_EAP_MESSAGE = 79;
export const ATTRIBUTE_MESSAGE_AUTHENTICATOR = 80;

export type DecodeErrorCode =
  /** Fewer than 20 octets: no complete header (RFC 2865 §3). */
  | "truncated-header"
  /** Code field is not a known RADIUS packet code. */
  | "unknown-code"
  /** Length field < 20. */
  | "length-too-small"
  /** Length field > 4096. */
  | "length-too-large"
  /** Length field larger than the datagram (RFC 2865 §3: silently discard). */
  | "length-exceeds-buffer"
  /** A single octet is left where an attribute header (type + length) should be. */
  | "attribute-header-truncated"
  /** Attribute type 0 is reserved. */
  | "invalid-attribute-type"
  /** Attribute Length octet is 0 or 1 (it counts its own two header octets). */
  | "invalid-attribute-length"
  /** Attribute Length runs past the end of the packet. */
  | "attribute-overflow"
  /** Message-Authenticator is not exactly 18 octets long (RFC 3579 §3.2). */
  | "invalid-message-authenticator-length"
  /** More than one Message-Authenticator: ambiguous, never legitimate. */
  | "duplicate-message-authenticator"
  /**
   * An Access-* packet with EAP-Message but no Message-Authenticator (RFC 3579 §3.2), or Status-Server
   * without it (RFC 5997 §3): such packets are to be silently discarded.
   */
  | "missing-message-authenticator";

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly message: string;
  /** Byte offset in the datagram of the offending field. */
  readonly offset: number;
}

export type DecodeResult =
  { readonly ok: true; readonly packet: RadiusPacket } | { readonly ok: false; readonly error: DecodeError };

/** One attribute as it appears on the wire; vendor attributes are unpacked from Vendor-Specific. */
export interface RadiusAttribute {
  /** Attribute type octet: 26 for vendor attributes. */
  readonly type: number;
  /** Vendor id for an attribute unpacked from Vendor-Specific. */
  readonly vendorId: number | undefined;
  readonly vendorType: number | undefined;
  /** Dictionary name, or `Attr-N` / `Attr-26.V.T` when the dictionary lacks it. */
  readonly name: string;
  readonly definition: AttributeDefinition | undefined;
  /** The value octets: a view into the received datagram (do not modify). */
  readonly value: Buffer;
  /** Offset of this attribute's header (type octet, or vendor-type octet for a VSA) in the packet. */
  readonly offset: number;
}

export interface DecodedAttribute<V = DecodedAttributeValue> {
  readonly name: string;
  readonly value: V;
  /** RFC 2868 Tag octet, when the attribute carries one. */
  readonly tag: number | undefined;
  readonly raw: Buffer;
  readonly offset: number;
}

// Flat attribute table: four numbers per attribute.
const KEY = 0; // type, or vendorId * 256 + vendorType; 26 for a Vendor-Specific kept raw
const START = 1; // value start offset
const END = 2; // value end offset
const OFFSET = 3; // header offset
const STRIDE = 4;

export class RadiusPacket {
  readonly code: RadiusCode;
  readonly identifier: number;
  /** Value of the Length field; `bytes.length === length`. */
  readonly length: number;
  /** The packet's octets (without any padding beyond Length): a view into the datagram. */
  readonly bytes: Buffer;
  /** Request or Response Authenticator: a view into `bytes`. */
  readonly authenticator: Buffer;
  /** Offset of the Message-Authenticator attribute header, or -1 when absent. */
  readonly messageAuthenticatorOffset: number;
  readonly #table: readonly number[];
  #attributes: readonly RadiusAttribute[] | undefined;

  /** @internal Use decodePacket. */
  constructor(bytes: Buffer, table: readonly number[], messageAuthenticatorOffset: number) {
    this.bytes = bytes;
    this.code = bytes[0] as RadiusCode;
    this.identifier = bytes[1] ?? 0;
    this.length = bytes.length;
    this.authenticator = bytes.subarray(4, 20);
    this.messageAuthenticatorOffset = messageAuthenticatorOffset;
    this.#table = table;
  }

  /** The Message-Authenticator value (16 octets), if present. */
  get messageAuthenticator(): Buffer | undefined {
    const offset = this.messageAuthenticatorOffset;
    return offset < 0 ? undefined : this.bytes.subarray(offset + 2, offset + 18);
  }

  get isRequest(): boolean {
    return isRequestCode(this.code);
  }

  /** Number of attributes (vendor attributes counted one by one). */
  get attributeCount(): number {
    return this.#table.length / STRIDE;
  }

  /** All attributes in wire order. Built on first call, then cached. */
  attributes(): readonly RadiusAttribute[] {
    if (this.#attributes) return this.#attributes;
    const table = this.#table;
    const list: RadiusAttribute[] = [];
    for (let i = 0; i < table.length; i += STRIDE) list.push(this.#attributeAt(i));
    this.#attributes = list;
    return list;
  }

  /** True when at least one attribute with this name is present (valid or not). */
  has(name: AttributeName): boolean {
    const key = keyOf(name);
    const table = this.#table;
    for (let i = 0; i < table.length; i += STRIDE) if (table[i + KEY] === key) return true;
    return false;
  }

  /**
   * The first valid value of an attribute, decoded to its dictionary type, or undefined. Attributes
   * whose octets are not a valid encoding (e.g. a 2-octet NAS-IP-Address) are skipped, as FreeRADIUS
   * treats them as unknown. EAP-Message returns the concatenation of all its fragments (RFC 3579 §3.1).
   */
  get<N extends AttributeName>(name: N): AttributeValue<N> | undefined {
    const definition = definitionOf(name);
    if (definition.concat) return this.#joined(definition) as AttributeValue<N> | undefined;
    const key = keyOf(name);
    const table = this.#table;
    for (let i = 0; i < table.length; i += STRIDE) {
      if (table[i + KEY] !== key) continue;
      const typed = decodeTypedValue(definition, this.bytes.subarray(table[i + START], table[i + END]));
      if (typed) return typed.value as AttributeValue<N>;
    }
    return undefined;
  }

  /** All valid values of an attribute, in wire order. */
  getAll<N extends AttributeName>(name: N): AttributeValue<N>[] {
    const definition = definitionOf(name);
    if (definition.concat) {
      const joined = this.#joined(definition);
      return joined ? [joined as AttributeValue<N>] : [];
    }
    return this.getAttributes(name).map((attribute) => attribute.value);
  }

  /** All valid occurrences with their tags, raw octets and offsets. */
  getAttributes<N extends AttributeName>(name: N): DecodedAttribute<AttributeValue<N>>[] {
    const definition = definitionOf(name);
    const key = keyOf(name);
    const table = this.#table;
    const out: DecodedAttribute<AttributeValue<N>>[] = [];
    for (let i = 0; i < table.length; i += STRIDE) {
      if (table[i + KEY] !== key) continue;
      const raw = this.bytes.subarray(table[i + START], table[i + END]);
      const typed = decodeTypedValue(definition, raw);
      if (typed) {
        out.push({
          name: definition.name,
          value: typed.value as AttributeValue<N>,
          tag: typed.tag,
          raw,
          offset: table[i + OFFSET] ?? 0,
        });
      }
    }
    return out;
  }

  /** Raw octets of the first occurrence (valid or not), without tag handling. */
  getRaw(name: AttributeName): Buffer | undefined {
    const key = keyOf(name);
    const table = this.#table;
    for (let i = 0; i < table.length; i += STRIDE) {
      if (table[i + KEY] === key) return this.bytes.subarray(table[i + START], table[i + END]);
    }
    return undefined;
  }

  /**
   * Plaintext of the first decryptable occurrence of an encrypted attribute: User-Password
   * (RFC 2865 §5.2), Tunnel-Password (RFC 2868 §3.5), MS-MPPE-Send-Key / -Recv-Key (RFC 2548 §2.4).
   *
   * The key stream depends on a Request Authenticator: this packet's own for Access-Request; 16 zero
   * octets for Accounting-, CoA- and Disconnect-Request (their authenticator covers the encrypted
   * attributes, so it cannot key them); for a response, pass the authenticator of the request it answers.
   */
  decrypt(name: EncryptedAttributeName, secret: RadiusSecret, requestAuthenticator?: Uint8Array): Buffer | undefined {
    return this.decryptAll(name, secret, requestAuthenticator)[0]?.value;
  }

  decryptAll(
    name: EncryptedAttributeName,
    secret: RadiusSecret,
    requestAuthenticator?: Uint8Array,
  ): { value: Buffer; tag: number | undefined }[] {
    const definition = definitionOf(name);
    const authenticator = requestAuthenticator ?? this.#ownEncryptionAuthenticator();
    if (!authenticator || authenticator.length !== 16) {
      throw new TypeError(`decrypt(${name}) of a ${this.code} packet needs the request's authenticator`);
    }
    const secretBuffer = secretBytes(secret);
    const out: { value: Buffer; tag: number | undefined }[] = [];
    for (const attribute of this.getAttributes(name)) {
      const hidden = attribute.value as Buffer;
      const plain =
        definition.encrypt === "user-password"
          ? unhideUserPassword(hidden, secretBuffer, authenticator)
          : decryptSalted(hidden, secretBuffer, authenticator);
      if (plain) out.push({ value: plain, tag: attribute.tag });
    }
    return out;
  }

  /** Typed value of one attribute from `attributes()`, or undefined when its octets are not valid for its type. */
  decodeValue(attribute: RadiusAttribute): DecodedAttributeValue | undefined {
    if (!attribute.definition) return undefined;
    return decodeTypedValue(attribute.definition, attribute.value)?.value;
  }

  #ownEncryptionAuthenticator(): Buffer | undefined {
    if (hasRandomRequestAuthenticator(this.code)) return this.authenticator;
    if (isRequestCode(this.code)) return ZERO_AUTHENTICATOR;
    return undefined;
  }

  #joined(definition: AttributeDefinition): Buffer | undefined {
    const key = attributeKey(definition.code, definition.vendorId);
    const table = this.#table;
    const parts: Buffer[] = [];
    for (let i = 0; i < table.length; i += STRIDE) {
      if (table[i + KEY] === key) parts.push(this.bytes.subarray(table[i + START], table[i + END]));
    }
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  #attributeAt(index: number): RadiusAttribute {
    const table = this.#table;
    const key = table[index + KEY] ?? 0;
    const value = this.bytes.subarray(table[index + START], table[index + END]);
    const offset = table[index + OFFSET] ?? 0;
    const definition = definitionForKey(key);
    if (key < 256) {
      return {
        type: key,
        vendorId: undefined,
        vendorType: undefined,
        name: definition?.name ?? unknownAttributeName(key),
        definition,
        value,
        offset,
      };
    }
    const vendorId = Math.floor(key / 256);
    const vendorType = key % 256;
    return {
      type: ATTRIBUTE_VENDOR_SPECIFIC,
      vendorId,
      vendorType,
      name: definition?.name ?? unknownAttributeName(ATTRIBUTE_VENDOR_SPECIFIC, vendorId, vendorType),
      definition,
      value,
      offset,
    };
  }
}

const ZERO_AUTHENTICATOR = Buffer.alloc(16);

function definitionOf(name: AttributeName): AttributeDefinition {
  const definition = getAttributeDefinition(name);
  if (!definition) throw new TypeError(`Unknown RADIUS attribute "${name}"`);
  return definition;
}

function keyOf(name: AttributeName): number {
  const definition = definitionOf(name);
  return attributeKey(definition.code, definition.vendorId);
}

// RFC 3579 §3.2 names the Access-* packets as the ones carrying EAP-Message.
function isAccessCode(code: number): boolean {
  return (
    code === RadiusCode.AccessRequest ||
    code === RadiusCode.AccessAccept ||
    code === RadiusCode.AccessReject ||
    code === RadiusCode.AccessChallenge
  );
}

function fail(code: DecodeErrorCode, message: string, offset: number): DecodeResult {
  return { ok: false, error: { code, message, offset } };
}

/**
 * Decode one RADIUS datagram. Octets beyond the Length field are padding and ignored (RFC 2865 §3).
 * The packet keeps views into `datagram`: do not reuse that buffer while the packet is in use.
 */
export function decodePacket(datagram: Uint8Array): DecodeResult {
  if (datagram.length < HEADER_LENGTH) {
    return fail("truncated-header", `${datagram.length} octets is shorter than the 20-octet RADIUS header`, 0);
  }
  const buffer = asBuffer(datagram);
  const code = buffer[0] ?? 0;
  if (!isRadiusCode(code)) return fail("unknown-code", `Unknown packet code ${code}`, 0);
  const length = buffer.readUInt16BE(2);
  if (length < HEADER_LENGTH) return fail("length-too-small", `Length field ${length} is below 20`, 2);
  if (length > MAX_PACKET_LENGTH) return fail("length-too-large", `Length field ${length} is above 4096`, 2);
  if (length > buffer.length) {
    return fail("length-exceeds-buffer", `Length field ${length} exceeds the ${buffer.length} octets received`, 2);
  }
  const bytes = length === buffer.length ? buffer : buffer.subarray(0, length);

  const table: number[] = [];
  let messageAuthenticatorOffset = -1;
  let hasEapMessage = false;
  let offset = HEADER_LENGTH;
  while (offset < length) {
    if (length - offset < 2) {
      return fail("attribute-header-truncated", "One octet left where an attribute header should be", offset);
    }
    const type = bytes[offset] ?? 0;
    const attributeLength = bytes[offset + 1] ?? 0;
    if (attributeLength < 2) {
      return fail("invalid-attribute-length", `Attribute ${type} has Length ${attributeLength}`, offset);
    }
    if (offset + attributeLength > length) {
      return fail(
        "attribute-overflow",
        `Attribute ${type} with Length ${attributeLength} overflows the packet by ${offset + attributeLength - length} octets`,
        offset,
      );
    }
    if (type === 0) return fail("invalid-attribute-type", "Attribute type 0 is invalid", offset);
    if (type === ATTRIBUTE_MESSAGE_AUTHENTICATOR) {
      if (attributeLength !== 18) {
        return fail(
          "invalid-message-authenticator-length",
          `Message-Authenticator has Length ${attributeLength}, not 18`,
          offset,
        );
      }
      if (messageAuthenticatorOffset >= 0) {
        return fail("duplicate-message-authenticator", "More than one Message-Authenticator", offset);
      }
      messageAuthenticatorOffset = offset;
    } else if (type === ATTRIBUTE_EAP_MESSAGE) {
      hasEapMessage = true;
    }
    if (type !== ATTRIBUTE_VENDOR_SPECIFIC || !unpackVendorSpecific(bytes, offset, attributeLength, table)) {
      table.push(type, offset + 2, offset + attributeLength, offset);
    }
    offset += attributeLength;
  }

  if (messageAuthenticatorOffset < 0) {
    if (hasEapMessage && isAccessCode(code)) {
      return fail("missing-message-authenticator", "EAP-Message without Message-Authenticator (RFC 3579 §3.2)", 0);
    }
    if (code === RadiusCode.StatusServer) {
      return fail("missing-message-authenticator", "Status-Server without Message-Authenticator (RFC 5997 §3)", 0);
    }
  }
  return { ok: true, packet: new RadiusPacket(bytes, table, messageAuthenticatorOffset) };
}

/**
 * RFC 2865 §5.26: Vendor-Id (4 octets, high octet 0) followed by one or more vendor attributes
 * (type, length ≥ 2, value) that exactly fill the attribute. Pushes one table row per vendor attribute
 * and returns true; returns false (the caller keeps the whole attribute as raw Vendor-Specific octets,
 * as FreeRADIUS does) when the structure does not parse.
 */
function unpackVendorSpecific(bytes: Buffer, offset: number, attributeLength: number, table: number[]): boolean {
  const start = offset + 2;
  const end = offset + attributeLength;
  if (end - start < 4 + 2) return false;
  const vendorId = bytes.readUInt32BE(start);
  if (vendorId === 0 || vendorId > 0xffffff) return false;
  // Validate the whole chain first so a malformed VSA adds no partial rows.
  let cursor = start + 4;
  while (cursor < end) {
    if (end - cursor < 2) return false;
    const subLength = bytes[cursor + 1] ?? 0;
    if (subLength < 2 || cursor + subLength > end) return false;
    cursor += subLength;
  }
  cursor = start + 4;
  while (cursor < end) {
    const vendorType = bytes[cursor] ?? 0;
    const subLength = bytes[cursor + 1] ?? 0;
    table.push(vendorId * 256 + vendorType, cursor + 2, cursor + subLength, cursor);
    cursor += subLength;
  }
  return true;
}
