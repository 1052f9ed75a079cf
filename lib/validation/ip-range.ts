// IP addresses and CIDR ranges as numeric intervals: one parser for the Network Devices form, the data layer's
// overlap check and the engine's source-address lookup, so all three agree on what an address means.

export type IpVersion = 4 | 6;

// The address grammar of Node's `net.isIP` (lib/internal/net.js), spelt out here because this module also
// runs in the browser (the Network Devices form), where `node:net` does not exist. Same results, same cost
// (Node's own isIP is these regular expressions).
const v4Seg = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const IPV4 = new RegExp(`^${v4Str}$`);
const v6Seg = "(?:[0-9a-fA-F]{1,4})";
const IPV6 = new RegExp(
  "^(?:" +
    `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
    `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
    `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
    `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
    `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
    `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
    `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
    `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
    ")(?:%[0-9a-zA-Z-.:]{1,})?$",
);

/** 4, 6 or 0, exactly as `net.isIP`. */
export function ipVersionOf(address: string): 0 | IpVersion {
  return IPV4.test(address) ? 4 : IPV6.test(address) ? 6 : 0;
}

/** An inclusive interval of addresses of one family. `text` is the normalised spelling (a.b.c.d or a.b.c.d/n). */
export interface IpRange {
  version: IpVersion;
  start: bigint;
  end: bigint;
  prefixLength: number;
  text: string;
}

const V4_BITS = 32;
const V6_BITS = 128;

/** The address as a number, or undefined. IPv4-mapped IPv6 (::ffff:a.b.c.d) is read as IPv4. */
export function ipToBigInt(address: string): { version: IpVersion; value: bigint } | undefined {
  const kind = ipVersionOf(address);
  if (kind === 4) {
    const parts = address.split(".").map(Number);
    let value = 0n;
    for (const part of parts) value = (value << 8n) | BigInt(part);
    return { version: 4, value };
  }
  if (kind === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return ipToBigInt(mapped[1]);
    return { version: 6, value: ipv6ToBigInt(address) };
  }
  return undefined;
}

function ipv6ToBigInt(address: string): bigint {
  // Expand an embedded IPv4 tail (::1.2.3.4) into two groups first.
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = v4[1].split(".").map(Number);
    text = `${text.slice(0, -v4[1].length)}${(((n[0] ?? 0) << 8) | (n[1] ?? 0)).toString(16)}:${(((n[2] ?? 0) << 8) | (n[3] ?? 0)).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(parseInt(group, 16));
  return value;
}

function bigIntToIp(version: IpVersion, value: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // RFC 5952 §4.2: compress the longest run (≥ 2) of zero groups.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}

export type ParseRangeResult = { ok: true; range: IpRange } | { ok: false; message: string };

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or an IPv6 prefix. Host bits set below the prefix are
 * refused (10.0.0.1/8 is almost always a typo, and accepting it would hide what the range covers).
 */
export function parseIpRange(input: string): ParseRangeResult {
  const text = input.trim();
  const [addressText = "", prefixText, extra] = text.split("/");
  if (extra !== undefined) return { ok: false, message: "Enter one IP address or one CIDR range" };
  const address = ipToBigInt(addressText);
  if (!address) return { ok: false, message: "Enter an IPv4 or IPv6 address, or a CIDR range such as 10.1.0.0/16" };
  const bits = address.version === 4 ? V4_BITS : V6_BITS;
  let prefixLength = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return { ok: false, message: `The prefix length must be 0–${bits}` };
    }
    prefixLength = Number(prefixText);
  }
  const hostBits = BigInt(bits - prefixLength);
  const hostMask = (1n << hostBits) - 1n;
  if ((address.value & hostMask) !== 0n) {
    const network = bigIntToIp(address.version, address.value & ~hostMask);
    return { ok: false, message: `Host bits are set: did you mean ${network}/${prefixLength}?` };
  }
  const normalised = bigIntToIp(address.version, address.value);
  return {
    ok: true,
    range: {
      version: address.version,
      start: address.value,
      end: address.value | hostMask,
      prefixLength,
      text: prefixLength === bits ? normalised : `${normalised}/${prefixLength}`,
    },
  };
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

export function rangeContains(range: IpRange, address: { version: IpVersion; value: bigint }): boolean {
  return range.version === address.version && range.start <= address.value && address.value <= range.end;
}
