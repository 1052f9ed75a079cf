import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { CertificateInfo } from "../../validation/mdm-connection";

/**
 * Certificate facts for Test Connection's TLS step: the server's chain, which trusted certificate anchored
 * it, and a verification failure in words an administrator can act on.
 */

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Individual certificates of the trust list (entries may be bundles); unreadable ones are counted apart. */
export function readTrustedCertificates(pems: readonly string[]): { certificates: X509Certificate[]; unreadable: number } {
  const certificates: X509Certificate[] = [];
  let unreadable = 0;
  for (const pem of pems) {
    const blocks = pem.match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) unreadable += 1;
    for (const block of blocks) {
      try {
        certificates.push(new X509Certificate(block));
      } catch {
        unreadable += 1;
      }
    }
  }
  return { certificates, unreadable };
}

export function describeCertificate(certificate: X509Certificate): CertificateInfo {
  const info: CertificateInfo = {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
    selfSigned: certificate.subject === certificate.issuer && safeVerify(certificate, certificate),
  };
  if (certificate.subjectAltName) info.subjectAltName = certificate.subjectAltName;
  return info;
}

/** Node prints distinguished names one attribute per line; the trace wants `CN=..., O=...`. */
function oneLine(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

function safeVerify(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * The chain as the TLS socket saw it, leaf first. Node completes what the server sent with issuers from
 * the trusted store, so a verified chain ends with the trust anchor.
 */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current && current.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    try {
      chain.push(new X509Certificate(current.raw));
    } catch {
      break;
    }
    current = current.issuerCertificate;
  }
  return chain;
}

/**
 * Which trusted certificate the chain rests on: one that appears in the chain itself, else one that
 * issued the chain's top certificate. Returns its index in `trusted`.
 */
export function findAnchor(chain: readonly X509Certificate[], trusted: readonly X509Certificate[]): number | undefined {
  for (const certificate of chain) {
    const index = trusted.findIndex((t) => t.fingerprint256 === certificate.fingerprint256);
    if (index >= 0) return index;
  }
  const top = chain[chain.length - 1];
  if (!top) return undefined;
  const index = trusted.findIndex((t) => safeVerify(top, t));
  return index >= 0 ? index : undefined;
}

function commonName(certificate: X509Certificate | undefined): string {
  if (!certificate) return "(unknown)";
  const cn = certificate.subject.split("\n").find((part) => part.startsWith("CN="));
  return cn ? cn.slice(3) : oneLine(certificate.subject);
}

function issuerCommonName(certificate: X509Certificate | undefined): string {
  if (!certificate) return "(unknown)";
  const cn = certificate.issuer.split("\n").find((part) => part.startsWith("CN="));
  return cn ? cn.slice(3) : oneLine(certificate.issuer);
}

export interface VerifyFailureContext {
  code: string;
  chain: readonly X509Certificate[];
  trustedCount: number;
  serverName: string;
  now: Date;
  /** checkServerIdentity's message for a name mismatch. */
  identityMessage?: string;
}

/** A verification error code (OpenSSL X509_V_ERR_* name or Node's ERR_TLS_*) in words. */
export function describeVerifyFailure(context: VerifyFailureContext): string {
  const { code, chain, now } = context;
  const leaf = chain[0];
  const top = chain[chain.length - 1];
  const noTrust =
    context.trustedCount === 0 ? "No trusted certificates are configured, so no server certificate can be trusted. " : "";
  switch (code) {
    case "CERT_HAS_EXPIRED": {
      const expired = chain.find((c) => new Date(c.validTo) < now);
      return expired
        ? `The certificate "${commonName(expired)}" expired on ${new Date(expired.validTo).toISOString()}.`
        : "A certificate of the server's chain has expired.";
    }
    case "CERT_NOT_YET_VALID": {
      const future = chain.find((c) => new Date(c.validFrom) > now);
      return future
        ? `The certificate "${commonName(future)}" is not valid before ${new Date(future.validFrom).toISOString()} (check the clocks).`
        : "A certificate of the server's chain is not valid yet (check the clocks).";
    }
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `The server certificate does not name "${context.serverName}"${context.identityMessage ? `: ${context.identityMessage}` : ""}. Use a host name the certificate lists, or have the MDM's certificate reissued.`;
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      return `${noTrust}The chain does not lead to a trusted certificate: "${issuerCommonName(top)}", the issuer of "${commonName(top)}", is not among the ${context.trustedCount} trusted certificate(s). Import that CA certificate into the trusted certificates.`;
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return `${noTrust}The chain ends in the self-signed root "${commonName(top)}", which is not among the trusted certificates.`;
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return `${noTrust}The server presents the self-signed certificate "${commonName(leaf)}", which is not among the trusted certificates.`;
    case "CERT_SIGNATURE_FAILURE":
      return "A signature in the server's chain does not verify: the chain was altered or mis-assembled.";
    case "CERT_REVOKED":
      return "A certificate of the server's chain has been revoked.";
    case "INVALID_CA":
      return "A certificate that acts as a CA in the chain is not marked as a CA (basic constraints).";
    case "INVALID_PURPOSE":
      return "The server certificate is not allowed for TLS server authentication (extended key usage).";
    case "CERT_CHAIN_TOO_LONG":
    case "PATH_LENGTH_EXCEEDED":
      return "The server's chain is longer than its CA certificates allow.";
    case "CA_KEY_TOO_SMALL":
    case "EE_KEY_TOO_SMALL":
    case "CA_MD_TOO_WEAK":
      return "A certificate of the server's chain uses a key or signature algorithm too weak to accept.";
    default:
      return `${noTrust}The server certificate could not be verified (${code}).`;
  }
}
