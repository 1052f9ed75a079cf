import { MdmError } from "./errors";
import { normalizeMac } from "./mac";
import type { MdmActionResult, MdmApiVersion, MdmDevice, MdmDevicePage, MdmDiscovery } from "./types";
import { readXml, type XmlObject, type XmlValue } from "./xml";

/**
 * Pure XML → typed values for the ISE MDM API (ise-mdm-reference §1). Bytes in, values out; no I/O.
 *
 * Real MDMs are sloppy (§1.2): Intune puts a default namespace on `<ise_api>`, capitalises `<Attributes>` and
 * `<Compliance>` and leaves attributes out. So element names are matched after stripping namespace prefixes,
 * lower-casing and dropping `_`/`-` (`Failure_Reason`, `failureReason` and `failure_reason` are one name),
 * every element is optional unless the call cannot work without it, and anything that is not well-formed
 * `<ise_api>` XML is a BAD_RESPONSE — never an exception of another kind. The XML itself is read by ./xml,
 * which does the name canonicalisation and the well-formedness checks.
 */

function badResponse(message: string): MdmError {
  return new MdmError("BAD_RESPONSE", message);
}

/** Parses a document and returns the `<ise_api>` root's content. */
function parseIseApi(xml: string): XmlObject {
  const trimmed = xml.trim();
  if (trimmed === "") throw badResponse("The MDM answered with an empty body");
  // readXml refuses a DTD itself (the API never needs one; refusing it rules out billion laughs and XXE).
  const document = readXml(trimmed);
  if (!Object.hasOwn(document, "iseapi")) {
    const root = Object.keys(document)[0];
    throw badResponse(`The MDM answer is not an <ise_api> document${root ? ` (root element <${root}>)` : ""}`);
  }
  const root = document["iseapi"];
  // `<ise_api/>` parses as "": an empty answer, which callers treat as "nothing there".
  return isObject(root) ? root : {};
}

function isObject(value: unknown): value is XmlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function first(value: XmlValue | undefined): XmlValue | undefined {
  return Array.isArray(value) ? first(value[0]) : value;
}

/** Own child only: never `constructor`, `toString`... from the prototype. */
function child(node: XmlObject | undefined, name: string): XmlValue | undefined {
  if (!node || !Object.hasOwn(node, name)) return undefined;
  return node[name];
}

/** Text of a child element (first one if repeated), trimmed; empty → undefined. */
function text(node: XmlObject | undefined, name: string): string | undefined {
  const value = first(child(node, name));
  let raw: XmlValue | undefined = value;
  if (isObject(value)) raw = child(value, "#text");
  if (typeof raw !== "string") return undefined;
  const trimmed = raw.trim();
  return trimmed === "" ? undefined : trimmed;
}

function element(node: XmlObject | undefined, name: string): XmlObject | undefined {
  const value = first(child(node, name));
  return isObject(value) ? value : undefined;
}

function elements(node: XmlObject | undefined, name: string): XmlObject[] {
  const value = child(node, name);
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(isObject);
}

/** Booleans travel as the strings `true` / `false` (§1.2); anything else is "not said". */
export function parseXmlBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return undefined;
}

function parseNonNegativeInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

