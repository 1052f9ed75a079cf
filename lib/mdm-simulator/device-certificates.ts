/**
 * Device identity certificates, as an MDM's certificate profile (SCEP/PKCS) pushes them to enrolled devices:
 * a client certificate (EKU clientAuth) from the simulator's device CA, carrying the device's MDM GUID in a
 * SAN URI `ID:<vendor>:GUID:<guid>` or in the subject CN (ise-mdm-reference §2), handed out as PKCS #12 or
 * PEM. Supplicants present it in EAP-TLS; Gatehouse trusts the device CA for client authentication.
 */
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { issueCertificate, type IssuedCertificate } from "../engine/pki/issue";
import { createPkcs12 } from "../engine/pki/pkcs12";
import type { SimDevice } from "./types";

/** The body of `POST /devices/:key/certificate`. */
export const deviceCertificateRequestSchema = z.strictObject({
  /** Where the GUID goes: a SAN URI (the ISE default source) or the subject CN. */
  guidIn: z.enum(["san-uri", "cn"]).default("san-uri"),
  /** The vendor label of `ID:<vendor>:GUID:<guid>`; default: the simulator's vendor name. */
  vendor: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[^:]+$/, "the vendor label contains no ':'")
    .optional(),
  keyAlgorithm: z.enum(["rsa-2048", "rsa-3072", "ecdsa-p256", "ecdsa-p384"]).default("rsa-2048"),
  format: z.enum(["pkcs12", "pem"]).default("pkcs12"),
  /** Required for PKCS #12; for PEM, encrypts the key (PKCS #8, AES-256-CBC) when given. */
  password: z.string().min(1).max(128).optional(),
  validityDays: z.number().int().min(1).max(3650).default(365),
});
export type DeviceCertificateRequest = z.input<typeof deviceCertificateRequestSchema>;

export class DeviceCertificateRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeviceCertificateRequestError";
  }
}

export interface DeviceCertificateFile {
  contentType: string;
  fileName: string;
  body: Buffer;
  /** The certificate alone (also inside `body`), for callers that want to look at it. */
  certificatePem: string;
}

/** Issues one device's identity certificate and packages it; throws DeviceCertificateRequestError on bad input. */
export async function issueDeviceCertificate(
  deviceCa: IssuedCertificate,
  device: SimDevice,
  request: unknown,
  defaults: { vendor: string },
): Promise<DeviceCertificateFile> {
  const parsed = deviceCertificateRequestSchema.safeParse(request ?? {});
  if (!parsed.success) {
    throw new DeviceCertificateRequestError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "),
    );
  }
  const options = parsed.data;
  if (options.format === "pkcs12" && options.password === undefined) {
    throw new DeviceCertificateRequestError("password: a PKCS#12 file needs a password (the supplicant's private key password)");
  }
  const identity = `ID:${options.vendor ?? defaults.vendor}:GUID:${device.guid}`;
  const issued = await issueCertificate({
    issuer: deviceCa,
    profile: "client",
    keyAlgorithm: options.keyAlgorithm,
    validityDays: options.validityDays,
    organization: "Gatehouse MDM Simulator devices",
    ...(options.guidIn === "cn"
      ? { commonName: identity }
      : { commonName: device.username ?? device.macaddress, uris: [identity] }),
  });
  const baseName = `device-${device.macaddress.toLowerCase()}`;
  if (options.format === "pkcs12") {
    const pfx = await createPkcs12({
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      chainPem: [deviceCa.certificatePem],
      password: options.password!,
      friendlyName: identity,
    });
    return {
      contentType: "application/x-pkcs12",
      fileName: `${baseName}.p12`,
      body: Buffer.from(pfx),
      certificatePem: issued.certificatePem,
    };
  }
  const keyPem =
    options.password === undefined
      ? issued.privateKeyPem
      : createPrivateKey(issued.privateKeyPem)
          .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: options.password })
          .toString();
  // Certificate first, then the key: one file serves as a supplicant's client_cert and private_key.
  const body = `${issued.certificatePem.trim()}\n${keyPem.trim()}\n`;
  return {
    contentType: "application/x-pem-file",
    fileName: `${baseName}.pem`,
    body: Buffer.from(body),
    certificatePem: issued.certificatePem,
  };
}
