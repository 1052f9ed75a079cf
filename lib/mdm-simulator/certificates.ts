/**
 * The simulator's TLS material, created on first start under `dataDir` and reused afterwards, so an
 * admin imports the CA into Gatehouse's trust store once:
 * - `ca.pem` (+ key): the CA that signs the served certificates; this is what gets imported;
 * - `server.pem`: the normal certificate (localhost, 127.0.0.1, ::1 and extra hostnames);
 * - `expired.pem`: same names, same CA, validity in the past (the `expired` fault);
 * - `rogue-ca.pem` + `untrusted.pem`: a certificate from another CA (the `untrusted` fault);
 * - `device-ca.pem` (+ key): the CA of device identity certificates (EAP-TLS client certificates), apart from
 *   the one of the served HTTPS certificates, as an MDM's certificate authority is: an admin trusts it for
 *   client authentication only.
 */
import { X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import {
  createCertificateAuthority,
  issueCertificate,
  loadIssuedCertificate,
  type IssuedCertificate,
  type KeyAlgorithm,
} from "../engine/pki/issue";

export type CertificateVariant = "valid" | "untrusted" | "expired";

export interface TlsCredentials {
  key: string;
  cert: string;
}

export interface SimulatorCertificates {
  caCertPem: string;
  caCertPath: string;
  rogueCaCertPem: string;
  rogueCaCertPath: string;
  /** Signs device identity certificates (./device-certificates). */
  deviceCa: IssuedCertificate;
  deviceCaCertPath: string;
  /** The key/certificate pair served for each `certificate` fault value. */
  credentials: Record<CertificateVariant, TlsCredentials>;
}

export interface EnsureCertificatesOptions {
  dataDir: string;
  /** Names the served certificates must cover (DNS names or IP addresses). */
  hostnames: string[];
  keyAlgorithm?: KeyAlgorithm;
}

const DAY_MS = 86_400_000;

/** Writes atomically; private keys are created with 0600 so only the owner can read them. */
function writePem(file: string, pem: string, isPrivate: boolean): void {
  const mode = isPrivate ? 0o600 : 0o644;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, pem, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, file);
}

function files(dataDir: string, name: string): { cert: string; key: string } {
  return { cert: path.join(dataDir, `${name}.pem`), key: path.join(dataDir, `${name}-key.pem`) };
}

async function readPair(dataDir: string, name: string): Promise<IssuedCertificate | null> {
  const { cert, key } = files(dataDir, name);
  if (!existsSync(cert) || !existsSync(key)) return null;
  try {
    return await loadIssuedCertificate(readFileSync(cert, "utf8"), readFileSync(key, "utf8"));
  } catch (error) {
    throw new Error(`Cannot load ${cert} / ${key}: ${(error as Error).message}. Remove both files to regenerate them.`, {
      cause: error,
    });
  }
}

function writePair(dataDir: string, name: string, issued: IssuedCertificate): void {
  const { cert, key } = files(dataDir, name);
  writePem(key, issued.privateKeyPem, true);
  writePem(cert, issued.certificatePem, false);
}

/** SAN entries as node:crypto renders them, e.g. "DNS:localhost" and "IP Address:127.0.0.1". */
function sanEntries(certificate: X509Certificate): Set<string> {
  return new Set((certificate.subjectAltName ?? "").split(/,\s*/).map((entry) => entry.trim().toLowerCase()));
}

function sanEntry(hostname: string): string {
  if (isIP(hostname) === 4) return `ip address:${hostname}`;
  // node renders IPv6 SANs in their full form; compare on the canonical expansion.
  if (isIP(hostname) === 6) return `ip address:${expandIpv6(hostname)}`;
  return `dns:${hostname.toLowerCase()}`;
}

function expandIpv6(address: string): string {
  const [head = "", tail = ""] = address.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = address.includes("::") ? 8 - headParts.length - tailParts.length : 0;
  const parts = [...headParts, ...Array<string>(missing).fill("0"), ...tailParts];
  return parts.map((part) => part.toUpperCase().replace(/^0+(?=.)/, "")).join(":");
}

