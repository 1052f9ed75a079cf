// Typed attribute values ↔ octets, per data type (RFC 2865 §5, RFC 3162 §2, RFC 8044).
import type { AttributeDefinition } from "./dictionary";

export type DecodedAttributeValue = string | number | Buffer | Date;

export interface TypedValue {
  readonly value: DecodedAttributeValue;
  /** RFC 2868 Tag octet, when the attribute carries one (0 means "no tunnel grouping"). */
  readonly tag: number | undefined;
}

/** RFC 2868 §3.1: valid tags are 0x01–0x1F; 0x00 means untagged. */
export const MAX_TAG = 0x1f;

/**
 * Decode an attribute value by its dictionary type. Returns undefined when the octets are not a valid
 * encoding of that type (wrong size, bad tag, prefix length > 128); callers then treat the attribute
 * as raw octets, as FreeRADIUS does. Encrypted values are returned as their hidden octets.
 */
export function decodeTypedValue(definition: AttributeDefinition, raw: Buffer): TypedValue | undefined {
  let tag: number | undefined;
  let data = raw;
  if (definition.tagged) {
    if (definition.type === "integer") {
      // RFC 2868 §3.1: the tag replaces the high octet of the 32-bit value.
      if (raw.length !== 4) return undefined;
      const tagOctet = raw[0] ?? 0;
      if (tagOctet > MAX_TAG) return undefined;
      return { value: raw.readUIntBE(1, 3), tag: tagOctet };
    }
    if (definition.encrypt === "salt") {
      // RFC 2868 §3.5: Tunnel-Password always carries the Tag octet before the salt.
      const tagOctet = raw[0] ?? 0;
      if (raw.length < 1 || tagOctet > MAX_TAG) return undefined;
      tag = tagOctet;
      data = raw.subarray(1);
    } else if (raw.length > 1 && (raw[0] ?? 0) <= MAX_TAG) {
      // RFC 2868 §3.3: a first octet above 0x1F is the first octet of the string, not a tag.
      tag = raw[0];
      data = raw.subarray(1);
    }
  }
  if (definition.fixedLength !== undefined && data.length !== definition.fixedLength) return undefined;
  if (definition.encrypt) return data.length === 0 ? undefined : { value: data, tag };
  switch (definition.type) {
    case "string":
      if (data.length === 0 && !definition.allowEmpty) return undefined;
      return { value: data.toString("utf8"), tag };
    case "octets":
    case "vsa":
      if (data.length === 0 && !definition.allowEmpty) return undefined;
      return { value: data, tag };
    case "integer":
      if (data.length !== 4) return undefined;
      return { value: data.readUInt32BE(0), tag };
    case "date":
      if (data.length !== 4) return undefined;
      return { value: new Date(data.readUInt32BE(0) * 1000), tag };
    case "ipaddr":
      if (data.length !== 4) return undefined;
      return { value: formatIPv4(data), tag };
    case "ipv6addr":
      if (data.length !== 16) return undefined;
      return { value: formatIPv6(data), tag };
    case "ipv6prefix": {
      const prefix = decodeIPv6Prefix(data);
      return prefix === undefined ? undefined : { value: prefix, tag };
    }
  }
}

export type EncodeValueResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly message: string };

/**
 * Encode a plain (untagged, unencrypted) value of a dictionary type. Enumerated integers accept their
 * value names. Length limits of the containing attribute are checked by the caller.
 */
