// RADIUS packet codes: RFC 2865 §3 / §4, RFC 2866 §4, RFC 5997 §2, RFC 5176 §2.3.

export const RadiusCode = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  StatusClient: 13,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;

export type RadiusCode = (typeof RadiusCode)[keyof typeof RadiusCode];

/** Wire names, as used in logs and by FreeRADIUS / Wireshark. */
export const radiusCodeNames: Readonly<Record<RadiusCode, string>> = {
  1: "Access-Request",
  2: "Access-Accept",
  3: "Access-Reject",
  4: "Accounting-Request",
  5: "Accounting-Response",
  11: "Access-Challenge",
  12: "Status-Server",
  13: "Status-Client",
  40: "Disconnect-Request",
  41: "Disconnect-ACK",
  42: "Disconnect-NAK",
  43: "CoA-Request",
  44: "CoA-ACK",
  45: "CoA-NAK",
};

export function isRadiusCode(value: number): value is RadiusCode {
  return Object.prototype.hasOwnProperty.call(radiusCodeNames, value);
}

/** Codes sent by a client, whose reply is matched on Identifier + Request Authenticator. */
export type RequestCode =
  | typeof RadiusCode.AccessRequest
  | typeof RadiusCode.AccountingRequest
  | typeof RadiusCode.StatusServer
  | typeof RadiusCode.StatusClient
  | typeof RadiusCode.DisconnectRequest
  | typeof RadiusCode.CoaRequest;

export type ResponseCode = Exclude<RadiusCode, RequestCode>;

export function isRequestCode(code: number): code is RequestCode {
  return (
    code === RadiusCode.AccessRequest ||
    code === RadiusCode.AccountingRequest ||
    code === RadiusCode.StatusServer ||
    code === RadiusCode.StatusClient ||
    code === RadiusCode.DisconnectRequest ||
    code === RadiusCode.CoaRequest
  );
}

/**
 * Requests whose Request Authenticator is a random nonce chosen by the client (RFC 2865 §3,
 * RFC 5997 §3), as opposed to an MD5 over the packet (RFC 2866 §3, RFC 5176 §2.3).
 */
export function hasRandomRequestAuthenticator(code: number): boolean {
  return code === RadiusCode.AccessRequest || code === RadiusCode.StatusServer || code === RadiusCode.StatusClient;
}

/** Replies a client may accept for each request code (RFC 2865 §4, RFC 2866 §4, RFC 5176 §2, RFC 5997 §3). */
export function isValidResponseCode(requestCode: number, responseCode: number): boolean {
  switch (requestCode) {
    case RadiusCode.AccessRequest:
      return (
        responseCode === RadiusCode.AccessAccept ||
        responseCode === RadiusCode.AccessReject ||
        responseCode === RadiusCode.AccessChallenge
      );
    case RadiusCode.AccountingRequest:
      return responseCode === RadiusCode.AccountingResponse;
    case RadiusCode.StatusServer:
      // RFC 5997 §3: Access-Accept on an authentication port, Accounting-Response on an accounting port.
      return responseCode === RadiusCode.AccessAccept || responseCode === RadiusCode.AccountingResponse;
    case RadiusCode.DisconnectRequest:
      return responseCode === RadiusCode.DisconnectAck || responseCode === RadiusCode.DisconnectNak;
    case RadiusCode.CoaRequest:
      return responseCode === RadiusCode.CoaAck || responseCode === RadiusCode.CoaNak;
    default:
      return false;
  }
}
