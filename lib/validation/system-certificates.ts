import { z } from "zod";
import { friendlyNameSchema, type CertificateJson } from "./certificate";

/**
 * Inputs of the system certificates (Administration › System › Certificates › System Certificates): the
 * certificates Gatehouse presents — today the EAP server certificate. Shared by the dialogs, the route
 * handlers and the data module. Browser-safe.
 */

export const systemKeyAlgorithms = ["rsa-2048", "rsa-3072", "rsa-4096", "ecdsa-p256", "ecdsa-p384"] as const;
export type SystemKeyAlgorithm = (typeof systemKeyAlgorithms)[number];
export const systemKeyAlgorithmLabels: Record<SystemKeyAlgorithm, string> = {
  "rsa-2048": "RSA 2048",
  "rsa-3072": "RSA 3072",
  "rsa-4096": "RSA 4096",
  "ecdsa-p256": "ECDSA P-256",
  "ecdsa-p384": "ECDSA P-384",
};

/** RFC 1123 host names, with a leading `*.` label for wildcards (RFC 6125 §6.4.3). */
const DNS_NAME =
  /^(\*\.)?(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const dnsNameSchema = z
  .string()
  .trim()
  .refine((value) => DNS_NAME.test(value), { error: (issue) => `"${String(issue.input)}" is not a DNS name` });

/** Splits what an admin types into a SAN field (commas, spaces or lines) into names. */
export function splitDnsNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

const friendlyName = friendlyNameSchema.min(1, "Enter a friendly name").optional();

export const generateSelfSignedSchema = z.object({
  /** Blank: "<common name> (self-signed)". */
  friendlyName,
  commonName: z
    .string()
    .trim()
    .min(1, "Enter the common name (CN), e.g. the RADIUS server's host name")
    .max(64, "A common name has at most 64 characters (RFC 5280 upper bound)")
    .regex(/^[^\p{Cc}<>"'`]*$/u, "Do not use control characters or < > \" ' ` in a common name"),
  /** Subject Alternative Name DNS entries; none: the common name when it is a host name. */
  dnsNames: z.array(dnsNameSchema).max(20, "At most 20 DNS names").default([]),
  keyAlgorithm: z.enum(systemKeyAlgorithms, { error: "Choose a key type" }).default("rsa-2048"),
  validityDays: z
    .number({ error: "Enter the number of days" })
    .int("Enter whole days")
    .min(1, "At least 1 day")
    .max(3650, "At most 3650 days (10 years)")
    .default(730),
  useForEap: z.boolean().default(false),
});
export type GenerateSelfSignedInput = z.input<typeof generateSelfSignedSchema>;
export type GenerateSelfSigned = z.output<typeof generateSelfSignedSchema>;

/** 1 MiB of text is far more than any certificate chain; base64 of a PKCS #12 file of 768 KiB. */
const MAX_TEXT = 1_048_576;
const password = z.string().max(1024, "At most 1024 characters");

export const importSystemCertificateSchema = z.discriminatedUnion("format", [
  z.object({
    format: z.literal("pem"),
    /** The certificate, then any intermediates (PEM). */
    certificatePem: z.string().min(1, "Paste the certificate (PEM)").max(MAX_TEXT, "Too large (1 MiB at most)"),
    privateKeyPem: z.string().min(1, "Paste the private key (PEM)").max(MAX_TEXT, "Too large (1 MiB at most)"),
    /** For an encrypted key (BEGIN ENCRYPTED PRIVATE KEY, or a legacy Proc-Type: 4,ENCRYPTED one). */
    passphrase: password.optional(),
    friendlyName,
    useForEap: z.boolean().default(false),
  }),
  z.object({
    format: z.literal("pkcs12"),
    /** The .p12 / .pfx file's bytes, base64. */
    pkcs12: z.string().min(1, "Choose a PKCS#12 file (.p12 or .pfx)").max(MAX_TEXT, "The file is too large (768 KiB at most)"),
    fileName: z.string().max(255).optional(),
    password,
    friendlyName,
    useForEap: z.boolean().default(false),
  }),
]);
export type ImportSystemCertificateInput = z.input<typeof importSystemCertificateSchema>;
export type ImportSystemCertificate = z.output<typeof importSystemCertificateSchema>;

/** What the API returns about a system certificate (dates as ISO strings in JSON); never the key. */
export type SystemCertificateJson = CertificateJson & {
  usedForEap: boolean;
  /** The certificates after the server certificate (intermediates), as sent to supplicants. */
  chain: { subject: string; issuer: string; notAfter: string; fingerprintSha256: string }[];
  /** The certificate and its chain, PEM. */
  pem: string;
};
