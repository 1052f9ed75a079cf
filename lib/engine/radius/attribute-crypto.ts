// Attribute value encryption: User-Password hiding (RFC 2865 §5.2) and the salted scheme shared by
// Tunnel-Password (RFC 2868 §3.5) and MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 §2.4.2–2.4.3).
//
// The encrypting side checks sizes before calling (see encode.ts), so the encrypt functions throw a
// RangeError on a size they cannot represent; the decrypt functions take hostile input and return
// undefined for anything malformed.
import { md5 } from "./crypto";

/** RFC 2865 §5.2: the hidden password is at most 128 octets. */
export const MAX_USER_PASSWORD_LENGTH = 128;

/** Salted values: 2 octets of salt + a data-length octet + data, padded to 16 (RFC 2868 §3.5). */
export function saltedCiphertextLength(plaintextLength: number): number {
  return 2 + Math.ceil((plaintextLength + 1) / 16) * 16;
}

/**
 * RFC 2865 §5.2: c(1) = p(1) xor MD5(S + RA), c(i) = p(i) xor MD5(S + c(i-1)); the password is
 * zero-padded to a multiple of 16 octets (an empty password becomes one block of zeros).
 */
export function hideUserPassword(password: Uint8Array, secret: Buffer, requestAuthenticator: Uint8Array): Buffer {
  if (password.length > MAX_USER_PASSWORD_LENGTH) {
    throw new RangeError(`User-Password is ${password.length} octets; RFC 2865 §5.2 allows at most 128`);
  }
  const length = Math.max(16, Math.ceil(password.length / 16) * 16);
  const out = Buffer.alloc(length);
  out.set(password, 0);
  xorChain(out, 0, secret, requestAuthenticator, undefined);
  return out;
}

/**
 * Reverse of `hideUserPassword`. Trailing NUL padding is removed (as every RADIUS server does: a
 * password cannot end in NUL). Returns undefined when the length is not 16..128 in steps of 16.
 */
export function unhideUserPassword(hidden: Uint8Array, secret: Buffer, requestAuthenticator: Uint8Array): Buffer | undefined {
  if (hidden.length < 16 || hidden.length > MAX_USER_PASSWORD_LENGTH || hidden.length % 16 !== 0) return undefined;
  const out = Buffer.from(hidden);
  xorChainDecrypt(out, 0, hidden, 0, secret, requestAuthenticator, undefined);
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/**
 * RFC 2868 §3.5 / RFC 2548 §2.4.2: P = data-length octet + data + zero padding to a multiple of 16;
 * b(1) = MD5(S + R + A), c(1) = p(1) xor b(1), b(i) = MD5(S + c(i-1)). Output: salt A (2 octets, most
 * significant bit set) followed by C. `salt` must already have its high bit set.
 */
export function encryptSalted(plaintext: Uint8Array, secret: Buffer, requestAuthenticator: Uint8Array, salt: number): Buffer {
  if (plaintext.length > 255) throw new RangeError("Salt-encrypted values carry at most 255 octets");
  if ((salt & 0x8000) === 0 || salt > 0xffff) throw new RangeError("RFC 2868 §3.5: the salt's high bit must be set");
  const out = Buffer.alloc(saltedCiphertextLength(plaintext.length));
  out.writeUInt16BE(salt, 0);
  out[2] = plaintext.length;
  out.set(plaintext, 3);
  xorChain(out, 2, secret, requestAuthenticator, out.subarray(0, 2));
  return out;
}

/**
 * Reverse of `encryptSalted`; `value` is salt + ciphertext. The last block may be short (FreeRADIUS
 * truncates over-long Tunnel-Passwords that way), but the data-length octet must fit what was sent.
 */
export function decryptSalted(value: Uint8Array, secret: Buffer, requestAuthenticator: Uint8Array): Buffer | undefined {
  if (value.length < 2 + 16) return undefined;
  const cipher = value.subarray(2);
  const plain = Buffer.from(cipher);
  xorChainDecrypt(plain, 0, cipher, 0, secret, requestAuthenticator, value.subarray(0, 2));
  const dataLength = plain[0] ?? 0;
  if (dataLength > plain.length - 1) return undefined;
  return plain.subarray(1, 1 + dataLength);
}

// Encrypt in place: buffer[start..] holds plaintext blocks (length a multiple of 16) and becomes ciphertext.
function xorChain(
  buffer: Buffer,
  start: number,
  secret: Buffer,
  requestAuthenticator: Uint8Array,
  salt: Uint8Array | undefined,
): void {
  const saltLength = salt ? salt.length : 0;
  // Scratch: S + (RA + salt) for the first block, S + c(i-1) afterwards.
  const scratch = Buffer.allocUnsafe(secret.length + 16 + saltLength);
  scratch.set(secret, 0);
  scratch.set(requestAuthenticator.subarray(0, 16), secret.length);
  if (salt) scratch.set(salt, secret.length + 16);
  let digest = md5(scratch);
  for (let block = start; block < buffer.length; block += 16) {
    for (let i = 0; i < 16; i++) buffer[block + i] = (buffer[block + i] ?? 0) ^ (digest[i] ?? 0);
    if (block + 16 < buffer.length) {
      scratch.set(buffer.subarray(block, block + 16), secret.length);
      digest = md5(scratch.subarray(0, secret.length + 16));
    }
  }
}

// Decrypt: plain[plainStart..] receives cipher[cipherStart..] xor the key stream; the chain is keyed on
// the ciphertext, so the two must be different buffers. A trailing partial block is decrypted as far as it goes.
function xorChainDecrypt(
  plain: Buffer,
  plainStart: number,
  cipher: Uint8Array,
  cipherStart: number,
  secret: Buffer,
  requestAuthenticator: Uint8Array,
  salt: Uint8Array | undefined,
): void {
  const saltLength = salt ? salt.length : 0;
  const scratch = Buffer.allocUnsafe(secret.length + 16 + saltLength);
  scratch.set(secret, 0);
  scratch.set(requestAuthenticator.subarray(0, 16), secret.length);
  if (salt) scratch.set(salt, secret.length + 16);
  let digest = md5(scratch);
  const length = cipher.length - cipherStart;
  for (let offset = 0; offset < length; offset += 16) {
    const blockLength = Math.min(16, length - offset);
    for (let i = 0; i < blockLength; i++) {
      plain[plainStart + offset + i] = (cipher[cipherStart + offset + i] ?? 0) ^ (digest[i] ?? 0);
    }
    if (offset + 16 < length) {
      scratch.set(cipher.subarray(cipherStart + offset, cipherStart + offset + 16), secret.length);
      digest = md5(scratch.subarray(0, secret.length + 16));
    }
  }
}
