// EAP over RADIUS (RFC 3579) for EAP-TLS: the EAP-Message of an Access-Request → the conversation its State
// names (or a new one on EAP-Response/Identity) → the next step: an Access-Challenge, a reject, or, once the
// TLS handshake is done, authorization by the caller (handler.ts: identity, compliance, policy, reply).
import type { AttributeInput, RadiusPacket } from "../radius";
import type { ConfigSnapshot } from "../config/snapshot";
import { decodeEap, EapCode, EapType, encodeEap, identityOf } from "../eap/codec";
import type { ConversationTable } from "../eap/conversations";
import { EapTlsConversation, type EapTlsSettings } from "../eap/eap-tls";
import type { EstablishedSession } from "../eap/tls-server";

export type EapStep =
  /** Answer with an Access-Challenge carrying these attributes (EAP-Message, State). */
  | { kind: "challenge"; attributes: AttributeInput[] }
  /** Answer with an Access-Reject carrying `eap` (EAP-Failure) when there is one; `reason` goes to the Live Log. */
  | { kind: "reject"; reason: string; eap: Buffer | undefined; identity: string | undefined; refused?: boolean }
  /** The handshake succeeded: authorize, then EAP-Success (+ keys) or EAP-Failure. */
  | { kind: "authorize"; session: EstablishedSession; identity: string; eapSuccess: Buffer; eapFailure: Buffer }
  /** RFC 3748 §4.1 / RFC 3579 §2.6.2: silently discard. */
  | { kind: "discard"; reason: string };

export interface EapStepDependencies {
  conversations: ConversationTable;
  settings: EapTlsSettings;
}

/** One Access-Request carrying EAP-Message. */
export async function eapStep(deps: EapStepDependencies, packet: RadiusPacket, snapshot: ConfigSnapshot): Promise<EapStep> {
  const bytes = packet.get("EAP-Message");
  const decoded = bytes ? decodeEap(bytes) : undefined;
  if (!decoded?.ok) {
    // RFC 3579 §2.6.2 lets a server discard an invalid EAP packet; an explicit reject tells the NAD at once.
    return {
      kind: "reject",
      reason: `Malformed EAP-Message: ${decoded ? decoded.error.message : "empty"}`,
      eap: undefined,
      identity: undefined,
    };
  }
  const eap = decoded.packet;
  if (eap.code !== EapCode.Response) {
    return { kind: "discard", reason: `EAP ${eap.code === EapCode.Request ? "Request" : "Success/Failure"} from a NAD` };
  }
  const failureFor = () => encodeEap({ code: EapCode.Failure, identifier: eap.identifier });
  const state = packet.getRaw("State");

  if (!state || state.length === 0) {
    if (eap.type !== EapType.Identity) {
      return {
        kind: "reject",
        reason: "EAP conversation without State: the first EAP-Response must be an Identity",
        eap: failureFor(),
        identity: undefined,
      };
    }
    const identity = identityOf(eap.data);
    const server = snapshot.eap.server;
    if (!server) {
      return {
        kind: "reject",
        reason: `EAP-TLS is unavailable: ${snapshot.eap.unavailableReason ?? "no EAP server certificate"}`,
        eap: failureFor(),
        identity,
      };
    }
    if (!server.hasClientAnchors) {
      return {
        kind: "reject",
        reason: "EAP-TLS is unavailable: no trusted certificate is marked Trust for client authentication",
        eap: failureFor(),
        identity,
      };
    }
    const conversation = new EapTlsConversation({
      identity,
      identifier: eap.identifier,
      tls: server.handshake(),
      settings: deps.settings,
    });
    const opened = deps.conversations.open(conversation);
    if (!opened.ok) return { kind: "reject", reason: opened.reason, eap: failureFor(), identity, refused: true };
    return {
      kind: "challenge",
      attributes: [
        { name: "EAP-Message", value: conversation.start() },
        { name: "State", value: opened.state },
      ],
    };
  }

  const conversation = deps.conversations.get(state);
  if (!conversation) {
    return {
      kind: "reject",
      reason: "Unknown or expired EAP conversation (its State is not in progress here)",
      eap: failureFor(),
      identity: undefined,
    };
  }
  const step = await conversation.respond(eap);
  switch (step.kind) {
    case "challenge":
      return {
        kind: "challenge",
        attributes: [
          { name: "EAP-Message", value: step.eap },
          { name: "State", value: state },
        ],
      };
    case "discard":
      return step;
    case "failure":
      deps.conversations.close(state);
      return { kind: "reject", reason: step.failure.message, eap: step.eap, identity: conversation.identity };
    case "success":
      deps.conversations.close(state);
      return {
        kind: "authorize",
        session: step.session,
        identity: conversation.identity,
        eapSuccess: step.eap,
        eapFailure: step.failureEap,
      };
  }
}

/**
 * RFC 2548 §2.4.2–2.4.3 (salted by the encoder with the request's authenticator) and RFC 5216 §2.3:
 * MS-MPPE-Recv-Key = MSK[0..31], MS-MPPE-Send-Key = MSK[32..63].
 */
export function mppeKeyAttributes(msk: Buffer): AttributeInput[] {
  return [
    { name: "MS-MPPE-Recv-Key", value: msk.subarray(0, 32) },
    { name: "MS-MPPE-Send-Key", value: msk.subarray(32, 64) },
  ];
}
