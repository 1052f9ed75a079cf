/**
 * The ISE MDM API as an MDM server answers it (ISE MDM reference §1): routing (instance prefix,
 * versioned api_path), Basic authentication and the API role, discovery, device queries, batch
 * queries, actions and messages. Transport-free: request in, response out; faults that concern the
 * connection (latency, 5xx, hang, reset) are applied by ./server around this.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { DeviceStore, KeyCriterion } from "./device-store";
import { guidFromGuidHn, normalizeMac } from "./identifiers";
import type { SimAccount, SimDevice, SimFaults } from "./types";
import {
  childText,
  childTexts,
  childTree,
  element,
  leaf,
  parseXmlBody,
  renderXmlDocument,
  XmlBodyError,
  type XmlElement,
  type XmlTree,
} from "./xml";

export type ApiVersion = 1 | 2 | 3;

export interface IseApiRequest {
  method: string;
  /** Path and query string, as received. */
  url: string;
  /** The Authorization header, if any. */
  authorization?: string;
  /** The Host header, used to build redirect_url as the client sees the server. */
  host?: string;
  body: string;
}

export interface IseApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The user name the request claimed (authenticated or not), for the request log. */
  user: string | null;
}

export interface IseApiContext {
  store: DeviceStore;
  accounts: readonly SimAccount[];
  instance: string | null;
  maxApiVersion: ApiVersion;
  queryMaxSize: number;
  vendor: string;
  productName: string;
  productVersion: string;
  /** "https://127.0.0.1:<port>", used when the request has no usable Host header. */
  defaultOrigin: string;
  faults(): SimFaults;
  now(): number;
}

