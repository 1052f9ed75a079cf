/**
 * RADIUS fuzzing for tests and the fuzz script (never imported by the product): a seed corpus of valid
 * packets (MAB, PAP, vendor and tunnel attributes, EAP-Message, accounting, Status-Server, RFC 2865 §7)
 * and malformed cases (FreeRADIUS's errors.txt attribute vectors wrapped in packets), a seeded mutator,
 * and re-signing so that a share of the mutants carries a valid Request Authenticator / Message-Authenticator
 * and reaches the code behind packet verification instead of being dropped at the door.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeRequest, RadiusCode, type AttributeInput } from "../radius";
import { hmacMd5, md5 } from "../radius/crypto";
import { parseRadattr } from "../radius/fixtures/radattr";

const here = path.dirname(fileURLToPath(import.meta.url));

/** mulberry32: small, fast, reproducible from a 32-bit seed. */
export class Prng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

export type SeedKind = "auth" | "acct" | "status";
export interface Seed {
  kind: SeedKind;
  bytes: Buffer;
  /** Where it came from, for reports. */
  origin: string;
}

const mab = (mac: string): AttributeInput[] => [
  { name: "User-Name", value: mac.replace(/-/g, "").toLowerCase() },
  { name: "User-Password", value: mac.replace(/-/g, "").toLowerCase() },
  { name: "Calling-Station-Id", value: mac },
  { name: "Service-Type", value: "Call-Check" },
  { name: "NAS-IP-Address", value: "127.0.0.1" },
  { name: "NAS-Port-Type", value: "Ethernet" },
];

/** Valid requests for `secret`, plus the malformed cases of the FreeRADIUS vectors wrapped in requests. */
export function seedCorpus(secret: string, { macs = ["00-26-B4-24-FE-B4", "F4-F1-5A-1A-7C-E0"] } = {}): Seed[] {
  const seeds: Seed[] = [];
  const add = (kind: SeedKind, origin: string, code: number, attributes: AttributeInput[], ma?: boolean) => {
    const encoded = encodeRequest({ code: code as never, identifier: seeds.length & 0xff, attributes }, secret, {
      messageAuthenticator: ma,
    });
    if (!encoded.ok) throw new Error(`${origin}: ${encoded.error.message}`);
    seeds.push({ kind, bytes: encoded.bytes, origin });
  };
  for (const mac of macs) {
    add("auth", "MAB", RadiusCode.AccessRequest, mab(mac));
    add("auth", "MAB + Cisco VSAs", RadiusCode.AccessRequest, [
      ...mab(mac),
      { name: "Cisco-AVPair", value: "audit-session-id=0A0000010000000A00001234" },
      { name: "Cisco-AVPair", value: "method=mab" },
      { name: "NAS-Port-Id", value: "GigabitEthernet1/0/7" },
      { name: "Called-Station-Id", value: "00-11-22-33-44-55" },
    ]);
    for (const status of ["Start", "Interim-Update", "Stop"] as const) {
      add("acct", `Accounting ${status}`, RadiusCode.AccountingRequest, [
        { name: "Acct-Status-Type", value: status },
        { name: "Acct-Session-Id", value: `fuzz-${mac}` },
        { name: "User-Name", value: mac.replace(/-/g, "").toLowerCase() },
        { name: "Calling-Station-Id", value: mac },
        { name: "Framed-IP-Address", value: "10.1.2.3" },
        ...(status === "Stop" ? [{ name: "Acct-Terminate-Cause", value: "User-Request" } as const] : []),
      ]);
    }
  }
  add("auth", "PAP user", RadiusCode.AccessRequest, [
    { name: "User-Name", value: "alice" },
    { name: "User-Password", value: "a password of more than sixteen octets" },
    { name: "NAS-Identifier", value: "switch-1" },
  ]);
  add("auth", "Tunnel attributes", RadiusCode.AccessRequest, [
    ...mab("00-26-B4-24-FE-B5"),
    { name: "Tunnel-Type", value: "VLAN", tag: 1 },
    { name: "Tunnel-Medium-Type", value: "IEEE-802", tag: 1 },
    { name: "Tunnel-Private-Group-Id", value: "10", tag: 1 },
  ]);
  // EAP-Response/Identity (RFC 3748 §5.1) and an EAP-TLS start-like response: the EAP path's doorway.
  const name = Buffer.from("host/laptop-1.example.com");
  const identity = Buffer.concat([Buffer.of(2, 1, 0, 5 + name.length, 1), name]);
  add("auth", "EAP-Identity", RadiusCode.AccessRequest, [
    { name: "User-Name", value: "laptop-1" },
    { name: "Calling-Station-Id", value: "00-26-B4-24-FE-B4" },
    { name: "EAP-Message", value: identity },
  ]);
  add("auth", "EAP-TLS response", RadiusCode.AccessRequest, [
    { name: "User-Name", value: "laptop-1" },
    { name: "Calling-Station-Id", value: "00-26-B4-24-FE-B4" },
    { name: "EAP-Message", value: Buffer.concat([Buffer.of(2, 2, 0, 10, 13, 0x80, 0, 0, 0, 0)]) },
    { name: "State", value: Buffer.from("0123456789abcdef") },
  ]);
  add("status", "Status-Server", RadiusCode.StatusServer, [{ name: "NAS-Identifier", value: "monitor" }], true);

  // RFC 2865 §7 examples (their own secret: they test verification failures and parsing).
  const rfc = JSON.parse(fs.readFileSync(path.join(here, "../radius/fixtures/rfc2865-sec7.json"), "utf8")) as {
    packets: { code: number; hex: string }[];
  };
  for (const example of rfc.packets) {
    if (example.code === RadiusCode.AccessRequest || example.code === RadiusCode.AccountingRequest) {
      seeds.push({
        kind: example.code === RadiusCode.AccessRequest ? "auth" : "acct",
        bytes: Buffer.from(example.hex, "hex"),
        origin: "RFC 2865 §7",
      });
    }
  }

  // FreeRADIUS errors.txt: attribute bytes its decoder must refuse, each wrapped in a signed Access-Request.
  const errors = parseRadattr(fs.readFileSync(path.join(here, "../radius/fixtures/freeradius-3.2/errors.txt"), "utf8"));
  for (const testCase of errors) {
    if (testCase.command !== "decode" || testCase.input === "-") continue;
    const raw = Buffer.from(testCase.input.replace(/\s+/g, ""), "hex");
    if (raw.length === 0 || raw.length > 2000) continue;
    seeds.push({
      kind: "auth",
      bytes: resign(withRawAttributes(mabHeaderPacket(secret), raw), secret),
      origin: `errors.txt:${testCase.line}`,
    });
  }
  return seeds;
}