export function encodePlainValue(definition: AttributeDefinition, input: unknown): EncodeValueResult {
  switch (definition.type) {
    case "string":
    case "octets":
    case "vsa": {
      if (typeof input === "string") return { ok: true, bytes: Buffer.from(input, "utf8") };
      if (input instanceof Uint8Array) return { ok: true, bytes: Buffer.from(input) };
      return { ok: false, message: `${definition.name} takes a string or bytes` };
    }
    case "integer": {
      let number = input;
      if (typeof input === "string") {
        number = definition.values?.[input];
        if (number === undefined) {
          return { ok: false, message: `${definition.name} has no value named "${input}"` };
        }
      }
      if (typeof number !== "number" || !Number.isInteger(number) || number < 0 || number > 0xffffffff) {
        return { ok: false, message: `${definition.name} takes an integer in 0..4294967295` };
      }
      const bytes = Buffer.allocUnsafe(4);
      bytes.writeUInt32BE(number, 0);
      return { ok: true, bytes };
    }
    case "date": {
      const seconds = input instanceof Date ? Math.floor(input.getTime() / 1000) : input;
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) {
        return { ok: false, message: `${definition.name} takes a Date or seconds since 1970 in 32 bits` };
      }
      const bytes = Buffer.allocUnsafe(4);
      bytes.writeUInt32BE(seconds, 0);
      return { ok: true, bytes };
    }
    case "ipaddr": {
      const bytes = typeof input === "string" ? parseIPv4(input) : undefined;
      return bytes ? { ok: true, bytes } : { ok: false, message: `${definition.name} takes a dotted-quad IPv4 address` };
    }
    case "ipv6addr": {
      const bytes = typeof input === "string" ? parseIPv6(input) : undefined;
      return bytes ? { ok: true, bytes } : { ok: false, message: `${definition.name} takes an IPv6 address` };
    }
    case "ipv6prefix": {
      const bytes = typeof input === "string" ? encodeIPv6Prefix(input) : undefined;
      return bytes ? { ok: true, bytes } : { ok: false, message: `${definition.name} takes an IPv6 prefix "addr/len"` };
    }
  }
}

export function formatIPv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

export function parseIPv4(text: string): Buffer | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = Buffer.allocUnsafe(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? "";
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** RFC 5952 text form: lower-case hex, no leading zeros, the longest run of ≥ 2 zero groups as "::". */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function parseIPv6(text: string): Buffer | undefined {
  if (text.length === 0 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let source = text;
  // An embedded IPv4 address (RFC 4291 §2.2 form 3) stands for the last two groups.
  const lastColon = source.lastIndexOf(":");
  if (lastColon < 0) return undefined;
  const tail = source.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (!v4) return undefined;
    source = `${source.slice(0, lastColon + 1)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const halves = source.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - explicit).fill("0"), ...rest];
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) {
    const group = groups[i] ?? "";
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
    bytes.writeUInt16BE(parseInt(group, 16), i * 2);
  }
  return bytes;
}

/** RFC 3162 §2.3: Reserved (1) + Prefix-Length (1) + Prefix (0–16 octets). Bits past the length are ignored. */
export function decodeIPv6Prefix(data: Uint8Array): string | undefined {
  if (data.length < 2 || data.length > 18) return undefined;
  const prefixLength = data[1] ?? 0;
  if (prefixLength > 128) return undefined;
  const address = Buffer.alloc(16);
  address.set(data.subarray(2), 0);
  maskToPrefix(address, prefixLength);
  return `${formatIPv6(address)}/${prefixLength}`;
}

/** Encodes only the octets the prefix length covers, as FreeRADIUS does ("2001:db8::/32" → 6 octets). */
export function encodeIPv6Prefix(text: string): Buffer | undefined {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const lengthText = slash < 0 ? "128" : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  if (prefixLength > 128) return undefined;
  const address = parseIPv6(addressText);
  if (!address) return undefined;
  maskToPrefix(address, prefixLength);
  const octets = Math.ceil(prefixLength / 8);
  const out = Buffer.alloc(2 + octets);
  out[1] = prefixLength;
  address.copy(out, 2, 0, octets);
  return out;
}

function maskToPrefix(address: Buffer, prefixLength: number): void {
  for (let bit = prefixLength; bit < 128; bit++) {
    const index = bit >> 3;
    address[index] = (address[index] ?? 0) & ~(0x80 >> (bit & 7));
  }
}
