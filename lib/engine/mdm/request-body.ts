import type { MdmDeviceIdentifier } from "./types";

/**
 * Request bodies the client sends (ise-mdm-reference §1.2–§1.3 and the shared simulator contract). Values
 * are escaped, so a GUID or message taken from elsewhere cannot change the document's structure.
 */

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export type MdmBatchCriterion = "macaddress" | "guid";

/** `POST <api_path>/batchdevices/` body: several values for one criterion. */
export function buildBatchBody(criterion: MdmBatchCriterion, values: readonly string[]): string {
  const items = values.map((value) => `<value>${escapeXml(value)}</value>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><ise_api><querycriteria>${criterion}</querycriteria><values>${items}</values><filter>all</filter></ise_api>`;
}

function identifierXml(identifier: MdmDeviceIdentifier): string {
  return "macaddress" in identifier
    ? `<identifier><macaddress>${escapeXml(identifier.macaddress)}</macaddress></identifier>`
    : `<identifier><guid>${escapeXml(identifier.guid)}</guid></identifier>`;
}

/** `POST <api_path>/action/actionType=<type>` body (§1.3). */
export function buildActionBody(identifier: MdmDeviceIdentifier): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ise_api>${identifierXml(identifier)}</ise_api>`;
}

/** `PUT <api_path>/sendmessage` body: the device and the text to show on it. */
export function buildSendMessageBody(identifier: MdmDeviceIdentifier, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ise_api>${identifierXml(identifier)}<message>${escapeXml(message)}</message></ise_api>`;
}