function parseTimestamp(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // v3 lastCheckinTimeStamp is milliseconds since the epoch; accept an ISO date from sloppier servers.
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An api_path is a plain absolute path on the same server; anything else could redirect our credentials. */
const API_PATH_PATTERN = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** `mdminfo` answer (§1.1). `requestedVersion` caps the negotiated version. */
export function parseMdmInfo(xml: string, requestedVersion: MdmApiVersion = 3): MdmDiscovery {
  const root = parseIseApi(xml);
  const apiPathRaw = text(root, "apipath");
  if (!apiPathRaw) throw badResponse("The mdminfo answer has no <api_path>");
  if (!API_PATH_PATTERN.test(apiPathRaw) || apiPathRaw.split("/").includes("..")) {
    throw badResponse(`The mdminfo answer's <api_path> is not a plain path: ${JSON.stringify(apiPathRaw.slice(0, 200))}`);
  }
  const versionText = text(root, "apiversion");
  // v1 servers may omit the version; a present but non-numeric one means we misread the server.
  const reported = versionText === undefined ? 1 : parseNonNegativeInt(versionText);
  if (reported === undefined || reported < 1) {
    throw badResponse(`The mdminfo answer's <api_version> is not a version number: ${JSON.stringify(versionText)}`);
  }
  const apiVersion = Math.min(reported, requestedVersion) as MdmApiVersion;
  const queryMaxSize = parseNonNegativeInt(text(root, "querymaxsize"));
  const discovery: MdmDiscovery = {
    apiVersion,
    apiPath: apiPathRaw.replace(/\/+$/, ""),
    messagingSupport: parseXmlBoolean(text(root, "messagingsupport")) ?? false,
  };
  const redirectUrl = text(root, "redirecturl");
  if (redirectUrl !== undefined) discovery.redirectUrl = redirectUrl;
  if (queryMaxSize !== undefined && queryMaxSize > 0) discovery.queryMaxSize = queryMaxSize;
  const vendor = text(root, "vendor");
  if (vendor !== undefined) discovery.vendor = vendor;
  const productName = text(root, "productname");
  if (productName !== undefined) discovery.productName = productName;
  const productVersion = text(root, "productversion");
  if (productVersion !== undefined) discovery.productVersion = productVersion;
  return discovery;
}

const STRING_ATTRIBUTES = [
  ["manufacturer", "manufacturer"],
  ["model", "model"],
  ["imei", "imei"],
  ["meid", "meid"],
  ["udid", "udid"],
  ["serialnumber", "serialNumber"],
  ["osversion", "osVersion"],
  ["phonenumber", "phoneNumber"],
  ["username", "username"],
] as const;

const BOOLEAN_ATTRIBUTES = [
  ["diskencryptionon", "diskEncryptionOn"],
  ["pinlockon", "pinLockOn"],
  ["jailbroken", "jailBroken"],
] as const;

/** One `<device>` element. Attributes are read from `<attributes>` first, then from the device itself. */
function parseDevice(node: XmlObject): MdmDevice {
  const attributes = element(node, "attributes");
  const read = (name: string): string | undefined => text(attributes, name) ?? text(node, name);

  const macText = text(node, "macaddress") ?? text(attributes, "macaddress");
  const macaddresses = (read("macaddresses") ?? "")
    .split(/[,;\s]+/)
    .map((mac) => normalizeMac(mac))
    .filter((mac): mac is string => mac !== undefined);

  const complianceNode = element(attributes, "compliance") ?? element(node, "compliance");
  const complianceText = complianceNode ? text(complianceNode, "status") : read("compliance");
  const device: MdmDevice = {
    macaddresses: [...new Set(macaddresses)],
    // A device the MDM lists without saying otherwise is one it manages (§1.2: unknown = empty list).
    registered: parseXmlBoolean(read("registerstatus")) ?? true,
    compliance: { status: parseXmlBoolean(complianceText) },
  };
  const mac = normalizeMac(macText ?? "");
  if (mac !== undefined) device.macaddress = mac;
  const guid = text(node, "guid") ?? text(attributes, "guid");
  if (guid !== undefined) device.guid = guid;
  const failureReason = complianceNode ? text(complianceNode, "failurereason") : read("failurereason");
  if (failureReason !== undefined) device.compliance.failureReason = failureReason;
  const remediation = complianceNode ? text(complianceNode, "remediation") : read("remediation");
  if (remediation !== undefined) device.compliance.remediation = remediation;
  for (const [xmlName, key] of BOOLEAN_ATTRIBUTES) {
    const value = parseXmlBoolean(read(xmlName));
    if (value !== undefined) device[key] = value;
  }
  for (const [xmlName, key] of STRING_ATTRIBUTES) {
    const value = read(xmlName);
    if (value !== undefined) device[key] = value;
  }
  const lastCheckin = parseTimestamp(read("lastcheckintimestamp"));
  if (lastCheckin !== undefined) device.lastCheckin = lastCheckin;
  return device;
}

/**
 * A device query or batch answer (§1.2). A missing or empty `<deviceList>` means "no such registered
 * device" — the API's way of saying unregistered, not an error.
 */
export function parseDeviceList(xml: string): MdmDevicePage {
  const root = parseIseApi(xml);
  const list = element(root, "devicelist");
  const page: MdmDevicePage = { devices: elements(list, "device").map(parseDevice) };
  const paging = text(root, "paginginfo");
  // §1.2: "0" or absent = done.
  if (paging !== undefined && paging !== "0") page.nextPagingToken = paging;
  const busy = parseNonNegativeInt(text(root, "serverbusywaitseconds"));
  if (busy !== undefined && busy > 0) page.serverBusyWaitSeconds = busy;
  return page;
}

/** Answer to `action/actionType=...` (§1.3). */
export function parseActionResults(xml: string): MdmActionResult[] {
  const root = parseIseApi(xml);
  const list = element(root, "devicelist");
  return elements(list, "device").map((node) => {
    const resultNode = element(node, "result");
    const result: MdmActionResult = {
      actionStatus: parseXmlBoolean(text(resultNode, "actionstatus") ?? text(node, "actionstatus")) ?? false,
    };
    const mac = normalizeMac(text(node, "macaddress") ?? "");
    if (mac !== undefined) result.macaddress = mac;
    const guid = text(node, "guid");
    if (guid !== undefined) result.guid = guid;
    const failureReason = text(resultNode, "failurereason") ?? text(node, "failurereason");
    if (failureReason !== undefined) result.failureReason = failureReason;
    return result;
  });
}
