// System certificates: what the product presents, with private keys sealed at rest (lib/secret-box.ts).
// One row is the EAP server certificate in use; the engine creates a self-signed one at first start.
import crypto from "node:crypto";
import { AppError } from "../errors";
import { certificateValidity, parseCertificates, type ParsedCertificate } from "../engine/pki/parse";
import { Pkcs12Error, readPkcs12 } from "../engine/pki/pkcs12";
import { createSelfSignedServerCertificate } from "../engine/pki/self-signed";
import type { SecretBox } from "../secret-box";
import type { GenerateSelfSignedInput, ImportSystemCertificate } from "../validation/system-certificates";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";

const colonHex = (hex: string) => hex.toUpperCase().replace(/:/g, "").match(/.{2}/g)!.join(":");

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
const NOT_FOUND = "This system certificate does not exist (it may have been deleted)";

/** Which form field an error belongs to: the PEM fields, or the PKCS #12 file and its password. */
type Fields = { certificate: string; key: string };
const PEM_FIELDS: Fields = { certificate: "certificatePem", key: "privateKeyPem" };
const PKCS12_FIELDS: Fields = { certificate: "pkcs12", key: "pkcs12" };

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The certificates of a PEM bundle with the one the key belongs to first (the server certificate), the
 * others after it in their order (intermediates, sent along to supplicants).
 */
function serverChain(pems: string[], key: crypto.KeyObject, fields: Fields): crypto.X509Certificate[] {
  let certificates: crypto.X509Certificate[];
  try {
    certificates = pems.map((pem) => new crypto.X509Certificate(pem));
  } catch {
    throw new AppError("VALIDATION", "This is not a valid X.509 certificate", {
      [fields.certificate]: "Not a valid certificate",
    });
  }
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) {
    throw new AppError("VALIDATION", "The private key does not belong to the certificate", {
      [fields.key]: "This key does not match the certificate's public key",
    });
  }
  return [leaf, ...certificates.filter((certificate) => certificate !== leaf)];
}

/** Refusals that make a certificate useless as a TLS server certificate, each with its reason. */
function checkServerCertificate(leaf: crypto.X509Certificate, fields: Fields, now = new Date()) {
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw new AppError("VALIDATION", `This certificate expired on ${day(notAfter)}`, {
      [fields.certificate]: `Expired on ${day(notAfter)}: supplicants refuse an expired server certificate`,
    });
  }
  // node:crypto's keyUsage is the extended key usage list; undefined when the extension is absent.
  const extendedKeyUsage = leaf.keyUsage;
  if (extendedKeyUsage && !extendedKeyUsage.includes(SERVER_AUTH) && !extendedKeyUsage.includes(ANY_EXTENDED_KEY_USAGE)) {
    throw new AppError("VALIDATION", "This certificate is not for server authentication", {
      [fields.certificate]:
        "Its Extended Key Usage lacks Server Authentication (TLS Web Server Authentication, 1.3.6.1.5.5.7.3.1): supplicants refuse it as an EAP server certificate",
    });
  }
}

