import crypto from "node:crypto";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import type { Db } from "./client";
import { bumpConfigVersion } from "./config-state";
import { certificateValidity, parseCertificates, type ParsedCertificate } from "../engine/pki/parse";
import type {
  ImportTrustedCertificate,
  TrustedCertificateJson,
  UpdateTrustedCertificateInput,
} from "../validation/trusted-certificate";

type UpdateTrustedCertificate = Required<Omit<UpdateTrustedCertificateInput, "description">> & { description?: string };

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
  const rows = await importTrustedCertificates(
    db,
    {
      content: input.pem,
      encoding: "text",
      friendlyName: input.friendlyName,
      trustForMdm: input.trustForMdm,
      trustForClientAuth: input.trustForClientAuth,
      description: input.description,
    },
    actor,
  );
  return rows[0]!;
}

type Row = Awaited<ReturnType<Db["trustedCertificate"]["findFirstOrThrow"]>>;

/** A stored certificate with the details derived from its PEM at read time, and the MDM servers using it. */
export type TrustedCertificateView = Omit<TrustedCertificateJson, "notBefore" | "notAfter" | "createdAt" | "updatedAt"> & {
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
  updatedAt: Date;
};

function view(row: Row, usedBy: { id: string; name: string }[], withPem: boolean): TrustedCertificateView {
  const parsed = parseCertificates(row.pem);
  const cert: Partial<ParsedCertificate> = parsed.ok ? (parsed.certificates[0] ?? {}) : {};
  return {
    id: row.id,
    friendlyName: row.friendlyName,
    description: row.description,
    trustForMdm: row.trustForMdm,
    trustForClientAuth: row.trustForClientAuth,
    subject: row.subject,
    subjectCommonName: cert.subjectCommonName ?? null,
    issuer: row.issuer,
    issuerCommonName: cert.issuerCommonName ?? null,
    serialNumber: row.serialNumber,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
    fingerprintSha256: row.fingerprintSha256,
    fingerprintSha1: row.fingerprintSha1,
    keyAlgorithm: cert.keyAlgorithm ?? "unknown",
    keySize: cert.keySize ?? null,
    keyCurve: cert.keyCurve ?? null,
    signatureAlgorithm: cert.signatureAlgorithm ?? "unknown",
    version: cert.version ?? 3,
    isCa: row.isCa,
    basicConstraints: cert.basicConstraints ?? null,
    keyUsage: cert.keyUsage ?? [],
    extendedKeyUsage: cert.extendedKeyUsage ?? [],
    subjectAltNames: cert.subjectAltNames ?? [],
    subjectKeyIdentifier: cert.subjectKeyIdentifier ?? null,
    authorityKeyIdentifier: cert.authorityKeyIdentifier ?? null,
    isSelfSigned: cert.isSelfSigned ?? false,
    status: certificateValidity(row),
    usedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(withPem ? { pem: row.pem } : {}),
  };
}

/** MDM servers that depend on certificates: their last successful chain was anchored by it. */
async function dependents(db: Db): Promise<Map<string, { id: string; name: string }[]>> {
  const servers = await db.mdmServer.findMany({
    where: { trustAnchorSha256: { not: null } },
    select: { id: true, name: true, trustAnchorSha256: true },
    orderBy: { name: "asc" },
  });
  const map = new Map<string, { id: string; name: string }[]>();
  for (const server of servers) {
    const list = map.get(server.trustAnchorSha256!) ?? [];
    list.push({ id: server.id, name: server.name });
    map.set(server.trustAnchorSha256!, list);
  }
  return map;
}

export async function listTrustedCertificates(db: Db): Promise<TrustedCertificateView[]> {
  const [rows, using] = await Promise.all([db.trustedCertificate.findMany({ orderBy: { friendlyName: "asc" } }), dependents(db)]);
  return rows.map((row) => view(row, using.get(row.fingerprintSha256) ?? [], false));
}

