import { z } from "zod";
import { friendlyNameSchema, type CertificateJson } from "./certificate";

/**
 * Inputs of the trusted certificate store (Administration › System › Certificates › Trusted Certificates),
 * shared by the import form, the route handlers and the data module. Browser-safe.
 */

const trustFlags = {
  /** Trust for authentication of MDM/servers: the engine's MDM client verifies server chains against these. */
  trustForMdm: z.boolean().default(true),
  /** Trust for client authentication (EAP-TLS). */
  trustForClientAuth: z.boolean().default(false),
  description: z.string().trim().max(1024, "Use at most 1024 characters").optional(),
};

/** 1 MiB of text or base64 is far more than any certificate bundle an admin imports. */
const MAX_CONTENT = 1_048_576;

export const importTrustedCertificateSchema = z.object({
  /** The pasted text, or the uploaded file's bytes as base64 (encoding "base64"). */
  content: z
    .string()
    .min(1, "Choose a certificate file or paste a certificate")
    .max(MAX_CONTENT, "The file is too large (1 MiB at most)"),
  encoding: z.enum(["text", "base64"]).default("text"),
  fileName: z.string().max(255).optional(),
  /** Blank: the certificate's Common Name (with a number when a bundle repeats it). */
  friendlyName: friendlyNameSchema.optional(),
  ...trustFlags,
});
export type ImportTrustedCertificateInput = z.input<typeof importTrustedCertificateSchema>;
export type ImportTrustedCertificate = z.output<typeof importTrustedCertificateSchema>;

export const updateTrustedCertificateSchema = z.object({
  friendlyName: friendlyNameSchema.min(1, "Enter a friendly name"),
  trustForMdm: z.boolean(),
  trustForClientAuth: z.boolean(),
  description: z.string().trim().max(1024, "Use at most 1024 characters").optional(),
});
export type UpdateTrustedCertificateInput = z.input<typeof updateTrustedCertificateSchema>;

/** File types the import accepts (seed 000: .cer, .crt, .pem and .der). */
export const certificateFileAccept = ".pem,.crt,.cer,.der,.cert,application/x-x509-ca-cert,application/pkix-cert";

/** What the API returns about a trusted certificate (dates as ISO strings in JSON). */
export type TrustedCertificateJson = CertificateJson & {
  description: string | null;
  trustForMdm: boolean;
  trustForClientAuth: boolean;
  keySize: number | null;
  keyCurve: string | null;
  version: number;
  basicConstraints: { isCa: boolean; pathLength?: number; critical: boolean } | null;
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  /** MDM servers whose last successful connection was anchored by this certificate. */
  usedBy: { id: string; name: string }[];
  pem?: string;
};
