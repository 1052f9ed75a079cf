/**
 * PKCS #12 (RFC 7292) files: written for device identity certificates (the MDM simulator hands them to
 * supplicants) and read when an admin imports a system certificate with its key. pkijs builds and checks the
 * structure; node:crypto (OpenSSL) opens the shrouded key, so keys encrypted with the legacy PKCS #12 PBE
 * (3DES, as Windows exports them) open too.
 */
import { createPrivateKey, webcrypto, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const engine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto });

// RFC 7292 §4.2 bag types.
const KEY_BAG = "1.2.840.113549.1.12.10.1.1";
const SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
// RFC 7292 §4.2.3 x509Certificate cert type; RFC 2985 friendlyName / localKeyId attributes.
const X509_CERTIFICATE = "1.2.840.113549.1.9.22.1";
const FRIENDLY_NAME = "1.2.840.113549.1.9.20";
const LOCAL_KEY_ID = "1.2.840.113549.1.9.21";
const CONTENT_DATA = "1.2.840.113549.1.7.1";
const CONTENT_ENCRYPTED_DATA = "1.2.840.113549.1.7.6";
/** RFC 7292 Appendix C: pbeWithSHAAnd… (RC2, RC4, 3DES) — not PBES2. */
const LEGACY_PBE_PREFIX = "1.2.840.113549.1.12.1.";
/** OpenSSL 3's `pkcs12 -export` defaults: PBKDF2 iterations for the content and the MAC. */
const ITERATIONS = 2048;

export interface Pkcs12Contents {
  /** The private key (the one key of the file). */
  privateKey: KeyObject;
  /** Every certificate in the file as PEM, in file order. */
  certificatesPem: string[];
}

/** Why a PKCS #12 file could not be read; `field` says which input is wrong. */
export class Pkcs12Error extends Error {
  constructor(
    message: string,
    readonly field: "file" | "password",
  ) {
    super(message);
    this.name = "Pkcs12Error";
  }
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const passwordBytes = (password: string): ArrayBuffer => toArrayBuffer(new TextEncoder().encode(password));

function pemOf(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString("base64");
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;
}

function pemBody(pem: string): ArrayBuffer {
  return toArrayBuffer(Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64"));
}

/**
 * A password-protected PKCS #12 file: the certificate (+ chain) in one AES-256-CBC / PBKDF2-SHA-256
 * encrypted safe, the key as a shrouded key bag with the same protection, an HMAC-SHA-256 MAC over it all
 * (what `openssl pkcs12 -export` writes since OpenSSL 3). `friendlyName` labels the key and its certificate.
 */
export async function createPkcs12(input: {
  certificatePem: string;
  /** Any PEM private key node:crypto reads. */
  privateKeyPem: string;
  /** Sent after the certificate (issuing CAs), not bound to the key. */
  chainPem?: string[];
  password: string;
  friendlyName?: string;
}): Promise<Uint8Array> {
  const password = passwordBytes(input.password);
  const protection = {
    password,
    // pkijs draws a fresh IV itself; the type wants one.
    contentEncryptionAlgorithm: { name: "AES-CBC", length: 256 } as unknown as pkijs.ContentEncryptionAesCbcParams,
    hmacHashAlgorithm: "SHA-256",
    iterationCount: ITERATIONS,
  };
  // The key and its certificate share a localKeyId, so readers (Windows, OpenSSL) pair them.
  const localKeyId = webcrypto.getRandomValues(new Uint8Array(new ArrayBuffer(20)));
  const attributes = [
    new pkijs.Attribute({ type: LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: localKeyId.buffer })] }),
    ...(input.friendlyName
      ? [new pkijs.Attribute({ type: FRIENDLY_NAME, values: [new asn1js.BmpString({ value: input.friendlyName })] })]
      : []),
  ];
  const certificateBag = (pem: string, withAttributes: boolean) =>
    new pkijs.SafeBag({
      bagId: CERT_BAG,
      bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(pemBody(pem)) }),
      ...(withAttributes ? { bagAttributes: attributes } : {}),
    });

  const pkcs8 = createPrivateKey(input.privateKeyPem).export({ format: "der", type: "pkcs8" });
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(new Uint8Array(pkcs8)) });
  await shrouded.makeInternalValues(protection, engine);

  const certificates = new pkijs.SafeContents({
    safeBags: [certificateBag(input.certificatePem, true), ...(input.chainPem ?? []).map((pem) => certificateBag(pem, false))],
  });
  const keys = new pkijs.SafeContents({
    safeBags: [new pkijs.SafeBag({ bagId: SHROUDED_KEY_BAG, bagValue: shrouded, bagAttributes: attributes })],
  });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: certificates },
        { privacyMode: 0, value: keys },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [protection, {}] }, engine);

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    { password, iterations: ITERATIONS, pbkdf2HashAlgorithm: { name: "SHA-256" }, hmacHashAlgorithm: "SHA-256" },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

