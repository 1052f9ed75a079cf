import crypto from "node:crypto";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

const colonHex = (hex: string) => hex.toUpperCase().replace(/:/g, "").match(/.{2}/g)!.join(":");

/** Subject, issuer, validity and fingerprints of one PEM certificate (node:crypto's X.509 parser). */
export function describeCertificate(pem: string) {
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(pem);
  } catch {
    throw new AppError("VALIDATION", "This is not a valid X.509 certificate", { pem: "Not a certificate" });
  }
  return {
    pem: cert.toString(),
    fingerprintSha256: colonHex(cert.fingerprint256),
    fingerprintSha1: colonHex(cert.fingerprint),
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
  };
}

export async function addTrustedCertificate(
  db: Db,
  input: { pem: string; friendlyName: string; trustForMdm: boolean; trustForClientAuth: boolean; description?: string },
  actor: string,
) {
  const described = describeCertificate(input.pem);
  const existing = await db.trustedCertificate.findUnique({ where: { fingerprintSha256: described.fingerprintSha256 } });
  if (existing) {
    throw new AppError("CONFLICT", `This certificate is already trusted as "${existing.friendlyName}"`, { pem: existing.id });
  }
  const row = await db.trustedCertificate.create({
    data: {
      ...described,
      friendlyName: input.friendlyName,
      trustForMdm: input.trustForMdm,
      trustForClientAuth: input.trustForClientAuth,
      description: input.description,
    },
  });
  await bumpConfigVersion(db);
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "trusted-certificate",
    entityId: row.id,
    summary: `Trusted certificate ${row.friendlyName} (${row.subject})`,
    details: {
      fingerprintSha256: row.fingerprintSha256,
      trustForMdm: row.trustForMdm,
      trustForClientAuth: row.trustForClientAuth,
    },
  });
  return row;
}

/** The PEMs MDM server TLS is verified against. */
export async function listMdmTrustAnchors(
  db: Db,
): Promise<{ id: string; friendlyName: string; pem: string; fingerprintSha256: string }[]> {
  return db.trustedCertificate.findMany({
    where: { trustForMdm: true },
    select: { id: true, friendlyName: true, pem: true, fingerprintSha256: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function countTrustedCertificates(db: Db): Promise<number> {
  return db.trustedCertificate.count();
}
