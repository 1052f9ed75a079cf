/**
 * Certificate *parsing*: what an admin uploads or pastes (PEM, PEM bundles, DER, bare base64) turned into
 * described X.509 certificates, or a specific reason why not (a private key, a CSR, corrupt data, ...).
 * Framework-free (pkijs + asn1js + node:crypto hashes): used by the trusted certificate store and, later,
 * by the engine for EAP-TLS client certificates.
 */
import { createHash, createPrivateKey } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

export type CertificateRejection = "EMPTY" | "PRIVATE_KEY" | "CSR" | "NOT_A_CERTIFICATE" | "CORRUPT" | "UNSUPPORTED" | "TOO_MANY";

export type SubjectAltName = { type: "DNS" | "IP" | "URI" | "email" | "DN" | "other"; value: string };

export type ParsedCertificate = {
  /** PEM of the certificate alone, normalised (64-character lines, LF). */
  pem: string;
  der: Uint8Array;
  version: number;
  subject: string;
  subjectCommonName?: string;
  issuer: string;
  issuerCommonName?: string;
  /** Upper-case hex, no separators. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Colon-separated upper-case hex (the format node:tls and the TLS step trace use). */
  fingerprintSha256: string;
  fingerprintSha1: string;
  /** e.g. "RSA", "EC", "Ed25519". */
  keyAlgorithm: string;
  /** RSA modulus bits, EC curve bits. */
  keySize?: number;
  /** EC named curve (P-256, ...). */
  keyCurve?: string;
  signatureAlgorithm: string;
  basicConstraints?: { isCa: boolean; pathLength?: number; critical: boolean };
  isCa: boolean;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectAltNames: SubjectAltName[];
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  /** Subject equals issuer and the signature verifies with its own key (when checkable). */
  isSelfSigned: boolean;
};

export type ParseCertificatesResult =
  { ok: true; certificates: ParsedCertificate[] } | { ok: false; reason: CertificateRejection; message: string };

export const CERTIFICATE_REJECTION_MESSAGES: Record<CertificateRejection, string> = {
  EMPTY: "The file or text is empty. Choose a certificate file or paste a PEM certificate.",
  PRIVATE_KEY:
    "A private key was uploaded. It was not stored and nothing was imported. Import only the certificate (BEGIN CERTIFICATE); keep private keys off the trust store.",
  CSR: "This is a certificate signing request (CSR), not a certificate. Import the certificate the CA issued for it.",
  NOT_A_CERTIFICATE:
    "This is not a certificate. Upload a .pem, .crt, .cer or .der file holding an X.509 certificate, or paste a block starting with -----BEGIN CERTIFICATE-----.",
  CORRUPT: "The certificate data is corrupt: it is not valid DER/PEM (damaged, truncated or edited).",
  UNSUPPORTED: "This format is not supported here. Convert it to PEM or DER X.509 certificates.",
  TOO_MANY: "A bundle may hold at most 50 certificates.",
};

const MAX_CERTIFICATES = 50;

const OIDS: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.42": "GN",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
  "1.2.840.113549.1.9.1": "emailAddress",
};

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "Server Authentication",
  "1.3.6.1.5.5.7.3.2": "Client Authentication",
  "1.3.6.1.5.5.7.3.3": "Code Signing",
  "1.3.6.1.5.5.7.3.4": "Email Protection",
  "1.3.6.1.5.5.7.3.8": "Time Stamping",
  "1.3.6.1.5.5.7.3.9": "OCSP Signing",
  "1.3.6.1.4.1.311.20.2.2": "Smartcard Logon",
  "2.5.29.37.0": "Any Extended Key Usage",
};

const SIGNATURE_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
};

const CURVES: Record<string, { name: string; bits: number }> = {
  "1.2.840.10045.3.1.7": { name: "P-256", bits: 256 },
  "1.3.132.0.34": { name: "P-384", bits: 384 },
  "1.3.132.0.35": { name: "P-521", bits: 521 },
  "1.3.132.0.10": { name: "secp256k1", bits: 256 },
};

// RFC 5280 §4.2.1.3, bit order of the KeyUsage BIT STRING.
const KEY_USAGE_BITS = [
  "Digital Signature",
  "Non Repudiation",
  "Key Encipherment",
  "Data Encipherment",
  "Key Agreement",
  "Certificate Sign",
  "CRL Sign",
  "Encipher Only",
  "Decipher Only",
];

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