function mabHeaderPacket(secret: string): Buffer {
  const encoded = encodeRequest({ code: RadiusCode.AccessRequest, identifier: 0, attributes: mab("00-26-B4-24-FE-B4") }, secret);
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.bytes;
}

/** Appends raw attribute bytes (possibly malformed) and fixes the header's Length. */
function withRawAttributes(packet: Buffer, raw: Buffer): Buffer {
  const out = Buffer.concat([packet, raw]);
  if (out.length >= 4) out.writeUInt16BE(Math.min(out.length, 0xffff), 2);
  return out;
}

/**
 * Re-signs a (mutated) request so verification passes where its framing still allows: Accounting-Request
 * gets its Request Authenticator recomputed (RFC 2866 §3), any request with a well-placed
 * Message-Authenticator gets that recomputed (RFC 3579 §3.2). Packets whose attributes cannot be walked
 * are returned as they are.
 */
export function resign(packet: Buffer, secret: string): Buffer {
  if (packet.length < 20) return packet;
  const length = packet.readUInt16BE(2);
  if (length !== packet.length) return packet;
  let ma = -1;
  for (let offset = 20; offset < length;) {
    const attributeLength = packet[offset + 1] ?? 0;
    if (attributeLength < 2 || offset + attributeLength > length) return packet;
    if (packet[offset] === 80 && attributeLength === 18) ma = offset;
    offset += attributeLength;
  }
  const key = Buffer.from(secret);
  const accounting = packet[0] === RadiusCode.AccountingRequest;
  if (accounting) packet.fill(0, 4, 20);
  if (ma >= 0) {
    packet.fill(0, ma + 2, ma + 18);
    hmacMd5(key, packet).copy(packet, ma + 2);
  }
  if (accounting) md5(Buffer.concat([packet, key])).copy(packet, 4);
  return packet;
}

