import { z } from "zod";

/**
 * What the trusted certificate store and the system certificates share: the friendly name rule, the validity
 * status and the certificate facts the API returns about either. Browser-safe.
 */

export const friendlyNameSchema = z
  .string()
  .trim()
  .max(64, "Use at most 64 characters")
  .regex(/^[^<>"'`]*$/, "Do not use < > \" ' or ` in a friendly name");

export type CertificateStatus = "expired" | "not-yet-valid" | "expiring" | "valid";

/** The X.509 facts of a stored certificate as the API returns them (dates as ISO strings in JSON). */
export type CertificateJson = {
  id: string;
  friendlyName: string;
  subject: string;
  subjectCommonName: string | null;
  issuer: string;
  issuerCommonName: string | null;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  fingerprintSha1: string;
  /** RSA-2048, ECDSA-P256, ... (a trusted certificate gives the size and curve apart). */
  keyAlgorithm: string;
  signatureAlgorithm: string;
  isSelfSigned: boolean;
  isCa: boolean;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectAltNames: { type: string; value: string }[];
  status: CertificateStatus;
  createdAt: string;
  updatedAt: string;
};