/** The actions of ISE MDM reference §1.3. */
export const ACTION_TYPES = ["full_wipe", "corporate_wipe", "pin_lock"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Filterable attribute names, lower-cased (ISE MDM reference §1.2); v3-only ones are dropped for v1/v2. */
type AttributeName =
  | "register_status"
  | "compliance"
  | "disk_encryption_on"
  | "pin_lock_on"
  | "jail_broken"
  | "manufacturer"
  | "model"
  | "imei"
  | "meid"
  | "udid"
  | "serial_number"
  | "os_version"
  | "phone_number"
  | "guid"
  | "lastcheckintimestamp"
  | "macaddresses";

/** Attributes a sparse (Intune-style) answer still carries. */
const SPARSE_ATTRIBUTES = new Set<AttributeName>([
  "register_status",
  "compliance",
  "disk_encryption_on",
  "pin_lock_on",
  "jail_broken",
  "model",
  "os_version",
  "lastcheckintimestamp",
]);

// Intune's MDM compliance service answers with a default namespace (ISE MDM reference §1.2).
const INTUNE_NAMESPACE = "http://schemas.datacontract.org/2004/07/Microsoft.Intune.ComplianceRetrievalService";

const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------
// Responses

function xmlResponse(
  status: number,
  root: XmlElement,
  user: string | null,
  headers: Record<string, string> = {},
): IseApiResponse {
  return { status, headers: { "content-type": XML_CONTENT_TYPE, ...headers }, body: renderXmlDocument(root), user };
}

/** A short XML error body; the status line carries the class of error, the message the detail. */
export function errorResponse(
  status: number,
  message: string,
  user: string | null,
  headers: Record<string, string> = {},
): IseApiResponse {
  return xmlResponse(
    status,
    element("ise_api", [leaf("name", "error"), leaf("status", status), leaf("message", message)]),
    user,
    headers,
  );
}

function apiRoot(children: XmlElement[], dialect: SimFaults["dialect"]): XmlElement {
  return element("ise_api", children, dialect === "intune" ? { xmlns: INTUNE_NAMESPACE } : undefined);
}

// ---------------------------------------------------------------------------------------------------
// Authentication (RFC 7617 Basic)

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function authenticate(
  request: IseApiRequest,
  accounts: readonly SimAccount[],
): { user: string | null; account: SimAccount | null } {
  const credentials = parseBasic(request.authorization);
  if (!credentials) return { user: null, account: null };
  const account = accounts.find((candidate) => candidate.username === credentials.username);
  // Compare digests so the comparison time does not depend on where the passwords differ.
  const expected = digest(account?.password ?? "\u0000no-such-account");
  const matches = timingSafeEqual(expected, digest(credentials.password)) && account !== undefined;
  return { user: credentials.username, account: matches ? account : null };
}

// ---------------------------------------------------------------------------------------------------
// Routing

type Route =
  | { kind: "mdminfo" }
  | { kind: "enroll" }
  | { kind: "devices"; version: ApiVersion }
  | { kind: "batchdevices"; version: ApiVersion }
  | { kind: "action"; version: ApiVersion; actionType: string | null }
  | { kind: "sendmessage"; version: ApiVersion };

const ROUTE_METHODS: Record<Route["kind"], string> = {
  mdminfo: "GET",
  enroll: "GET",
  devices: "GET",
  batchdevices: "POST",
  action: "POST",
  sendmessage: "PUT",
};

function resolveRoute(segments: string[], ctx: IseApiContext): Route | null {
  // When an instance is configured it is the first segment of every path (ISE MDM reference §1.1).
  if (ctx.instance !== null) {
    if (segments[0] !== ctx.instance) return null;
    segments = segments.slice(1);
  }
  const [first, second, third, fourth, fifth, ...extra] = segments;
  if (first === "enroll" && second === undefined) return { kind: "enroll" };
  if (first !== "ciscoise") return null;
  if (second === "mdminfo" && third === undefined) return { kind: "mdminfo" };
  if (second !== "mdmapi" || third === undefined) return null;
  const versionMatch = /^v([1-9][0-9]*)$/.exec(third);
  const version = Number(versionMatch?.[1]);
  if (!versionMatch || version > ctx.maxApiVersion) return null;
  const apiVersion = version as ApiVersion;
  if (extra.length > 0) return null;
  switch (fourth) {
    case "devices":
      return fifth === undefined ? { kind: "devices", version: apiVersion } : null;
    case "batchdevices":
      return fifth === undefined ? { kind: "batchdevices", version: apiVersion } : null;
    case "sendmessage":
      return fifth === undefined ? { kind: "sendmessage", version: apiVersion } : null;
    case "action": {
      // The action type travels as a path segment, `action/actionType=<type>` (ISE MDM reference §1.3).
      if (fifth === undefined) return { kind: "action", version: apiVersion, actionType: null };
      const actionMatch = /^actionType=(.*)$/i.exec(fifth);
      return actionMatch ? { kind: "action", version: apiVersion, actionType: actionMatch[1] ?? "" } : null;
    }
    default:
      return null;
  }
}

function pathSegments(pathname: string): string[] {
  // Trailing slashes are optional (`/ciscoise/mdminfo/` and `/ciscoise/mdminfo` are the same).
  return pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function originOf(request: IseApiRequest, ctx: IseApiContext): string {
  const host = request.host?.trim();
  // Only a plausible host[:port] is echoed back into redirect_url.
  if (host && /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) return `https://${host}`;
  return ctx.defaultOrigin;
}

function instancePrefix(ctx: IseApiContext): string {
  return ctx.instance === null ? "" : `/${encodeURIComponent(ctx.instance)}`;
}

/** Query parameters with lower-cased names (clients differ in case); the first value of each wins. */
function queryParameters(search: URLSearchParams): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [name, value] of search) {
    const key = name.toLowerCase();
    if (!parameters.has(key)) parameters.set(key, value);
  }
  return parameters;
}