const LEGACY_MESSAGE =
  "This PKCS#12 file uses legacy encryption (RC2 or 3DES for the certificates). Export it again with AES-256 (OpenSSL 3 `openssl pkcs12 -export` does by default; on Windows choose AES256-SHA256), or import the certificate and key as PEM.";

function algorithmOf(encrypted: pkijs.EncryptedData): string {
  return encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId;
}

async function bagsOf(content: pkijs.ContentInfo, password: ArrayBuffer): Promise<pkijs.SafeBag[]> {
  if (content.contentType === CONTENT_DATA) {
    return pkijs.SafeContents.fromBER((content.content as asn1js.OctetString).getValue()).safeBags;
  }
  if (content.contentType === CONTENT_ENCRYPTED_DATA) {
    const encrypted = new pkijs.EncryptedData({ schema: content.content });
    if (algorithmOf(encrypted).startsWith(LEGACY_PBE_PREFIX)) throw new Pkcs12Error(LEGACY_MESSAGE, "file");
    let decrypted: ArrayBuffer;
    try {
      decrypted = await encrypted.decrypt({ password }, engine);
    } catch {
      // The MAC already proved the password; a failure here is a cipher pkijs does not know.
      throw new Pkcs12Error(LEGACY_MESSAGE, "file");
    }
    return pkijs.SafeContents.fromBER(decrypted).safeBags;
  }
  throw new Pkcs12Error(
    "This PKCS#12 file protects its contents with a public key (enveloped data), not a password; it cannot be imported.",
    "file",
  );
}

/** Opens a PKCS #12 file with its password: the one private key and the certificates, or a Pkcs12Error. */
export async function readPkcs12(file: Uint8Array, password: string): Promise<Pkcs12Contents> {
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(file));
  } catch {
    throw new Pkcs12Error("This is not a PKCS#12 file (.p12 / .pfx): it could not be decoded.", "file");
  }
  const passwordBuffer = passwordBytes(password);
  try {
    await pfx.parseInternalValues({ password: passwordBuffer, checkIntegrity: true }, engine);
  } catch (error) {
    const message = (error as Error).message;
    if (/integrity/i.test(message)) throw new Pkcs12Error("The password does not open this PKCS#12 file.", "password");
    throw new Pkcs12Error(
      `This PKCS#12 file cannot be read (${/macData/.test(message) ? "it carries no password MAC" : "unsupported integrity protection"}).`,
      "file",
    );
  }
  const safeContents = pfx.parsedValue?.authenticatedSafe?.safeContents ?? [];
  const certificatesPem: string[] = [];
  const keys: KeyObject[] = [];
  for (const content of safeContents) {
    for (const bag of await bagsOf(content, passwordBuffer)) {
      if (bag.bagId === CERT_BAG) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId !== X509_CERTIFICATE) continue;
        certificatesPem.push(pemOf((certBag.certValue as asn1js.OctetString).valueBlock.valueHexView, "CERTIFICATE"));
      } else if (bag.bagId === SHROUDED_KEY_BAG || bag.bagId === KEY_BAG) {
        const der = Buffer.from((bag.bagValue as pkijs.PkiObject).toSchema().toBER(false));
        try {
          keys.push(
            bag.bagId === KEY_BAG
              ? createPrivateKey({ key: der, format: "der", type: "pkcs8" })
              : createPrivateKey({ key: der, format: "der", type: "pkcs8", passphrase: password }),
          );
        } catch {
          throw new Pkcs12Error("The private key in this PKCS#12 file cannot be opened (unsupported key encryption).", "file");
        }
      }
    }
  }
  if (keys.length === 0) throw new Pkcs12Error("This PKCS#12 file holds no private key.", "file");
  if (keys.length > 1)
    throw new Pkcs12Error("This PKCS#12 file holds several private keys; export only the one certificate and its key.", "file");
  if (certificatesPem.length === 0) throw new Pkcs12Error("This PKCS#12 file holds no certificate.", "file");
  return { privateKey: keys[0]!, certificatesPem };
}
