// How the CoA log names what it shows: results as badges, request kinds and triggers in RFC 5176 terms, and
// what an answer means for the admin (which NAD setting to look at).
import type { CoaLogRow } from "@/lib/queries/coa-events";
import type { CoaResult, CoaTrigger } from "@/lib/validation/coa-events";
import { Badge } from "../ui/badge";

export const resultLabels: Record<CoaResult, string> = { ack: "ACK", nak: "NAK", timeout: "Timeout", error: "Error" };

export function CoaResultBadge({ result }: { result: CoaResult }) {
  const tone = result === "ack" ? "ok" : result === "timeout" ? "warn" : "danger";
  return <Badge tone={tone}>{resultLabels[result]}</Badge>;
}

export const triggerLabels: Record<CoaTrigger, string> = { poll: "Compliance poll", manual: "Send CoA now" };

export function formatKind(kind: CoaLogRow["kind"]): string {
  return kind === "reauthenticate" ? "CoA-Request (reauthenticate)" : "Disconnect-Request";
}

/** The packet's name only, for table cells (the reauthenticate command is in the title and the drawer). */
export function formatKindShort(kind: CoaLogRow["kind"]): string {
  return kind === "reauthenticate" ? "CoA-Request" : "Disconnect-Request";
}

/** RFC 5176 §3.5 Error-Cause values a NAD may send with a NAK, in the words an admin acts on. */
const errorCauseHints: Record<string, string> = {
  "Residual-Context-Removed": "The session was removed, though some of its state remains on the device.",
  "Invalid-EAP-Packet": "The device could not use an EAP packet in the request.",
  "Unsupported-Attribute":
    "The device does not support an attribute of the request. A Cisco reauthenticate command sent to another vendor's device causes this: check the network device's vendor profile.",
  "Missing-Attribute": "The device needs an attribute the request did not carry to find the session.",
  "NAS-Identification-Mismatch": "The request's NAS identification does not match the device that received it.",
  "Invalid-Request": "The device found the request malformed.",
  "Unsupported-Service":
    "The device does not offer this service (for example the reauthenticate command): check the network device's vendor profile.",
  "Unsupported-Extension":
    "The device does not support this kind of request at all: enable dynamic authorization (RFC 5176) on it, or choose the generic profile so Gatehouse sends a Disconnect-Request.",
  "Invalid-Attribute-Value": "The device refused the value of an attribute in the request.",
  "Administratively-Prohibited":
    "The device is configured to refuse this request from Gatehouse: check its dynamic-authorization client list.",
  "Proxy-Request-Not-Routable": "A RADIUS proxy on the way could not route the request to the device holding the session.",
  "Session-Context-Not-Found":
    "The device has no such session any more: it ended, moved to another device, or its Accounting Stop never reached Gatehouse.",
  "Session-Context-Not-Removable": "The device cannot remove this session.",
  "Proxy-Processing-Error": "A RADIUS proxy on the way failed to handle the request.",
  "Resources-Unavailable": "The device lacked the resources to handle the request; a later CoA may succeed.",
  "Request-Initiated": "The device has started the change itself.",
  "Multiple-Session-Selection-Unsupported": "The request matched several sessions and the device cannot act on more than one.",
};

/** What the answer means and, when it is not an ACK, where to look. */
export function resultExplanation(event: CoaLogRow): string {
  switch (event.result) {
    case "ack":
      return event.kind === "reauthenticate"
        ? "The network device accepted the request (CoA-ACK): the endpoint authenticates again and is authorized by its current state."
        : "The network device ended the session (Disconnect-ACK): the endpoint reconnects and is authorized afresh.";
    case "nak":
      return `The network device refused the request (${event.kind === "reauthenticate" ? "CoA-NAK" : "Disconnect-NAK"}). ${
        event.errorCause
          ? (errorCauseHints[event.errorCause] ?? `Its Error-Cause: ${event.errorCause}.`)
          : "It gave no Error-Cause."
      }`;
    case "timeout":
      return `No answer after ${event.attempts} ${event.attempts === 1 ? "try" : "tries"}. Check that the network device accepts dynamic authorization (RFC 5176) from Gatehouse on UDP port ${event.coaPort} (Cisco IOS: aaa server radius dynamic-author, with this server as a client and the same shared secret), and that no firewall drops it.`;
    case "error":
      return `No request was sent: ${event.errorCause ?? "an error occurred before sending"}.`;
  }
}