export function handleIseApiRequest(request: IseApiRequest, ctx: IseApiContext): IseApiResponse {
  let url: URL;
  try {
    url = new URL(request.url, "https://simulator.invalid");
  } catch {
    return errorResponse(400, "Malformed request URL", null);
  }
  const route = resolveRoute(pathSegments(url.pathname), ctx);
  if (!route) return errorResponse(404, `No such resource: ${url.pathname}`, null);

  if (route.kind === "enroll") {
    if (request.method !== "GET" && request.method !== "HEAD") return errorResponse(405, "Use GET", null, { allow: "GET" });
    return enrollPage(ctx);
  }

  const { user, account } = authenticate(request, ctx.accounts);
  if (!account) {
    return errorResponse(401, "Authentication required: wrong or missing user name or password", user, {
      "www-authenticate": 'Basic realm="MDM"',
    });
  }
  if (!account.hasApiRole) return errorResponse(403, `User ${account.username} does not have the MDM API role`, user);

  const expectedMethod = ROUTE_METHODS[route.kind];
  if (request.method !== expectedMethod) {
    return errorResponse(405, `${request.method} is not allowed here; use ${expectedMethod}`, user, { allow: expectedMethod });
  }

  const parameters = queryParameters(url.searchParams);
  try {
    switch (route.kind) {
      case "mdminfo":
        return mdmInfo(parameters, request, ctx, user);
      case "devices":
        return deviceQuery(route.version, parameters, ctx, user);
      case "batchdevices":
        return batchQuery(route.version, request.body, ctx, user);
      case "action":
        return deviceAction(route.version, route.actionType ?? parameters.get("actiontype") ?? null, request.body, ctx, user);
      case "sendmessage":
        return sendMessage(route.version, request.body, ctx, user);
    }
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.message, user, error.headers);
    if (error instanceof XmlBodyError) return errorResponse(400, error.message, user);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Discovery (ISE MDM reference §1.1)

function mdmInfo(
  parameters: Map<string, string>,
  request: IseApiRequest,
  ctx: IseApiContext,
  user: string | null,
): IseApiResponse {
  const requestedText = parameters.get("ise_api_version");
  // v1 clients send no ise_api_version parameter.
  let requested = 1;
  if (requestedText !== undefined) {
    if (!/^\s*[1-9][0-9]{0,2}\s*$/.test(requestedText)) {
      throw new ApiError(400, `ise_api_version must be a positive integer, got "${requestedText}"`);
    }
    requested = Number(requestedText);
  }
  const version = Math.min(requested, ctx.maxApiVersion) as ApiVersion;
  const prefix = instancePrefix(ctx);
  const root = apiRoot(
    [
      leaf("name", "mdminfo"),
      leaf("api_version", version),
      leaf("api_path", `${prefix}/ciscoise/mdmapi/v${version}`),
      leaf("redirect_url", `${originOf(request, ctx)}${prefix}/enroll`),
      leaf("query_max_size", ctx.queryMaxSize),
      leaf("messaging_support", true),
      leaf("vendor", ctx.vendor),
      leaf("product_name", ctx.productName),
      leaf("product_version", ctx.productVersion),
    ],
    ctx.faults().dialect,
  );
  return xmlResponse(200, root, user);
}

function enrollPage(ctx: IseApiContext): IseApiResponse {
  const title = `${ctx.productName}: device enrolment`;
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
<p>This device is not registered with ${escapeHtml(ctx.vendor)}. Install the management profile, then reconnect to the network.</p>
</body></html>
`;
  return { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body, user: null };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------------
// Device queries (ISE MDM reference §1.2)

type Criterion = KeyCriterion | "guidhn" | "compliance";
const CRITERIA: readonly Criterion[] = ["macaddress", "meid", "udid", "imei", "username", "compliance", "guid", "guidhn"];
const V3_CRITERIA = new Set<Criterion>(["guid", "guidhn"]);

function parseCriterion(value: string | undefined, version: ApiVersion): Criterion {
  if (value === undefined || value.trim() === "") throw new ApiError(400, "querycriteria is required");
  const criterion = value.trim().toLowerCase() as Criterion;
  if (!CRITERIA.includes(criterion)) {
    throw new ApiError(400, `Unknown querycriteria "${value}"; expected one of ${CRITERIA.join(", ")}`);
  }
  if (V3_CRITERIA.has(criterion) && version < 3) throw new ApiError(400, `querycriteria ${criterion} requires API v3`);
  return criterion;
}

/** `all` (or absent) = every attribute; otherwise names separated by `+` (a space once URL-decoded). */
function parseFilter(value: string | undefined): Set<string> | null {
  if (value === undefined) return null;
  const names = value
    .split(/[\s+,]+/)
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes("all")) return null;
  // Unknown names are ignored, as a real MDM ignores attributes it does not track.
  return new Set(names);
}

/** Registered devices matching one key (unregistered ones are unknown to the MDM's API). */
function findRegistered(criterion: KeyCriterion | "guidhn", value: string, ctx: IseApiContext): SimDevice[] {
  const trimmed = value.trim();
  if (trimmed === "") throw new ApiError(400, "value is required");
  if (criterion === "macaddress" && normalizeMac(trimmed) === null) {
    throw new ApiError(400, `"${value}" is not a MAC address (12 hex digits, any common separators)`);
  }
  const devices = criterion === "guidhn" ? ctx.store.find("guid", guidFromGuidHn(trimmed)) : ctx.store.find(criterion, trimmed);
  return devices.filter((device) => device.registered);
}

// Paging tokens are opaque to clients; ours encode the offset of the next page.
const TOKEN_PREFIX = "page:";

function encodePagingToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`, "utf8").toString("base64url");
}

