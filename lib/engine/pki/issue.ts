/**
 * Certificate *issuing* helpers: key pairs, certificate authorities, and server / client certificates
 * signed by them. Used by the MDM simulator for its HTTPS certificates and, later, by the product for
 * device certificates (EAP-TLS). Pure node:crypto WebCrypto + @peculiar/x509; no openssl shell-outs.
 */
// Must load before @peculiar/x509 (its DI container, tsyringe, checks for Reflect.getMetadata).
import "./reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

// @peculiar/x509 expects the DOM Crypto type; node's webcrypto implements the same interface.
const nodeCrypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(nodeCrypto);

/** ECDSA P-256 is the default: key generation takes milliseconds. RSA for peers that need it. */
export type KeyAlgorithm = "ecdsa-p256" | "ecdsa-p384" | "rsa-2048" | "rsa-3072" | "rsa-4096";

export interface IssuedCertificate {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
  certificatePem: string;
  /** PKCS #8 PEM ("BEGIN PRIVATE KEY"), accepted by node:tls. */
  privateKeyPem: string;
}

export interface CertificateValidity {
  /** Default: now minus 5 minutes (tolerates small clock skew between peers). */
  notBefore?: Date;
  /** Default: notBefore + validityDays. */
  notAfter?: Date;
  validityDays?: number;
}

export interface CreateCertificateAuthorityOptions extends CertificateValidity {
  commonName: string;
  organization?: string;
  keyAlgorithm?: KeyAlgorithm;
}

export type CertificateProfile = "server" | "client";

export interface IssueCertificateOptions extends CertificateValidity {
  issuer: IssuedCertificate;
  commonName: string;
  organization?: string;
  /** server: EKU serverAuth; client: EKU clientAuth (device identity certificates). */
  profile: CertificateProfile;
  /** DNS names and IP addresses for the Subject Alternative Name; IPs are detected with net.isIP. */
  hostnames?: string[];
  /** SAN URIs, e.g. `ID:Mobileiron:GUID:<guid>` for MDM device certificates (ISE MDM reference §2). */
  uris?: string[];
  emails?: string[];
  keyAlgorithm?: KeyAlgorithm;
}

const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

