// Why an EAP-TLS handshake failed, in words a network engineer reads in the Live Log. OpenSSL reports
// certificate problems as X509_V_ERR_* names (node: `authorizationError`, without the prefix) and protocol
// problems as ERR_SSL_* codes; RFC 5246 §7.2 / RFC 8446 §6 alerts name the rest.

export interface TlsFailure {
  /** OpenSSL's code (e.g. CERT_HAS_EXPIRED, ERR_SSL_NO_SHARED_CIPHER) or our own (EAP_*). */
  code: string;
  /** The Live Log's failure reason. */
  message: string;
}

const UNKNOWN_CA = "Client certificate is not trusted: its issuer is not a CA trusted for client authentication";

/** X509_V_ERR_* (OpenSSL x509_vfy.h) as node names them. */
const verifyMessages: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT: UNKNOWN_CA,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_CA,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_CA,
  SELF_SIGNED_CERT_IN_CHAIN: UNKNOWN_CA,
  DEPTH_ZERO_SELF_SIGNED_CERT: "Client certificate is self-signed and not trusted for client authentication",
  CERT_UNTRUSTED: UNKNOWN_CA,
  CERT_HAS_EXPIRED: "Client certificate has expired",
  CERT_NOT_YET_VALID: "Client certificate is not yet valid (its validity starts in the future)",
  ERROR_IN_CERT_NOT_BEFORE_FIELD: "Client certificate has an unreadable validity start date",
  ERROR_IN_CERT_NOT_AFTER_FIELD: "Client certificate has an unreadable validity end date",
  INVALID_PURPOSE:
    "Client certificate is not valid for client authentication (its Extended Key Usage lacks clientAuth or its key usage forbids signing)",
  CERT_SIGNATURE_FAILURE: "Client certificate signature does not verify (tampered or corrupt certificate)",
  CERT_REJECTED: "Client certificate is marked as rejected for this purpose",
  CERT_REVOKED: "Client certificate has been revoked",
  INVALID_CA: "A CA certificate in the client's chain is not a valid CA (basicConstraints / key usage)",
  PATH_LENGTH_EXCEEDED: "The client's certificate chain is longer than a CA's path length allows",
  CERT_CHAIN_TOO_LONG: "The client's certificate chain is too long",
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: "The issuing CA's public key cannot be read",
  EE_KEY_TOO_SMALL: "Client certificate key is too small for the security level",
  CA_MD_TOO_WEAK: "Client certificate is signed with a hash algorithm that is too weak",
};

/** ERR_SSL_* (node's names for OpenSSL reason codes) met in EAP-TLS handshakes. */
const sslMessages: Record<string, string> = {
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: "The client sent no certificate (EAP-TLS requires one)",
  ERR_SSL_NO_SHARED_CIPHER: "The client offered no cipher suite this server accepts",
  ERR_SSL_UNSUPPORTED_PROTOCOL: "The client offered no TLS version this server accepts (TLS 1.2 or 1.3)",
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: "The client offered no TLS version this server accepts (TLS 1.2 or 1.3)",
  ERR_SSL_WRONG_VERSION_NUMBER: "The client's TLS records are not TLS 1.2 or 1.3",
  ERR_SSL_BAD_SIGNATURE: "The client's CertificateVerify signature is invalid (its key does not match its certificate)",
  ERR_SSL_DIGEST_CHECK_FAILED: "The client's Finished message does not verify",
  ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC: "A TLS record from the client failed integrity checks",
  ERR_SSL_UNEXPECTED_MESSAGE: "The client sent an unexpected TLS message",
  ERR_SSL_PACKET_LENGTH_TOO_LONG: "The client sent an over-long TLS record",
  ERR_SSL_HTTP_REQUEST: "The client sent HTTP, not TLS",
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: "The client does not trust this server's EAP certificate (it answered: unknown CA)",
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: "The client rejected this server's EAP certificate (bad certificate)",
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: "The client rejected this server's EAP certificate as expired",
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: "The client aborted the TLS handshake (handshake failure alert)",
  ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR: "The client could not verify this server's handshake (decrypt error alert)",
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: "The client refused the TLS version (protocol version alert)",
};

/** RFC 5246 §7.2 / RFC 8446 §6 alert descriptions the server itself may send. */
const alertMessages: Record<number, string> = {
  40: "TLS handshake failure: no common parameters with the client",
  42: "Client certificate rejected (bad certificate)",
  43: "Client certificate type not supported",
  45: "Client certificate has expired",
  46: "Client certificate problem",
  48: "Client certificate issued by an unknown CA",
  50: "The client's TLS message could not be decoded",
  51: "The client's handshake signature did not verify",
  70: "The client offered no TLS version this server accepts (TLS 1.2 or 1.3)",
  71: "Insufficient security: the client offered only weak parameters",
  80: "Internal TLS error",
  109: "The client omitted a required TLS extension",
  116: "The client sent no certificate (EAP-TLS requires one)",
};

/** From node's `authorizationError` (a verify failure) or the error of `tlsClientError`. */
export function tlsFailureOf(authorizationError: string | undefined, error: NodeJS.ErrnoException | undefined): TlsFailure {
  if (authorizationError) {
    const message = verifyMessages[authorizationError];
    return {
      code: authorizationError,
      message: message ?? `Client certificate rejected: ${authorizationError.toLowerCase().replace(/_/g, " ")}`,
    };
  }
  const code = error?.code ?? "TLS_ERROR";
  const message = sslMessages[code];
  if (message) return { code, message };
  const detail = error?.message ? `: ${error.message.split("\n")[0]}` : "";
  return { code, message: `TLS handshake failed (${code}${detail})` };
}

/** A fatal alert the server sent (seen in its plaintext output). */
export function tlsAlertFailure(description: number | undefined): TlsFailure {
  const message = description === undefined ? undefined : alertMessages[description];
  return {
    code: `TLS_ALERT_${description ?? "UNKNOWN"}`,
    message: message ?? `TLS handshake failed (alert ${description ?? "unknown"})`,
  };
}
