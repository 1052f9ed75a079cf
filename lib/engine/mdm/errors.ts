/**
 * The one error type of the MDM client. Callers branch on `code`, never on message text: the compliance
 * layer turns any code into `MDMServerReachable = UnReachable`, Test Connection maps codes onto the
 * reference's message table (ise-mdm-reference §3.2).
 */
export const MDM_ERROR_CODES = [
  "DNS_FAILED", // name did not resolve
  "CONNECT_FAILED", // TCP connect refused / unreachable
  "CONNECTION_CLOSED", // the server reset or closed the connection before answering
  "TIMEOUT", // the call's deadline passed
  "ABORTED", // the caller's AbortSignal fired
  "TLS_UNTRUSTED", // chain does not verify against the trusted certificates given
  "TLS_EXPIRED", // a certificate of the chain is outside its validity period
  "TLS_HOSTNAME", // certificate does not name the configured host
  "TLS_HANDSHAKE", // TLS failed for a reason other than the certificate (protocol, cipher, not TLS at all)
  "HTTP_401",
  "HTTP_403",
  "HTTP_404",
  "HTTP_5XX",
  "HTTP_OTHER",
  "BAD_RESPONSE", // not the XML the API describes
  "RESPONSE_TOO_LARGE", // body exceeded the configured cap
  "UNSUPPORTED", // the server's negotiated API version or capabilities do not offer this call
  "INVALID_REQUEST", // the caller passed a value that cannot be sent (e.g. a malformed MAC)
] as const;

export type MdmErrorCode = (typeof MDM_ERROR_CODES)[number];

export interface MdmErrorDetails {
  /** HTTP status when the server answered. */
  status?: number;
  /** Node / OpenSSL error code behind a transport failure (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
  nodeCode?: string;
}

export class MdmError extends Error {
  override readonly name = "MdmError";
  readonly code: MdmErrorCode;
  readonly status: number | undefined;
  readonly nodeCode: string | undefined;

  constructor(code: MdmErrorCode, message: string, details: MdmErrorDetails = {}) {
    super(message);
    this.code = code;
    this.status = details.status;
    this.nodeCode = details.nodeCode;
  }
}

export function isMdmError(value: unknown): value is MdmError {
  return value instanceof MdmError;
}

/** Maps an HTTP status that is not 2xx onto its error code. */
export function httpStatusError(status: number, statusText: string | undefined): MdmError {
  const text = statusText ? `${status} ${statusText}` : String(status);
  if (status === 401) return new MdmError("HTTP_401", `MDM answered ${text}`, { status });
  if (status === 403) return new MdmError("HTTP_403", `MDM answered ${text}`, { status });
  if (status === 404) return new MdmError("HTTP_404", `MDM answered ${text}`, { status });
  if (status >= 500 && status <= 599) return new MdmError("HTTP_5XX", `MDM answered ${text}`, { status });
  return new MdmError("HTTP_OTHER", `MDM answered ${text}`, { status });
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);
const CONNECT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ENETDOWN", "EHOSTDOWN"]);
const CLOSED_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);
const EXPIRED_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
]);
const HOSTNAME_CODES = new Set(["ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH", "IP_ADDRESS_MISMATCH"]);
/** OpenSSL X509_V_ERR_* names (without the prefix) as Node reports them on verification failure. */
const UNTRUSTED_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_REVOKED",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "CERT_CHAIN_TOO_LONG",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CA_KEY_TOO_SMALL",
  "EE_KEY_TOO_SMALL",
  "CA_MD_TOO_WEAK",
]);

/** The error code of a certificate verification failure (`socket.authorizationError` or a rejected handshake). */
export function tlsVerifyErrorCode(nodeCode: string): MdmErrorCode | undefined {
  if (EXPIRED_CODES.has(nodeCode)) return "TLS_EXPIRED";
  if (HOSTNAME_CODES.has(nodeCode)) return "TLS_HOSTNAME";
  if (UNTRUSTED_CODES.has(nodeCode)) return "TLS_UNTRUSTED";
  return undefined;
}

/**
 * Classifies a Node transport error (from dns, net, tls or http) into an MdmError. Errors that already
 * are MdmErrors pass through unchanged.
 */
export function classifyTransportError(error: unknown): MdmError {
  if (error instanceof MdmError) return error;
  const nodeCode =
    typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  // OpenSSL errors carry a one-phrase `reason` ("wrong version number"); their message is a raw error stack.
  const reason =
    typeof error === "object" && error !== null && "reason" in error ? (error as { reason: unknown }).reason : undefined;
  const message = typeof reason === "string" && reason ? reason : error instanceof Error ? error.message : String(error);
  const verifyCode = tlsVerifyErrorCode(nodeCode);
  if (verifyCode) return new MdmError(verifyCode, `TLS certificate check failed: ${message}`, { nodeCode });
  if (DNS_CODES.has(nodeCode)) return new MdmError("DNS_FAILED", `Host name did not resolve: ${message}`, { nodeCode });
  if (CONNECT_CODES.has(nodeCode)) return new MdmError("CONNECT_FAILED", `TCP connection failed: ${message}`, { nodeCode });
  if (CLOSED_CODES.has(nodeCode) || message === "socket hang up") {
    return new MdmError("CONNECTION_CLOSED", `The server closed the connection: ${message}`, {
      nodeCode: nodeCode || "ECONNRESET",
    });
  }
  if (nodeCode === "ETIMEDOUT") return new MdmError("TIMEOUT", `Timed out: ${message}`, { nodeCode });
  if (nodeCode.startsWith("ERR_SSL_") || nodeCode.startsWith("ERR_TLS_") || /ssl|tls/i.test(message)) {
    return new MdmError("TLS_HANDSHAKE", `TLS handshake failed: ${message}`, { nodeCode: nodeCode || undefined });
  }
  return new MdmError("CONNECT_FAILED", `Connection failed: ${message}`, { nodeCode: nodeCode || undefined });
}