function signingAlgorithm(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  switch (algorithm) {
    case "ecdsa-p256":
      return { name: "ECDSA", namedCurve: "P-256" };
    case "ecdsa-p384":
      return { name: "ECDSA", namedCurve: "P-384" };
    case "rsa-2048":
    case "rsa-3072":
    case "rsa-4096":
      return {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: Number(algorithm.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      };
  }
}

/**
 * The signature algorithm x509 needs for a given signing key (ECDSA needs the hash spelled out; a P-384 key
 * signs with SHA-384, RFC 5480 §4).
 */
export function signatureParams(key: CryptoKey): Algorithm | EcdsaParams {
  if (key.algorithm.name !== "ECDSA") return { name: "RSASSA-PKCS1-v1_5" };
  const curve = (key.algorithm as EcKeyAlgorithm).namedCurve;
  return { name: "ECDSA", hash: curve === "P-384" ? "SHA-384" : "SHA-256" } as EcdsaParams;
}

export async function generateKeyPair(algorithm: KeyAlgorithm = "ecdsa-p256"): Promise<CryptoKeyPair> {
  // Extractable so the private key can be written to PEM.
  return (await nodeCrypto.subtle.generateKey(signingAlgorithm(algorithm), true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await nodeCrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/**
 * Imports a PEM private key (PKCS #8, or the PKCS #1 / SEC1 forms node:crypto understands) as a
 * WebCrypto signing key. The algorithm is read from the key itself.
 */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const keyObject = createPrivateKey(pem);
  const pkcs8 = new Uint8Array(keyObject.export({ format: "der", type: "pkcs8" }));
  const type = keyObject.asymmetricKeyType;
  let algorithm: RsaHashedImportParams | EcKeyImportParams;
  if (type === "ec") {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const namedCurve =
      curve === "prime256v1" ? "P-256" : curve === "secp384r1" ? "P-384" : curve === "secp521r1" ? "P-521" : null;
    if (!namedCurve) throw new Error(`Unsupported EC curve: ${curve ?? "unknown"}`);
    algorithm = { name: "ECDSA", namedCurve };
  } else if (type === "rsa") {
    algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  } else {
    throw new Error(`Unsupported private key type: ${type ?? "unknown"}`);
  }
  return nodeCrypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]);
}

/** Loads a CA (or any certificate + key) from PEM so it can sign new certificates. */
export async function loadIssuedCertificate(certificatePem: string, privateKeyPem: string): Promise<IssuedCertificate> {
  const certificate = new x509.X509Certificate(certificatePem);
  const privateKey = await importPrivateKeyPem(privateKeyPem);
  return { certificate, privateKey, certificatePem: certificate.toString("pem"), privateKeyPem };
}

function resolveValidity(validity: CertificateValidity, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const notBefore = validity.notBefore ?? new Date(Date.now() - CLOCK_SKEW_MS);
  const notAfter = validity.notAfter ?? new Date(notBefore.getTime() + (validity.validityDays ?? defaultDays) * DAY_MS);
  if (notAfter.getTime() <= notBefore.getTime()) throw new Error("notAfter must be later than notBefore");
  return { notBefore, notAfter };
}

function subjectName(commonName: string, organization?: string): x509.JsonName {
  // JSON form, so commas or equals signs in names need no RFC 4514 escaping.
  const name: x509.JsonName = [{ CN: [commonName] }];
  if (organization) name.push({ O: [organization] });
  return name;
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 random bytes with the top bit cleared. */
function randomSerialNumber(): string {
  const bytes = nodeCrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return Buffer.from(bytes).toString("hex");
}

async function finish(certificate: x509.X509Certificate, keys: CryptoKeyPair): Promise<IssuedCertificate> {
  return {
    certificate,
    privateKey: keys.privateKey,
    certificatePem: certificate.toString("pem"),
    privateKeyPem: await privateKeyToPem(keys.privateKey),
  };
}

/** A self-signed root CA (RFC 5280 §4.2.1.9 basicConstraints cA, §4.2.1.3 keyCertSign + cRLSign). */
export async function createCertificateAuthority(options: CreateCertificateAuthorityOptions): Promise<IssuedCertificate> {
  const keys = await generateKeyPair(options.keyAlgorithm);
  const { notBefore, notAfter } = resolveValidity(options, 3650);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumber(),
      name: subjectName(options.commonName, options.organization),
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: signatureParams(keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
      ],
    },
    nodeCrypto,
  );
  return finish(certificate, keys);
}

/** An end-entity certificate signed by `issuer` (RFC 5280 §4.2.1.6 SAN, §4.2.1.12 EKU). */
export async function issueCertificate(options: IssueCertificateOptions): Promise<IssuedCertificate> {
  const keyAlgorithm = options.keyAlgorithm ?? "ecdsa-p256";
  const keys = await generateKeyPair(keyAlgorithm);
  const { notBefore, notAfter } = resolveValidity(options, 825);

  const names: x509.JsonGeneralName[] = [];
  for (const host of options.hostnames ?? []) names.push({ type: isIP(host) ? "ip" : "dns", value: host });
  for (const uri of options.uris ?? []) names.push({ type: "url", value: uri });
  for (const email of options.emails ?? []) names.push({ type: "email", value: email });

  // keyEncipherment only applies to RSA key transport (RFC 5246 §7.4.7.1); ECDSA keys only sign.
  let usages = x509.KeyUsageFlags.digitalSignature;
  if (keyAlgorithm.startsWith("rsa")) usages |= x509.KeyUsageFlags.keyEncipherment;

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension(
      [options.profile === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
      false,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
    await x509.AuthorityKeyIdentifierExtension.create(options.issuer.certificate.publicKey, false, nodeCrypto),
  ];
  // RFC 5280 §4.2.1.6: SAN must be critical when the subject DN is empty; ours never is.
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));

  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: subjectName(options.commonName, options.organization),
      issuer: options.issuer.certificate.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: options.issuer.privateKey,
      signingAlgorithm: signatureParams(options.issuer.privateKey),
      extensions,
    },
    nodeCrypto,
  );
  return finish(certificate, keys);
}