/** PEM private key, possibly encrypted; errors name the key or the passphrase field. */
function openPemKey(pem: string, passphrase: string | undefined): crypto.KeyObject {
  const isEncrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (isEncrypted && !passphrase) {
    throw new AppError("VALIDATION", "The private key is encrypted", {
      passphrase: "This key is encrypted: enter its passphrase",
    });
  }
  try {
    return crypto.createPrivateKey(isEncrypted ? { key: pem, passphrase } : pem);
  } catch {
    if (isEncrypted) {
      throw new AppError("VALIDATION", "The passphrase does not open the private key", {
        passphrase: "Wrong passphrase: the key cannot be decrypted with it",
      });
    }
    throw new AppError("VALIDATION", "The private key cannot be read", {
      privateKeyPem: "Paste a PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)",
    });
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

/** The friendly name asked for (refused when taken), or `fallback` made unique with a number. */
async function chooseFriendlyName(db: Db, requested: string | undefined, fallback: string) {
  const taken = new Set(
    (await db.systemCertificate.findMany({ select: { friendlyName: true } })).map((row) => row.friendlyName.toLowerCase()),
  );
  const asked = requested?.trim();
  if (asked) {
    if (taken.has(asked.toLowerCase())) {
      throw new AppError("CONFLICT", `A system certificate named "${asked}" exists`, {
        friendlyName: "This friendly name is taken",
      });
    }
    return asked;
  }
  let name = fallback.slice(0, 64);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${fallback.slice(0, 58)} (${n})`;
  return name;
}

async function store(
  db: Db,
  box: SecretBox,
  input: {
    chain: crypto.X509Certificate[];
    key: crypto.KeyObject;
    friendlyName: string | undefined;
    useForEap: boolean;
    fields: Fields;
  },
  actor: string,
  action: "Generated self-signed" | "Imported",
  { bumpConfig = true }: { bumpConfig?: boolean } = {},
) {
  const [leaf] = input.chain as [crypto.X509Certificate, ...crypto.X509Certificate[]];
  checkServerCertificate(leaf, input.fields);
  const fingerprintSha256 = colonHex(leaf.fingerprint256);
  const existing = await db.systemCertificate.findUnique({ where: { fingerprintSha256 } });
  if (existing) {
    throw new AppError("CONFLICT", `This certificate is already a system certificate ("${existing.friendlyName}")`, {
      [input.fields.certificate]: `Already imported as "${existing.friendlyName}"`,
    });
  }
  const commonName = /^CN=(.*)$/m.exec(leaf.subject)?.[1] ?? leaf.serialNumber;
  const friendlyName = await chooseFriendlyName(
    db,
    input.friendlyName,
    action === "Imported" ? commonName : `${commonName} (self-signed)`,
  );
  const pkcs8 = input.key.export({ format: "pem", type: "pkcs8" }).toString();
  const row = await db.$transaction(async (tx) => {
    if (input.useForEap) await tx.systemCertificate.updateMany({ where: { usedForEap: true }, data: { usedForEap: false } });
    const created = await tx.systemCertificate.create({
      data: {
        friendlyName,
        pem: input.chain.map((certificate) => certificate.toString()).join(""),
        privateKeyEncrypted: box.seal(pkcs8),
        fingerprintSha256,
        subject: leaf.subject.replace(/\n/g, ", "),
        issuer: leaf.issuer.replace(/\n/g, ", "),
        serialNumber: leaf.serialNumber.toUpperCase(),
        notBefore: new Date(leaf.validFrom),
        notAfter: new Date(leaf.validTo),
        keyAlgorithm: keyAlgorithmOf(input.key),
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
    summary: `${action} system certificate ${row.friendlyName} (${row.subject}; SHA-256 ${fingerprintSha256.slice(0, 23)}…)${input.useForEap ? ", in use for EAP" : ""}`,
    details: { subject: row.subject, fingerprintSha256, keyAlgorithm: row.keyAlgorithm, usedForEap: row.usedForEap },
  });
  return systemCertificateView(row);
}

type Row = Awaited<ReturnType<Db["systemCertificate"]["findFirstOrThrow"]>>;

/** A row without its sealed key, with the details read from its certificate (subject, SANs, key usage, chain). */
export function systemCertificateView(row: Row) {
  const { privateKeyEncrypted: _sealed, ...stored } = row;
  const parsed = parseCertificates(row.pem);
  const [leaf, ...chain]: Partial<ParsedCertificate>[] = parsed.ok ? parsed.certificates : [{}];
  return {
    ...stored,
    subjectCommonName: leaf?.subjectCommonName ?? null,
    issuerCommonName: leaf?.issuerCommonName ?? null,
    fingerprintSha1: leaf?.fingerprintSha1 ?? "",
    signatureAlgorithm: leaf?.signatureAlgorithm ?? "unknown",
    isCa: leaf?.isCa ?? false,
    keyUsage: leaf?.keyUsage ?? [],
    extendedKeyUsage: leaf?.extendedKeyUsage ?? [],
    subjectAltNames: leaf?.subjectAltNames ?? [],
    status: certificateValidity(row),
    chain: chain.map((certificate) => ({
      subject: certificate.subject ?? "",
      issuer: certificate.issuer ?? "",
      notAfter: certificate.notAfter ?? new Date(0),
      fingerprintSha256: certificate.fingerprintSha256 ?? "",
    })),
  };
}
export type SystemCertificateView = ReturnType<typeof systemCertificateView>;

/** Generates a self-signed server certificate (EKU serverAuth) and stores it. */
export async function generateSelfSignedSystemCertificate(
  db: Db,
  box: SecretBox,
  input: Omit<GenerateSelfSignedInput, "keyAlgorithm" | "useForEap"> & {
    keyAlgorithm: NonNullable<GenerateSelfSignedInput["keyAlgorithm"]>;
    useForEap: boolean;
  },
  actor: string,
  options: { bumpConfig?: boolean } = {},
) {
  // Refused before the (slow, for RSA 4096) key generation.
  if (input.friendlyName) await chooseFriendlyName(db, input.friendlyName, "");
  const issued = await createSelfSignedServerCertificate({
    commonName: input.commonName,
    organization: "Gatehouse",
    keyAlgorithm: input.keyAlgorithm,
    validityDays: input.validityDays,
    dnsNames: input.dnsNames,
  });
  const key = crypto.createPrivateKey(issued.privateKeyPem);
  return store(
    db,
    box,
    {
      chain: [new crypto.X509Certificate(issued.certificatePem)],
      key,
      friendlyName: input.friendlyName,
      useForEap: input.useForEap,
      fields: PEM_FIELDS,
    },
    actor,
    "Generated self-signed",
    options,
  );
}

/**
 * Imports a server certificate (+ intermediates) with its private key: PEM (the key possibly encrypted) or
 * PKCS #12. Refused: a key that does not match, an expired certificate, one whose extended key usage excludes
 * server authentication, a certificate already stored.
 */
export async function importSystemCertificate(
  db: Db,
  box: SecretBox,
  input:
    | ImportSystemCertificate
    | { certificatePem: string; privateKeyPem: string; friendlyName?: string; useForEap: boolean; format?: undefined },
  actor: string,
) {
  if (input.format === "pkcs12") {
    let opened: Awaited<ReturnType<typeof readPkcs12>>;
    try {
      opened = await readPkcs12(new Uint8Array(Buffer.from(input.pkcs12, "base64")), input.password);
    } catch (error) {
      if (error instanceof Pkcs12Error) {
        throw new AppError("VALIDATION", error.message, { [error.field === "password" ? "password" : "pkcs12"]: error.message });
      }
      throw error;
    }
    const chain = serverChain(opened.certificatesPem, opened.privateKey, PKCS12_FIELDS);
    return store(
      db,
      box,
      { chain, key: opened.privateKey, friendlyName: input.friendlyName, useForEap: input.useForEap, fields: PKCS12_FIELDS },
      actor,
      "Imported",
    );
  }
  const blocks = input.certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    const message = /PRIVATE KEY-----/.test(input.certificatePem)
      ? "This is a private key: paste it in the private key field, and the certificate here"
      : "Paste a PEM certificate (BEGIN CERTIFICATE)";
    throw new AppError("VALIDATION", "No certificate found", { certificatePem: message });
  }
  const key = openPemKey(input.privateKeyPem, "passphrase" in input ? input.passphrase : undefined);
  const chain = serverChain(blocks, key, PEM_FIELDS);
  return store(
    db,
    box,
    { chain, key, friendlyName: input.friendlyName, useForEap: input.useForEap, fields: PEM_FIELDS },
    actor,
    "Imported",
  );
}

export async function listSystemCertificates(db: Db) {
  const rows = await db.systemCertificate.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(systemCertificateView);
}

export async function getSystemCertificateOrThrow(db: Db, { id }: { id: string }) {
  const row = await db.systemCertificate.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return systemCertificateView(row);
}

/** The certificate chain as PEM, for download (never the key); the export is audited. */
export async function exportSystemCertificatePem(db: Db, { id, actor }: { id: string; actor: string }) {
  const row = await db.systemCertificate.findUnique({ where: { id }, select: { friendlyName: true, pem: true } });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  await recordAudit(db, {
    actor,
    action: "export",
    entityType: "SystemCertificate",
    entityId: id,
    summary: `Exported system certificate ${row.friendlyName} (certificate chain, PEM)`,
  });
  return row;
}

/** Deletes a certificate; the one in use for EAP is refused (the engine would have none to present). */
export async function deleteSystemCertificate(db: Db, { id, actor }: { id: string; actor: string }) {
  const row = await db.systemCertificate.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  if (row.usedForEap) {
    throw new AppError(
      "CONFLICT",
      `${row.friendlyName} is the EAP server certificate in use and cannot be deleted. Use another certificate for EAP first.`,
    );
  }
  // Unused certificates are not in the engine's configuration: no version bump.
  const deleted = await db.systemCertificate.deleteMany({ where: { id, usedForEap: false } });
  if (deleted.count === 0) throw new AppError("CONFLICT", `${row.friendlyName} was just put in use for EAP; it was not deleted.`);
  await recordAudit(db, {
    actor,
    action: "delete",
    entityType: "SystemCertificate",
    entityId: id,
    summary: `Deleted system certificate ${row.friendlyName} (${row.subject})`,
    details: { fingerprintSha256: row.fingerprintSha256 },
  });
  return { deleted: id };
}

/**
 * Makes one certificate the EAP server certificate (the others stop being it); the configuration version
 * moves, so every engine presents it from its next snapshot on (within a second). An expired one is refused.
 */
export async function useSystemCertificateForEap(db: Db, { id }: { id: string }, actor: string) {
  const { row, previous } = await db.$transaction(async (tx) => {
    const found = await tx.systemCertificate.findUnique({ where: { id } });
    if (!found) throw new AppError("NOT_FOUND", NOT_FOUND);
    if (found.notAfter.getTime() < Date.now()) {
      throw new AppError(
        "CONFLICT",
        `${found.friendlyName} expired on ${day(found.notAfter)}; supplicants would refuse it. Generate or import a current certificate.`,
      );
    }
    const inUse = await tx.systemCertificate.findFirst({ where: { usedForEap: true }, select: { id: true, friendlyName: true } });
    if (inUse?.id === id) return { row: found, previous: inUse };
    await tx.systemCertificate.updateMany({ where: { usedForEap: true }, data: { usedForEap: false } });
    const updated = await tx.systemCertificate.update({ where: { id }, data: { usedForEap: true } });
    await bumpConfigVersion(tx);
    return { row: updated, previous: inUse };
  });
  if (previous?.id !== id) {
    await recordAudit(db, {
      actor,
      action: "update",
      entityType: "SystemCertificate",
      entityId: id,
      summary: `System certificate ${row.friendlyName} is now the EAP server certificate${previous ? ` (was ${previous.friendlyName})` : ""}`,
      details: { previousId: previous?.id ?? null },
    });
  }
  return systemCertificateView(row);
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