const toHex = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes as Uint8Array)
    .toString("hex")
    .toUpperCase();
const colonHex = (hex: string) => (hex.match(/.{2}/g) ?? []).join(":");

function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END CERTIFICATE-----\n`;
}

function rejection(reason: CertificateRejection): ParseCertificatesResult {
  return { ok: false, reason, message: CERTIFICATE_REJECTION_MESSAGES[reason] };
}

function decodeBase64Strict(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, "base64"));
}

function rdnToString(name: pkijs.RelativeDistinguishedNames): { text: string; cn?: string } {
  let cn: string | undefined;
  const parts = name.typesAndValues.map((tv) => {
    const label = OIDS[tv.type] ?? tv.type;
    const block = tv.value.valueBlock as { value?: unknown };
    const value = typeof block.value === "string" ? block.value : toHex((tv.value as asn1js.BaseBlock).valueBeforeDecodeView);
    if (label === "CN" && cn === undefined) cn = value;
    return `${label}=${value}`;
  });
  return { text: parts.join(", "), cn };
}

function ipToString(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
    return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
  }
  return toHex(bytes);
}

function generalNames(names: pkijs.GeneralName[]): SubjectAltName[] {
  return names.map((name): SubjectAltName => {
    switch (name.type) {
      case 1:
        return { type: "email", value: String(name.value) };
      case 2:
        return { type: "DNS", value: String(name.value) };
      case 6:
        return { type: "URI", value: String(name.value) };
      case 7:
        return { type: "IP", value: ipToString(new Uint8Array((name.value as asn1js.OctetString).valueBlock.valueHexView)) };
      case 4:
        return { type: "DN", value: rdnToString(name.value as pkijs.RelativeDistinguishedNames).text };
      default:
        return { type: "other", value: `type ${name.type}` };
    }
  });
}

function describePublicKey(cert: pkijs.Certificate): { keyAlgorithm: string; keySize?: number; keyCurve?: string } {
  const spki = cert.subjectPublicKeyInfo;
  const oid = spki.algorithm.algorithmId;
  if (oid === "1.2.840.113549.1.1.1" || oid === "1.2.840.113549.1.1.10") {
    const parsed = spki.parsedKey as pkijs.RSAPublicKey | undefined;
    let bytes = parsed ? new Uint8Array(parsed.modulus.valueBlock.valueHexView) : undefined;
    while (bytes && bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
    const bits = bytes && bytes.length > 0 ? (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!)) : undefined;
    return { keyAlgorithm: "RSA", keySize: bits };
  }
  if (oid === "1.2.840.10045.2.1") {
    const params = spki.algorithm.algorithmParams as asn1js.ObjectIdentifier | undefined;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : "";
    const curve = CURVES[curveOid];
    return { keyAlgorithm: "EC", keySize: curve?.bits, keyCurve: curve?.name ?? (curveOid || undefined) };
  }
  if (oid === "1.3.101.112") return { keyAlgorithm: "Ed25519", keySize: 256 };
  if (oid === "1.3.101.113") return { keyAlgorithm: "Ed448", keySize: 456 };
  if (oid === "1.2.840.10040.4.1") return { keyAlgorithm: "DSA" };
  return { keyAlgorithm: oid };
}

/** Describes one DER certificate; throws when the DER is not a certificate. */
export function describeCertificateDer(input: Uint8Array): ParsedCertificate {
  const der = new Uint8Array(input);
  const cert = pkijs.Certificate.fromBER(der);
  const subject = rdnToString(cert.subject);
  const issuer = rdnToString(cert.issuer);
  let basicConstraints: ParsedCertificate["basicConstraints"];
  const keyUsage: string[] = [];
  let extendedKeyUsage: string[] = [];
  let subjectAltNames: SubjectAltName[] = [];
  let subjectKeyIdentifier: string | undefined;
  let authorityKeyIdentifier: string | undefined;
  for (const extension of cert.extensions ?? []) {
    const parsed: unknown = extension.parsedValue;
    switch (extension.extnID) {
      case "2.5.29.19": {
        const bc = parsed as pkijs.BasicConstraints | undefined;
        const pathLen = bc?.pathLenConstraint;
        basicConstraints = {
          isCa: Boolean(bc?.cA),
          pathLength:
            typeof pathLen === "number" ? pathLen : pathLen instanceof asn1js.Integer ? pathLen.valueBlock.valueDec : undefined,
          critical: extension.critical,
        };
        break;
      }
      case "2.5.29.15": {
        const bits = new Uint8Array((parsed as asn1js.BitString).valueBlock.valueHexView);
        KEY_USAGE_BITS.forEach((name, index) => {
          const byte = bits[index >> 3] ?? 0;
          if (byte & (0x80 >> (index & 7))) keyUsage.push(name);
        });
        break;
      }
      case "2.5.29.37":
        extendedKeyUsage = (parsed as pkijs.ExtKeyUsage).keyPurposes.map((oid) => EKU_NAMES[oid] ?? oid);
        break;
      case "2.5.29.17":
        subjectAltNames = generalNames((parsed as pkijs.AltName).altNames);
        break;
      case "2.5.29.14":
        subjectKeyIdentifier = colonHex(toHex((parsed as asn1js.OctetString).valueBlock.valueHexView));
        break;
      case "2.5.29.35": {
        const keyId = (parsed as pkijs.AuthorityKeyIdentifier).keyIdentifier;
        if (keyId) authorityKeyIdentifier = colonHex(toHex(keyId.valueBlock.valueHexView));
        break;
      }
    }
  }
  const sameName = cert.subject.isEqual(cert.issuer);
  const keyIdsAgree = !authorityKeyIdentifier || !subjectKeyIdentifier || authorityKeyIdentifier === subjectKeyIdentifier;
  const bytes = der;
  return {
    pem: toPem(bytes),
    der: bytes,
    version: cert.version + 1,
    subject: subject.text,
    subjectCommonName: subject.cn,
    issuer: issuer.text,
    issuerCommonName: issuer.cn,
    serialNumber: toHex(cert.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, ""),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    fingerprintSha256: colonHex(createHash("sha256").update(bytes).digest("hex").toUpperCase()),
    fingerprintSha1: colonHex(createHash("sha1").update(bytes).digest("hex").toUpperCase()),
    ...describePublicKey(cert),
    signatureAlgorithm: SIGNATURE_NAMES[cert.signatureAlgorithm.algorithmId] ?? cert.signatureAlgorithm.algorithmId,
    basicConstraints,
    isCa: basicConstraints?.isCa ?? false,
    keyUsage,
    extendedKeyUsage,
    subjectAltNames,
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    isSelfSigned: sameName && keyIdsAgree,
  };
}

type DerKind = "certificate" | "csr" | "private-key" | "unknown" | "corrupt";

/** What a DER blob is: certificate, CSR, private key, other valid ASN.1, or not ASN.1 at all. */
function classifyDer(input: Uint8Array): DerKind {
  const der = new Uint8Array(input);
  const decoded = asn1js.fromBER(der);
  if (decoded.offset === -1) return "corrupt";
  try {
    pkijs.Certificate.fromBER(der);
    return "certificate";
  } catch {
    // not a certificate; keep looking
  }
  try {
    pkijs.CertificationRequest.fromBER(der);
    return "csr";
  } catch {
    // not a CSR
  }
  for (const type of ["pkcs8", "pkcs1", "sec1"] as const) {
    try {
      createPrivateKey({ key: Buffer.from(der), format: "der", type });
      return "private-key";
    } catch {
      // not this key encoding
    }
  }
  // Encrypted PKCS #8: SEQUENCE { SEQUENCE { OID pbes2|pbe..., ... }, OCTET STRING }.
  const root = decoded.result;
  if (root instanceof asn1js.Sequence) {
    const [first, second] = root.valueBlock.value;
    if (first instanceof asn1js.Sequence && second instanceof asn1js.OctetString) {
      const oid = first.valueBlock.value[0];
      if (oid instanceof asn1js.ObjectIdentifier && oid.valueBlock.toString().startsWith("1.2.840.113549.1.5"))
        return "private-key";
    }
  }
  return "unknown";
}

function fromDerBlobs(blobs: Uint8Array[]): ParseCertificatesResult {
  if (blobs.length > MAX_CERTIFICATES) return rejection("TOO_MANY");
  const certificates: ParsedCertificate[] = [];
  for (const der of blobs) {
    const kind = classifyDer(der);
    if (kind === "private-key") return rejection("PRIVATE_KEY");
    if (kind === "csr") return rejection("CSR");
    if (kind === "corrupt") return rejection("CORRUPT");
    if (kind === "unknown") return rejection("NOT_A_CERTIFICATE");
    try {
      certificates.push(describeCertificateDer(der));
    } catch {
      return rejection("CORRUPT");
    }
  }
  return { ok: true, certificates };
}

/** Base64 without PEM armour: only DER that at least starts like an ASN.1 SEQUENCE counts as an attempt. */
function fromBareBase64(text: string): ParseCertificatesResult {
  const decoded = decodeBase64Strict(text);
  if (!decoded || decoded.length < 32 || decoded[0] !== 0x30) return rejection("NOT_A_CERTIFICATE");
  return fromDerBlobs([decoded]);
}

const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);
const CSR_LABELS = new Set(["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]);

/**
 * Parses what an admin uploaded or pasted: text (PEM blocks, several allowed; or bare base64 DER) or bytes
 * (DER, or a PEM file). Any private key anywhere rejects the whole input, so nothing of it is stored.
 */
export function parseCertificates(input: string | Uint8Array): ParseCertificatesResult {
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else {
    if (input.length === 0) return rejection("EMPTY");
    const latin1 = Buffer.from(input).toString("latin1");
    if (!latin1.includes("-----BEGIN ")) {
      // Binary DER, or a text file of bare base64.
      if (input[0] === 0x30) return fromDerBlobs([input]);
      return fromBareBase64(latin1);
    }
    text = Buffer.from(input).toString("utf8");
  }
  if (text.trim() === "") return rejection("EMPTY");

  const blocks = [...text.matchAll(PEM_BLOCK)].map((match) => ({ label: match[1]!, body: match[2]! }));
  if (blocks.length === 0) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return rejection("PRIVATE_KEY");
    if (/-----BEGIN [A-Z ]*CERTIFICATE REQUEST-----/.test(text)) return rejection("CSR");
    if (/-----BEGIN /.test(text)) return rejection("CORRUPT");
    return fromBareBase64(text);
  }
  // A private key anywhere wins: the admin must learn that it was not stored.
  if (blocks.some((block) => block.label.endsWith("PRIVATE KEY"))) return rejection("PRIVATE_KEY");
  if (blocks.some((block) => CSR_LABELS.has(block.label))) return rejection("CSR");
  if (blocks.some((block) => block.label === "PKCS7" || block.label === "CMS")) return rejection("UNSUPPORTED");
  if (!blocks.every((block) => CERTIFICATE_LABELS.has(block.label))) return rejection("NOT_A_CERTIFICATE");
  const blobs: Uint8Array[] = [];
  for (const block of blocks) {
    // RFC 7468 §2: headers (Proc-Type etc.) are not allowed in certificate PEM; tolerate only whitespace.
    const decoded = decodeBase64Strict(block.body);
    if (!decoded) return rejection("CORRUPT");
    if (block.label === "TRUSTED CERTIFICATE") {
      // OpenSSL's trusted form appends trust settings after the certificate: keep the certificate only.
      const outer = asn1js.fromBER(decoded);
      if (outer.offset === -1) return rejection("CORRUPT");
      blobs.push(decoded.subarray(0, outer.offset));
    } else {
      blobs.push(decoded);
    }
  }
  const result = fromDerBlobs(blobs);
  if (!result.ok && result.reason === "NOT_A_CERTIFICATE") return rejection("CORRUPT");
  return result;
}

/** Validity state at `now`, with the 30-day expiry warning of the trusted certificates list. */
export function certificateValidity(
  certificate: { notBefore: Date; notAfter: Date },
  now = new Date(),
): "expired" | "not-yet-valid" | "expiring" | "valid" {
  if (certificate.notAfter.getTime() < now.getTime()) return "expired";
  if (certificate.notBefore.getTime() > now.getTime()) return "not-yet-valid";
  if (certificate.notAfter.getTime() - now.getTime() < 30 * 86_400_000) return "expiring";
  return "valid";
}