/** Reusable when signed by `issuer`, covering every hostname, and (unless expired is wanted) current. */
function isReusable(
  pair: IssuedCertificate | null,
  issuer: IssuedCertificate,
  hostnames: string[],
  wantExpired: boolean,
  now: number,
): boolean {
  if (!pair) return false;
  const certificate = new X509Certificate(pair.certificatePem);
  const issuerCertificate = new X509Certificate(issuer.certificatePem);
  if (!certificate.checkIssued(issuerCertificate) || !certificate.verify(issuerCertificate.publicKey)) return false;
  const notAfter = Date.parse(certificate.validTo);
  const notBefore = Date.parse(certificate.validFrom);
  if (wantExpired ? notAfter >= now : notBefore > now || notAfter < now + DAY_MS) return false;
  const names = sanEntries(certificate);
  return hostnames.every((hostname) => names.has(sanEntry(hostname).toLowerCase()));
}

async function ensureCa(dataDir: string, name: string, commonName: string, keyAlgorithm: KeyAlgorithm, now: number) {
  const existing = await readPair(dataDir, name);
  if (existing && existing.certificate.notAfter.getTime() > now + DAY_MS) return existing;
  const ca = await createCertificateAuthority({
    commonName,
    organization: "Gatehouse MDM Simulator",
    keyAlgorithm,
    validityDays: 3650,
  });
  writePair(dataDir, name, ca);
  return ca;
}

async function ensureLeaf(
  dataDir: string,
  name: string,
  issuer: IssuedCertificate,
  hostnames: string[],
  keyAlgorithm: KeyAlgorithm,
  expired: boolean,
  now: number,
): Promise<IssuedCertificate> {
  const existing = await readPair(dataDir, name);
  if (existing && isReusable(existing, issuer, hostnames, expired, now)) return existing;
  const issued = await issueCertificate({
    issuer,
    commonName: hostnames[0] ?? "localhost",
    organization: "Gatehouse MDM Simulator",
    profile: "server",
    hostnames,
    keyAlgorithm,
    ...(expired ? { notBefore: new Date(now - 400 * DAY_MS), notAfter: new Date(now - DAY_MS) } : { validityDays: 397 }),
  });
  writePair(dataDir, name, issued);
  return issued;
}

export async function ensureSimulatorCertificates(options: EnsureCertificatesOptions): Promise<SimulatorCertificates> {
  const { dataDir } = options;
  const keyAlgorithm = options.keyAlgorithm ?? "ecdsa-p256";
  const hostnames = [...new Set(options.hostnames.map((name) => name.trim()).filter(Boolean))];
  const now = Date.now();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const ca = await ensureCa(dataDir, "ca", "Gatehouse MDM Simulator CA", keyAlgorithm, now);
  const rogueCa = await ensureCa(dataDir, "rogue-ca", "Untrusted Rogue CA", keyAlgorithm, now);
  const deviceCa = await ensureCa(dataDir, "device-ca", "Gatehouse MDM Simulator Device CA", keyAlgorithm, now);
  const valid = await ensureLeaf(dataDir, "server", ca, hostnames, keyAlgorithm, false, now);
  const expired = await ensureLeaf(dataDir, "expired", ca, hostnames, keyAlgorithm, true, now);
  const untrusted = await ensureLeaf(dataDir, "untrusted", rogueCa, hostnames, keyAlgorithm, false, now);

  const credentials = (pair: IssuedCertificate): TlsCredentials => ({ key: pair.privateKeyPem, cert: pair.certificatePem });
  return {
    caCertPem: ca.certificatePem,
    caCertPath: files(dataDir, "ca").cert,
    rogueCaCertPem: rogueCa.certificatePem,
    rogueCaCertPath: files(dataDir, "rogue-ca").cert,
    deviceCa,
    deviceCaCertPath: files(dataDir, "device-ca").cert,
    credentials: { valid: credentials(valid), expired: credentials(expired), untrusted: credentials(untrusted) },
  };
}