export async function getTrustedCertificateOrThrow(db: Db, { id }: { id: string }): Promise<TrustedCertificateView> {
  const row = await db.trustedCertificate.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This trusted certificate does not exist (it may have been deleted)");
  const using = await dependents(db);
  return view(row, using.get(row.fingerprintSha256) ?? [], true);
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base.slice(0, 64);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 58)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Imports one certificate or a bundle. All or nothing: a private key, a CSR, corrupt data or a certificate
 * that is already trusted rejects the whole input and stores nothing.
 */
export async function importTrustedCertificates(db: Db, input: ImportTrustedCertificate, actor: string) {
  const parsed = parseCertificates(
    input.encoding === "base64" ? new Uint8Array(Buffer.from(input.content, "base64")) : input.content,
  );
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, { content: parsed.message, reason: parsed.reason });
  const seen = new Set<string>();
  const certificates = parsed.certificates.filter(
    (cert) => !seen.has(cert.fingerprintSha256) && seen.add(cert.fingerprintSha256),
  );
  const existing = await db.trustedCertificate.findMany({
    where: { fingerprintSha256: { in: certificates.map((cert) => cert.fingerprintSha256) } },
  });
  if (existing.length > 0) {
    const first = existing[0]!;
    const message =
      certificates.length === 1
        ? `This certificate is already trusted as "${first.friendlyName}". Nothing was imported.`
        : `${existing.length} of the ${certificates.length} certificates are already trusted (e.g. "${first.friendlyName}"). Nothing was imported; import the others separately.`;
    throw new AppError("CONFLICT", message, { content: message, existingId: first.id, existingName: first.friendlyName });
  }
  const taken = new Set(
    (await db.trustedCertificate.findMany({ select: { friendlyName: true } })).map((r) => r.friendlyName.toLowerCase()),
  );
  const requested = input.friendlyName?.trim();
  if (requested && certificates.length === 1 && taken.has(requested.toLowerCase())) {
    throw new AppError("CONFLICT", `A trusted certificate named "${requested}" exists`, {
      friendlyName: "This friendly name is taken",
    });
  }
  const rows = await db.$transaction(async (tx) => {
    const created: Row[] = [];
    for (const cert of certificates) {
      const base =
        requested && certificates.length === 1
          ? requested
          : requested
            ? `${requested} - ${cert.subjectCommonName ?? cert.serialNumber}`
            : (cert.subjectCommonName ?? cert.subject) || cert.serialNumber;
      created.push(
        await tx.trustedCertificate.create({
          data: {
            friendlyName: uniqueName(base, taken),
            pem: cert.pem,
            fingerprintSha256: cert.fingerprintSha256,
            fingerprintSha1: cert.fingerprintSha1,
            subject: cert.subject,
            issuer: cert.issuer,
            serialNumber: cert.serialNumber,
            notBefore: cert.notBefore,
            notAfter: cert.notAfter,
            isCa: cert.isCa,
            trustForMdm: input.trustForMdm,
            trustForClientAuth: input.trustForClientAuth,
            description: input.description || null,
          },
        }),
      );
    }
    await bumpConfigVersion(tx);
    return created;
  });
  for (const row of rows) {
    await recordAudit(db, {
      actor,
      action: "create",
      entityType: "trusted-certificate",
      entityId: row.id,
      summary: `Imported trusted certificate ${row.friendlyName} (${row.subject}; SHA-256 ${row.fingerprintSha256.slice(0, 23)}…; MDM ${onOff(row.trustForMdm)}, EAP-TLS ${onOff(row.trustForClientAuth)})`,
      details: {
        fingerprintSha256: row.fingerprintSha256,
        trustForMdm: row.trustForMdm,
        trustForClientAuth: row.trustForClientAuth,
        fileName: input.fileName,
      },
    });
  }
  return rows;
}

const onOff = (value: boolean) => (value ? "on" : "off");