function decodePagingToken(token: string | undefined): number {
  if (token === undefined || token.trim() === "" || token.trim() === "0") return 0;
  const decoded = Buffer.from(token.trim(), "base64url").toString("utf8");
  const match = new RegExp(`^${TOKEN_PREFIX}(\\d{1,9})$`).exec(decoded);
  if (!match?.[1]) throw new ApiError(400, `Invalid paging token "${token}"`);
  return Number(match[1]);
}

function deviceQuery(
  version: ApiVersion,
  parameters: Map<string, string>,
  ctx: IseApiContext,
  user: string | null,
): IseApiResponse {
  const criterion = parseCriterion(parameters.get("querycriteria"), version);
  const value = parameters.get("value");
  if (value === undefined || value.trim() === "") throw new ApiError(400, "value is required");
  const filter = parseFilter(parameters.get("filter"));
  const offset = decodePagingToken(parameters.get("paging"));

  let matches: readonly SimDevice[];
  if (criterion === "compliance") {
    const wanted = value.trim().toLowerCase();
    if (wanted !== "true" && wanted !== "false")
      throw new ApiError(400, `compliance value must be true or false, got "${value}"`);
    matches = ctx.store.byCompliance(wanted === "true");
  } else {
    matches = findRegistered(criterion, value, ctx);
  }

  const page = matches.slice(offset, offset + ctx.queryMaxSize);
  const nextOffset = offset + page.length;
  const pagingInfo = page.length > 0 && nextOffset < matches.length ? encodePagingToken(nextOffset) : "0";
  return attributesResponse(version, page, filter, pagingInfo, ctx, user);
}

function attributesResponse(
  version: ApiVersion,
  devices: readonly SimDevice[],
  filter: Set<string> | null,
  pagingInfo: string,
  ctx: IseApiContext,
  user: string | null,
): IseApiResponse {
  const faults = ctx.faults();
  const children = [leaf("name", "attributes"), leaf("api_version", version), leaf("paging_info", pagingInfo)];
  if (version >= 3 && faults.serverBusyWaitSeconds > 0) {
    children.push(leaf("server_busy_wait_seconds", faults.serverBusyWaitSeconds));
  }
  children.push(
    element(
      "deviceList",
      devices.map((device) => deviceElement(device, version, filter, faults.dialect)),
    ),
  );
  return xmlResponse(200, apiRoot(children, faults.dialect), user);
}

