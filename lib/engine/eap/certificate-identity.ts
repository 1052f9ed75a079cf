// The endpoint's identity from its client certificate (ise-mdm-reference §2): the CERTIFICATE dictionary's
// fields, and the MDM GUID from the SAN URI (`ID:<vendor>:GUID:<id>`) and from the subject CN (the same form,
// or a bare GUID). Parse rule: the text after the last `GUID:`, trimmed; compared lower-case, shown as written.
import type { X509Certificate } from "node:crypto";

export interface CertificateFacts {
  subjectCommonName: string | undefined;
  /** URIs of the Subject Alternative Name, in certificate order. */
  sanUris: string[];
  issuerCommonName: string | undefined;
  /** Upper-case hex. */
  serialNumber: string;
  notAfter: string;
  /** GUID from the first SAN URI carrying one. */
  sanUriGuid: string | undefined;
  /** GUID from the subject CN (`ID:...:GUID:<id>` or a bare GUID). */
  cnGuid: string | undefined;
}

const BARE_GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** `ID:Mobileiron:GUID:<guid>` → `<guid>` (text after the last `GUID:`, case-insensitive marker). */
export function guidFromIdUri(value: string): string | undefined {
  const at = value.toUpperCase().lastIndexOf("GUID:");
  if (at < 0) return undefined;
  const guid = value.slice(at + 5).trim();
  return guid === "" ? undefined : guid;
}

/** A CN carries a GUID as `ID:<vendor>:GUID:<id>` or as the bare GUID itself. */
export function guidFromCommonName(commonName: string): string | undefined {
  const marked = guidFromIdUri(commonName);
  if (marked) return marked;
  const trimmed = commonName.trim();
  return BARE_GUID.test(trimmed) ? trimmed.replace(/^\{|\}$/g, "") : undefined;
}

/** The value of one attribute in node's multi-line distinguished name text ("C=US\nCN=host"). */
function dnAttribute(dn: string, name: string): string | undefined {
  for (const line of dn.split("\n")) {
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1);
  }
  return undefined;
}

/**
 * Entries of node's `subjectAltName` text ("DNS:a, URI:b"). Node quotes an entry whose value holds a
 * comma or quote as a JSON string (`URI:"a,b"`), so a plain split on ", " would cut it.
 */
export function subjectAltNameEntries(text: string | undefined): { type: string; value: string }[] {
  const entries: { type: string; value: string }[] = [];
  if (!text) return entries;
  let offset = 0;
  while (offset < text.length) {
    const colon = text.indexOf(":", offset);
    if (colon < 0) break;
    const type = text.slice(offset, colon).trim();
    let value: string;
    let next: number;
    if (text[colon + 1] === '"') {
      // JSON string: find the closing quote that is not escaped.
      let end = colon + 2;
      while (end < text.length && !(text[end] === '"' && text[end - 1] !== "\\")) end++;
      try {
        value = JSON.parse(text.slice(colon + 1, end + 1)) as string;
      } catch {
        value = text.slice(colon + 2, end);
      }
      next = text.indexOf(",", end + 1);
    } else {
      next = text.indexOf(", ", colon + 1);
      value = text.slice(colon + 1, next < 0 ? text.length : next);
    }
    entries.push({ type, value });
    if (next < 0) break;
    offset = next + (text[next + 1] === " " ? 2 : 1);
  }
  return entries;
}

export function certificateFacts(certificate: X509Certificate): CertificateFacts {
  const subjectCommonName = dnAttribute(certificate.subject, "CN");
  const sanUris = subjectAltNameEntries(certificate.subjectAltName)
    .filter((entry) => entry.type === "URI")
    .map((entry) => entry.value);
  let sanUriGuid: string | undefined;
  for (const uri of sanUris) {
    sanUriGuid = guidFromIdUri(uri);
    if (sanUriGuid) break;
  }
  return {
    subjectCommonName,
    sanUris,
    issuerCommonName: dnAttribute(certificate.issuer, "CN"),
    serialNumber: certificate.serialNumber.toUpperCase(),
    notAfter: new Date(certificate.validTo).toISOString(),
    sanUriGuid,
    cnGuid: subjectCommonName ? guidFromCommonName(subjectCommonName) : undefined,
  };
}

/** CERTIFICATE dictionary values (lib/validation/dictionaries.ts) for the policy. */
export function certificateAttribute(facts: CertificateFacts, name: string): string | undefined {
  switch (name) {
    case "Subject - Common Name":
      return facts.subjectCommonName;
    case "Subject Alternative Name - URI":
      return facts.sanUris[0];
    case "Issuer - Common Name":
      return facts.issuerCommonName;
    case "Serial Number":
      return facts.serialNumber;
    default:
      return undefined;
  }
}