export async function updateTrustedCertificate(
  db: Db,
  { id, input, actor }: { id: string; input: UpdateTrustedCertificate; actor: string },
) {
  const before = await db.trustedCertificate.findUnique({ where: { id } });
  if (!before) throw new AppError("NOT_FOUND", "This trusted certificate does not exist (it may have been deleted)");
  const clash = await db.trustedCertificate.findFirst({ where: { friendlyName: input.friendlyName, id: { not: id } } });
  if (clash)
    throw new AppError("CONFLICT", `A trusted certificate named "${input.friendlyName}" exists`, {
      friendlyName: "This friendly name is taken",
    });
  const description = input.description || null;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.friendlyName !== input.friendlyName) changes.friendlyName = { from: before.friendlyName, to: input.friendlyName };
  if (before.trustForMdm !== input.trustForMdm) changes.trustForMdm = { from: before.trustForMdm, to: input.trustForMdm };
  if (before.trustForClientAuth !== input.trustForClientAuth)
    changes.trustForClientAuth = { from: before.trustForClientAuth, to: input.trustForClientAuth };
  if ((before.description ?? null) !== description) changes.description = { from: before.description, to: description };
  if (Object.keys(changes).length === 0) return getTrustedCertificateOrThrow(db, { id });
  await db.$transaction(async (tx) => {
    await tx.trustedCertificate.update({
      where: { id },
      data: {
        friendlyName: input.friendlyName,
        trustForMdm: input.trustForMdm,
        trustForClientAuth: input.trustForClientAuth,
        description,
      },
    });
    await bumpConfigVersion(tx);
  });
  await recordAudit(db, {
    actor,
    action: "update",
    entityType: "trusted-certificate",
    entityId: id,
    summary: `Updated trusted certificate ${input.friendlyName}: ${describeChanges(changes)}`,
    details: { changes },
  });
  return getTrustedCertificateOrThrow(db, { id });
}

function describeChanges(changes: Record<string, { from: unknown; to: unknown }>): string {
  return Object.entries(changes)
    .map(([field, { from, to }]) =>
      field === "description" ? "description changed" : `${field} ${String(from)} → ${String(to)}`,
    )
    .join(", ");
}

/** Deletes a certificate; when MDM servers depend on it, only with `force` (the UI has warned the admin). */
export async function deleteTrustedCertificate(db: Db, { id, force, actor }: { id: string; force: boolean; actor: string }) {
  const row = await getTrustedCertificateOrThrow(db, { id });
  if (row.usedBy.length > 0 && !force) {
    throw new AppError(
      "CONFLICT",
      `MDM servers depend on this certificate: ${row.usedBy.map((s) => s.name).join(", ")}. Their connections will fail certificate verification once it is deleted.`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.trustedCertificate.delete({ where: { id } });
    await bumpConfigVersion(tx);
  });
  await recordAudit(db, {
    actor,
    action: "delete",
    entityType: "trusted-certificate",
    entityId: id,
    summary: `Deleted trusted certificate ${row.friendlyName} (${row.subject})${row.usedBy.length ? `; MDM servers that depended on it: ${row.usedBy.map((s) => s.name).join(", ")}` : ""}`,
    details: { fingerprintSha256: row.fingerprintSha256 },
  });
  return { deleted: id };
}

/** The certificate as PEM, for download; the export is audited. */
export async function exportTrustedCertificatePem(db: Db, { id, actor }: { id: string; actor: string }) {
  const row = await db.trustedCertificate.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "This trusted certificate does not exist (it may have been deleted)");
  await recordAudit(db, {
    actor,
    action: "export",
    entityType: "trusted-certificate",
    entityId: id,
    summary: `Exported trusted certificate ${row.friendlyName} as PEM`,
  });
  return { friendlyName: row.friendlyName, pem: row.pem };
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

/** The PEMs EAP-TLS client certificates are verified against (trusted for client authentication). */
export async function listClientAuthTrustAnchors(db: Db): Promise<{ id: string; friendlyName: string; pem: string }[]> {
  return db.trustedCertificate.findMany({
    where: { trustForClientAuth: true },
    select: { id: true, friendlyName: true, pem: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function countTrustedCertificates(db: Db): Promise<number> {
  return db.trustedCertificate.count();
}