/** One `<device>` of a deviceList, in the Cisco layout or the sparse, capitalised Intune one. */
export function deviceElement(
  device: SimDevice,
  version: ApiVersion,
  filter: Set<string> | null,
  dialect: SimFaults["dialect"],
): XmlElement {
  const intune = dialect === "intune";
  const wanted = (name: AttributeName): boolean => {
    if (filter !== null && !filter.has(name)) return false;
    if ((name === "guid" || name === "lastcheckintimestamp" || name === "macaddresses") && version < 3) return false;
    return !intune || SPARSE_ATTRIBUTES.has(name);
  };
  // Cisco-style answers list every requested attribute (empty when unknown); sparse ones skip blanks.
  const text = (name: string, value: string | undefined): XmlElement[] =>
    intune && (value === undefined || value === "") ? [] : [leaf(name, value ?? "")];

  const attributes: XmlElement[] = [];
  if (wanted("register_status")) attributes.push(leaf("register_status", device.registered));
  if (wanted("compliance")) {
    const compliance = [leaf("status", device.compliant)];
    if (!intune || !device.compliant) compliance.push(...text("failure_reason", device.compliant ? "" : device.failure_reason));
    if (!intune) compliance.push(leaf("remediation", device.compliant ? "" : (device.remediation ?? "")));
    attributes.push(element(intune ? "Compliance" : "compliance", compliance));
  }
  if (wanted("disk_encryption_on")) attributes.push(leaf("disk_encryption_on", device.disk_encryption_on));
  if (wanted("pin_lock_on")) attributes.push(leaf("pin_lock_on", device.pin_lock_on));
  if (wanted("jail_broken")) attributes.push(leaf("jail_broken", device.jail_broken));
  if (wanted("manufacturer")) attributes.push(...text("manufacturer", device.manufacturer));
  if (wanted("model")) attributes.push(...text("model", device.model));
  if (wanted("imei")) attributes.push(...text("imei", device.imei));
  if (wanted("meid")) attributes.push(...text("meid", device.meid));
  if (wanted("udid")) attributes.push(...text("udid", device.udid));
  if (wanted("serial_number")) attributes.push(...text("serial_number", device.serial_number));
  if (wanted("os_version")) attributes.push(...text("os_version", device.os_version));
  if (wanted("phone_number")) attributes.push(...text("phone_number", device.phone_number));
  if (wanted("guid")) attributes.push(leaf("guid", device.guid));
  if (wanted("lastcheckintimestamp")) attributes.push(leaf("lastCheckinTimeStamp", device.lastCheckinTimeStamp));
  if (wanted("macaddresses")) {
    const macs = device.macaddresses && device.macaddresses.length > 0 ? device.macaddresses : [device.macaddress];
    attributes.push(leaf("macaddresses", macs.slice(0, 5).join(",")));
  }

  const children: XmlElement[] = [];
  if (!intune) children.push(leaf("macaddress", device.macaddress));
  if (version >= 3) children.push(leaf("guid", device.guid));
  children.push(element(intune ? "Attributes" : "attributes", attributes));
  return element("device", children);
}

// ---------------------------------------------------------------------------------------------------
// Batch query (our body format, see the simulator/client contract)

function requireRoot(body: string): XmlTree {
  const root = childTree(parseXmlBody(body), "ise_api");
  if (!root) throw new ApiError(400, "The request body must be an <ise_api> document");
  return root;
}

function batchQuery(version: ApiVersion, body: string, ctx: IseApiContext, user: string | null): IseApiResponse {
  const root = requireRoot(body);
  const criterion = parseCriterion(childText(root, "querycriteria"), version);
  if (criterion === "compliance") throw new ApiError(400, "Use a device query for compliance; batchdevices takes device keys");
  const values = childTexts(childTree(root, "values"), "value").map((value) => value.trim());
  if (values.length === 0) throw new ApiError(400, "<values> must contain at least one <value>");
  if (values.length > ctx.queryMaxSize) {
    throw new ApiError(400, `Too many values: ${values.length} (query_max_size is ${ctx.queryMaxSize})`);
  }
  const filter = parseFilter(childText(root, "filter"));
  const found = new Set<SimDevice>();
  for (const value of values) for (const device of findRegistered(criterion, value, ctx)) found.add(device);
  return attributesResponse(version, [...found], filter, "0", ctx, user);
}

