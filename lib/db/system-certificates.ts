// System certificates: what the product presents, with private keys sealed at rest (lib/secret-box.ts).
// One row is the EAP server certificate in use; the engine creates a self-signed one at first start.
import crypto from "node:crypto";
import { AppError } from "../errors";
import { createSelfSignedServerCertificate } from "../engine/pki/self-signed";
import type { SecretBox } from "../secret-box";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

const colonHex = (hex: string) => hex.toUpperCase().replace(/:/g, "").match(/.{2}/g)!.join(":");

/** The first certificate of a PEM bundle, parsed, or a field error. */
function leafOf(pem: string): { leaf: crypto.X509Certificate; chainPem: string } {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new AppError("VALIDATION", "No certificate found", { certificatePem: "Paste a PEM certificate (BEGIN CERTIFICATE)" });
  }
  try {
    const certificates = blocks.map((block) => new crypto.X509Certificate(block));
    return { leaf: certificates[0]!, chainPem: certificates.map((certificate) => certificate.toString()).join("") };
  } catch {
    throw new AppError("VALIDATION", "This is not a valid X.509 certificate", { certificatePem: "Not a valid certificate" });
  }
}

function keyAlgorithmOf(key: crypto.KeyObject): string {
  if (key.asymmetricKeyType === "rsa") return `RSA-${key.asymmetricKeyDetails?.modulusLength ?? "?"}`;
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === "prime256v1" ? "ECDSA-P256" : curve === "secp384r1" ? "ECDSA-P384" : `ECDSA-${curve ?? "?"}`;
  }
  return (key.asymmetricKeyType ?? "unknown").toUpperCase();
}

async function store(
  db: Db,
  box: SecretBox,
  input: { certificatePem: string; privateKeyPem: string; friendlyName: string; useForEap: boolean },
  actor: string,
  action: string,
  { bumpConfig = true }: { bumpConfig?: boolean } = {},
) {
  const { leaf, chainPem } = leafOf(input.certificatePem);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(input.privateKeyPem);
  } catch {
    throw new AppError("VALIDATION", "The private key cannot be read", {
      privateKeyPem: "Paste an unencrypted PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
    });
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new AppError("VALIDATION", "The private key does not belong to the certificate", {
      privateKeyPem: "This key does not match the certificate's public key",
    });
  }
  const fingerprintSha256 = colonHex(leaf.fingerprint256);
  if (await db.systemCertificate.findUnique({ where: { fingerprintSha256 } })) {
    throw new AppError("CONFLICT", "This certificate is already a system certificate", {
      certificatePem: "Already imported",
    });
  }
  const pkcs8 = key.export({ format: "pem", type: "pkcs8" }).toString();
  const row = await db.$transaction(async (tx) => {
    if (input.useForEap) await tx.systemCertificate.updateMany({ where: { usedForEap: true }, data: { usedForEap: false } });
    const created = await tx.systemCertificate.create({
      data: {
        friendlyName: input.friendlyName,
        pem: chainPem,
        privateKeyEncrypted: box.seal(pkcs8),
        fingerprintSha256,
        subject: leaf.subject.replace(/\n/g, ", "),
        issuer: leaf.issuer.replace(/\n/g, ", "),
        serialNumber: leaf.serialNumber.toUpperCase(),
        notBefore: new Date(leaf.validFrom),
        notAfter: new Date(leaf.validTo),
        keyAlgorithm: keyAlgorithmOf(key),
        isSelfSigned: leaf.subject === leaf.issuer && leaf.verify(leaf.publicKey),
        usedForEap: input.useForEap,
      },
    });
    if (input.useForEap && bumpConfig) await bumpConfigVersion(tx);
    return created;
  });
  await recordAudit(db, {
    actor,
    action: "create",
    entityType: "SystemCertificate",
    entityId: row.id,
    summary: `${action} system certificate ${row.friendlyName}${input.useForEap ? " (in use for EAP)" : ""}`,
    details: { subject: row.subject, fingerprintSha256, keyAlgorithm: row.keyAlgorithm },
  });
  return systemCertificateView(row);
}

type Row = Awaited<ReturnType<Db["systemCertificate"]["findFirstOrThrow"]>>;

/** A row without its sealed key. */
export function systemCertificateView(row: Row) {
  const { privateKeyEncrypted: _sealed, ...view } = row;
  return view;
}

/** Generates a self-signed server certificate (RSA 2048 or ECDSA P-256) and stores it. */
export async function generateSelfSignedSystemCertificate(
  db: Db,
  box: SecretBox,
  input: {
    commonName: string;
    keyAlgorithm: "rsa-2048" | "ecdsa-p256";
    validityDays?: number;
    friendlyName?: string;
    useForEap: boolean;
  },
  actor: string,
  options: { bumpConfig?: boolean } = {},
) {
  const issued = await createSelfSignedServerCertificate({
    commonName: input.commonName,
    organization: "Gatehouse",
    keyAlgorithm: input.keyAlgorithm,
    validityDays: input.validityDays,
  });
  return store(
    db,
    box,
    {
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      friendlyName: input.friendlyName ?? `${input.commonName} (self-signed)`,
      useForEap: input.useForEap,
    },
    actor,
    "Generated self-signed",
    options,
  );
}

/** Imports a certificate (+ intermediates) and its PEM private key; the key must match the certificate. */
export function importSystemCertificate(
  db: Db,
  box: SecretBox,
  input: { certificatePem: string; privateKeyPem: string; friendlyName: string; useForEap: boolean },
  actor: string,
) {
  return store(db, box, input, actor, "Imported");
}

export async function listSystemCertificates(db: Db) {
  const rows = await db.systemCertificate.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(systemCertificateView);
}

/** Makes one certificate the EAP server certificate (the others stop being it). */
export async function useSystemCertificateForEap(db: Db, { id }: { id: string }, actor: string) {
  const row = await db.$transaction(async (tx) => {
    const found = await tx.systemCertificate.findUnique({ where: { id } });
    if (!found) throw new AppError("NOT_FOUND", "No such system certificate");
    await tx.systemCertificate.updateMany({ where: { usedForEap: true }, data: { usedForEap: false } });
    await tx.systemCertificate.update({ where: { id }, data: { usedForEap: true } });
    await bumpConfigVersion(tx);
    return found;
  });
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "SystemCertificate",
    entityId: id,
    summary: `System certificate ${row.friendlyName} is now the EAP server certificate`,
  });
}

/** The EAP server certificate chain and its opened key, for the engine's snapshot; undefined when none. */
export async function getEapServerCredentials(
  db: Db,
  box: SecretBox,
): Promise<{ id: string; certificatePem: string; privateKeyPem: string; notAfter: Date } | undefined> {
  const row = await db.systemCertificate.findFirst({ where: { usedForEap: true } });
  if (!row) return undefined;
  return { id: row.id, certificatePem: row.pem, privateKeyPem: box.open(row.privateKeyEncrypted), notAfter: row.notAfter };
}

/**
 * At engine start: makes sure an EAP server certificate exists, generating a self-signed RSA 2048 one
 * (the key type every supplicant accepts) named after the host. Returns whether one was created.
 */
export async function ensureEapServerCertificate(db: Db, box: SecretBox, { commonName }: { commonName: string }) {
  if (await db.systemCertificate.findFirst({ where: { usedForEap: true }, select: { id: true } })) return { created: false };
  // No configuration bump: the engine creating it loads its configuration right after.
  await generateSelfSignedSystemCertificate(db, box, { commonName, keyAlgorithm: "rsa-2048", useForEap: true }, "engine", {
    bumpConfig: false,
  });
  return { created: true };
}