/** One mutant of a seed: bit flips, byte edits, truncation, extension, bad lengths, splices, random bytes. */
export function mutate(rng: Prng, seed: Buffer, corpus: readonly Seed[]): Buffer {
  let out: Buffer = Buffer.from(seed);
  const rounds = 1 + rng.int(3);
  for (let round = 0; round < rounds; round += 1) {
    switch (rng.int(11)) {
      case 0: {
        const flips = 1 + rng.int(8);
        for (let i = 0; i < flips && out.length; i += 1) out[rng.int(out.length)]! ^= 1 << rng.int(8);
        break;
      }
      case 1:
        if (out.length) out[rng.int(out.length)] = rng.pick([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff, rng.int(256)]);
        break;
      case 2:
        out = out.subarray(0, rng.int(out.length + 1));
        break;
      case 3:
        out = Buffer.concat([out, rng.bytes(1 + rng.int(64))]);
        if (rng.int(2) && out.length >= 4) out.writeUInt16BE(Math.min(out.length, 0xffff), 2);
        break;
      case 4:
        if (out.length >= 4)
          out.writeUInt16BE(rng.pick([0, 19, 20, out.length - 1, out.length + 1, 4096, 4097, 0xffff, rng.int(0x10000)]), 2);
        break;
      case 5: {
        // An attribute's Length octet: 0, 1, too long, or off by one.
        const offsets = attributeOffsets(out);
        if (offsets.length) {
          const at = rng.pick(offsets) + 1;
          out[at] = rng.pick([0, 1, 2, 3, 0xff, (out[at] ?? 2) + 1, (out[at] ?? 3) - 1]);
        }
        break;
      }
      case 6: {
        // Duplicate an attribute (two Message-Authenticators, two States, ...).
        const offsets = attributeOffsets(out);
        if (offsets.length) {
          const at = rng.pick(offsets);
          const attribute = out.subarray(at, at + (out[at + 1] ?? 2));
          out = withRawAttributes(out, Buffer.from(attribute));
        }
        break;
      }
      case 7: {
        // Splice in another seed's attributes.
        const other = rng.pick(corpus).bytes;
        if (other.length > 20) out = withRawAttributes(out, other.subarray(20 + rng.int(other.length - 20)));
        break;
      }
      case 8: {
        // A random attribute: any type (VSA, EAP-Message, State, Message-Authenticator...), any value.
        const type = rng.pick([1, 2, 4, 8, 26, 30, 31, 61, 64, 65, 79, 80, 81, 24, 25, rng.int(256)]);
        const value = rng.bytes(rng.int(rng.int(2) ? 20 : 253));
        out = withRawAttributes(out, Buffer.concat([Buffer.of(type, Math.min(255, value.length + 2)), value]));
        break;
      }
      case 9:
        if (out.length > 0) out[0] = rng.pick([1, 2, 3, 4, 5, 11, 12, 13, 40, 43, 0, 255, rng.int(256)]);
        break;
      default:
        out = rng.bytes(rng.int(2) ? rng.int(40) : rng.int(4200));
    }
  }
  return out;
}

function attributeOffsets(packet: Buffer): number[] {
  const offsets: number[] = [];
  for (let offset = 20; offset + 1 < packet.length;) {
    offsets.push(offset);
    const length = packet[offset + 1] ?? 0;
    if (length < 2) break;
    offset += length;
  }
  return offsets;
}

/**
 * Framing kept, contents hostile: random octets inside one to three attributes' values (MACs that are not
 * MACs, broken UTF-8, VSAs whose inner lengths lie, EAP headers that do not add up). Re-signed, these reach
 * attribute decoding, MAC normalisation, the policy and the EAP state machine.
 */
export function scrambleValues(rng: Prng, seed: Buffer): Buffer {
  const out = Buffer.from(seed);
  const offsets = attributeOffsets(out).filter((offset) => out[offset] !== 80);
  const count = 1 + rng.int(3);
  for (let i = 0; i < count && offsets.length; i += 1) {
    const offset = rng.pick(offsets);
    const end = offset + (out[offset + 1] ?? 2);
    for (let at = offset + 2; at < end && at < out.length; at += 1) if (rng.int(3) === 0) out[at] = rng.int(256);
  }
  return out;
}

/**
 * The n-th fuzz case of a run: which listener gets it, and the bytes — a quarter with only attribute
 * values scrambled (re-signed), the rest mutated at any level and re-signed for about half.
 */
export function fuzzCase(rng: Prng, corpus: readonly Seed[], secret: string): { kind: SeedKind; bytes: Buffer } {
  const seed = rng.pick(corpus);
  if (rng.int(4) === 0) return { kind: seed.kind, bytes: resign(scrambleValues(rng, seed.bytes), secret) };
  const mutated = mutate(rng, seed.bytes, corpus);
  return { kind: seed.kind, bytes: rng.int(2) ? resign(mutated, secret) : mutated };
}