// ---------------------------------------------------------------------------------------------------
// Actions and messages (ISE MDM reference §1.3)

interface Identifier {
  element: "macaddress" | "guid";
  value: string;
}

function parseIdentifier(root: XmlTree, version: ApiVersion): Identifier {
  const identifier = childTree(root, "identifier");
  if (!identifier) throw new ApiError(400, "<identifier> with <macaddress> or <guid> is required");
  const mac = childText(identifier, "macaddress")?.trim();
  const guid = childText(identifier, "guid")?.trim();
  if (mac) {
    const normalized = normalizeMac(mac);
    if (normalized === null) throw new ApiError(400, `"${mac}" is not a MAC address`);
    return { element: "macaddress", value: normalized };
  }
  if (guid) {
    if (version < 3) throw new ApiError(400, "A <guid> identifier requires API v3");
    return { element: "guid", value: guid };
  }
  throw new ApiError(400, "<identifier> must contain a non-empty <macaddress> or <guid>");
}

function resultResponse(
  name: string,
  version: ApiVersion,
  identifier: Identifier,
  device: SimDevice | undefined,
  failureReason: string,
  ctx: IseApiContext,
  user: string | null,
): IseApiResponse {
  const dialect = ctx.faults().dialect;
  const children: XmlElement[] = [];
  const mac = device?.macaddress ?? (identifier.element === "macaddress" ? identifier.value : undefined);
  const guid = device?.guid ?? (identifier.element === "guid" ? identifier.value : undefined);
  if (mac !== undefined) children.push(leaf("macaddress", mac));
  if (version >= 3 && guid !== undefined) children.push(leaf("guid", guid));
  children.push(element("result", [leaf("action_status", failureReason === ""), leaf("failure_reason", failureReason)]));
  const root = apiRoot(
    [leaf("name", name), leaf("api_version", version), element("deviceList", [element("device", children)])],
    dialect,
  );
  return xmlResponse(200, root, user);
}

/** The target device, or the reason the action cannot be carried out (an empty reason = ok). */
function targetOf(identifier: Identifier, ctx: IseApiContext): { device: SimDevice | undefined; failureReason: string } {
  const [device] = ctx.store.find(identifier.element, identifier.value);
  if (!device) return { device: undefined, failureReason: "Device not found" };
  if (!device.registered) return { device, failureReason: "Device is not registered with the MDM" };
  return { device, failureReason: "" };
}

function deviceAction(
  version: ApiVersion,
  actionType: string | null,
  body: string,
  ctx: IseApiContext,
  user: string | null,
): IseApiResponse {
  if (!actionType) throw new ApiError(400, `actionType is required (${ACTION_TYPES.join(", ")})`);
  const type = actionType.trim().toLowerCase();
  if (!(ACTION_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(400, `Unknown actionType "${actionType}"; expected one of ${ACTION_TYPES.join(", ")}`);
  }
  const identifier = parseIdentifier(requireRoot(body), version);
  const { device, failureReason } = targetOf(identifier, ctx);
  if (device && failureReason === "") {
    ctx.store.update(device.macaddress, { actions: [...(device.actions ?? []), { type, at: ctx.now() }] });
  }
  return resultResponse("action", version, identifier, device, failureReason, ctx, user);
}

const MESSAGE_MAX_LENGTH = 1000;

function sendMessage(version: ApiVersion, body: string, ctx: IseApiContext, user: string | null): IseApiResponse {
  const root = requireRoot(body);
  const message = childText(root, "message")?.trim();
  if (!message) throw new ApiError(400, "<message> is required");
  if (message.length > MESSAGE_MAX_LENGTH) throw new ApiError(400, `<message> is limited to ${MESSAGE_MAX_LENGTH} characters`);
  const identifier = parseIdentifier(root, version);
  const { device, failureReason } = targetOf(identifier, ctx);
  if (device && failureReason === "") {
    ctx.store.update(device.macaddress, { messages: [...(device.messages ?? []), message] });
  }
  return resultResponse("sendmessage", version, identifier, device, failureReason, ctx, user);
}
