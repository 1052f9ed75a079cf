/**
 * The System dictionaries' attribute definitions (ise-mdm-reference §4). Pure data, browser-safe, shared by
 * the data module that writes the MDM rows, the dictionary pages, the policy builder and its checks.
 */
import { ATTRIBUTE_DEFINITIONS, VENDORS, type AttributeDefinition } from "../engine/radius/dictionary";
import { vendorProfiles } from "./network-device";

export type DictionaryDataType = "string" | "int" | "enum" | "boolean" | "ip" | "mac" | "date";

export type DictionaryAttributeDefinition = {
  name: string;
  internalName: string;
  dataType: DictionaryDataType;
  allowedValues?: string[];
  description: string;
  /** in: requests carry it (conditions read it); out: replies carry it; both. */
  direction: "in" | "out" | "both";
  /** Vendor of a Radius vendor-specific attribute (Cisco, Microsoft, Aruba). */
  vendor?: string;
};

export type SystemDictionary = { name: string; description: string; attributes: DictionaryAttributeDefinition[] };

export const MDM_DICTIONARY = "MDM";

/** The MDM dictionary: names and internal names from seeds 001/002, value sets per reference §4. */
export const mdmDictionaryAttributes: DictionaryAttributeDefinition[] = [
  {
    name: "DeviceRegisterStatus",
    internalName: "register_status",
    dataType: "enum",
    allowedValues: ["Registered", "UnRegistered"],
    description: "Whether the endpoint is registered (enrolled) with the MDM server.",
    direction: "in",
  },
  {
    name: "DeviceCompliantStatus",
    internalName: "compliant_status",
    dataType: "enum",
    allowedValues: ["Compliant", "NonCompliant"],
    description: "The compliance state the MDM server reports for the endpoint.",
    direction: "in",
  },
  {
    name: "DiskEncryptionStatus",
    internalName: "disk_encryption_on",
    dataType: "enum",
    allowedValues: ["On", "Off"],
    description: "Whether the device's storage is encrypted.",
    direction: "in",
  },
  {
    name: "PinLockStatus",
    internalName: "pin_lock_on",
    dataType: "enum",
    allowedValues: ["On", "Off"],
    description: "Whether a PIN or passcode lock is set on the device.",
    direction: "in",
  },
  {
    name: "JailBrokenStatus",
    internalName: "jail_broken",
    dataType: "enum",
    allowedValues: ["Broken", "Unbroken"],
    description: "Whether the device is jailbroken or rooted.",
    direction: "in",
  },
  {
    name: "MDMServerReachable",
    internalName: "MDMServerReachable",
    dataType: "enum",
    allowedValues: ["Reachable", "UnReachable"],
    description: "Whether the MDM server answered the compliance query.",
    direction: "in",
  },
  {
    name: "MDMServerName",
    internalName: "MDMServerName",
    dataType: "string",
    description: "Name of the MDM integration that answered for the endpoint.",
    direction: "in",
  },
  {
    name: "MDMFailureReason",
    internalName: "failure_reason",
    dataType: "string",
    description: "The compliance failure reason reported by the MDM server.",
    direction: "in",
  },
  {
    name: "DaysSinceLastCheckin",
    internalName: "days_since_last_checkin",
    dataType: "int",
    description: "Days since the device last checked in with the MDM server (1–365, from lastCheckinTimeStamp).",
    direction: "in",
  },
  {
    name: "UserNotified",
    internalName: "user_notified",
    dataType: "enum",
    allowedValues: ["Yes", "No"],
    description: "Whether the user has been notified of non-compliance by the MDM server.",
    direction: "in",
  },
  {
    name: "ServerType",
    internalName: "server_type",
    dataType: "enum",
    allowedValues: ["MDM", "DM"],
    description: "Type of the server that answered: Mobile Device Manager or Desktop Device Manager.",
    direction: "in",
  },
  { name: "IMEI", internalName: "imei", dataType: "string", description: "The device's IMEI.", direction: "in" },
  { name: "MEID", internalName: "meid", dataType: "string", description: "The device's MEID.", direction: "in" },
  { name: "UDID", internalName: "udid", dataType: "string", description: "The device's UDID.", direction: "in" },
  {
    name: "SerialNumber",
    internalName: "serial_number",
    dataType: "string",
    description: "The device's serial number.",
    direction: "in",
  },
  {
    name: "PhoneNumber",
    internalName: "phone_number",
    dataType: "string",
    description: "The device's phone number.",
    direction: "in",
  },
  {
    name: "Manufacturer",
    internalName: "manufacturer",
    dataType: "string",
    description: "The device's manufacturer.",
    direction: "in",
  },
  { name: "Model", internalName: "model", dataType: "string", description: "The device's model.", direction: "in" },
  {
    name: "OsVersion",
    internalName: "os_version",
    dataType: "string",
    description: "The device's operating system version.",
    direction: "in",
  },
];

export const RADIUS_DICTIONARY = "Radius";

/**
 * Codec attributes a policy never uses: credentials and challenges (User-Password, CHAP-*, MS-CHAP*),
 * protocol plumbing the engine manages itself (State, Proxy-State, EAP-Message, Message-Authenticator,
 * the Vendor-Specific container, keys derived from EAP, CoA error causes) and Tunnel-Password (a secret
 * that would have to be stored in clear).
 */
const nonPolicyRadiusAttributes: ReadonlySet<string> = new Set([
  "User-Password",
  "CHAP-Password",
  "CHAP-Challenge",
  "State",
  "Proxy-State",
  "Vendor-Specific",
  "EAP-Message",
  "Message-Authenticator",
  "EAP-Key-Name",
  "Error-Cause",
  "Tunnel-Password",
  "MS-CHAP-Response",
  "MS-CHAP-Error",
  "MS-CHAP-Challenge",
  "MS-CHAP2-Response",
  "MS-CHAP2-Success",
  "MS-MPPE-Send-Key",
  "MS-MPPE-Recv-Key",
]);

/** Attributes only an Access-Accept carries (RFC 2865 §5.44 table, RFC 2868 §3.1 tunnel table, RFC 4675). */
const replyOnlyRadiusAttributes: ReadonlySet<string> = new Set([
  "Filter-Id",
  "Framed-Routing",
  "Login-Service",
  "Login-TCP-Port",
  "Reply-Message",
  "Callback-Id",
  "Framed-Route",
  "Class",
  "Session-Timeout",
  "Termination-Action",
  "Acct-Interim-Interval",
  "Egress-VLANID",
  "Ingress-Filters",
  "Egress-VLAN-Name",
  "User-Priority-Table",
  "Port-Limit",
  "Tunnel-Type",
  "Tunnel-Medium-Type",
  "Tunnel-Client-Endpoint",
  "Tunnel-Server-Endpoint",
  "Tunnel-Private-Group-Id",
  "Tunnel-Assignment-Id",
  "Tunnel-Preference",
  "Tunnel-Client-Auth-Id",
  "Tunnel-Server-Auth-Id",
  "Framed-Pool",
  "Framed-IPv6-Route",
  "Framed-IPv6-Pool",
  "Delegated-IPv6-Prefix",
  "Framed-IPv6-Address",
  "DNS-Server-IPv6-Address",
  "Route-IPv6-Information",
  "Delegated-IPv6-Prefix-Pool",
  "Stateful-IPv6-Address-Pool",
  "MS-MPPE-Encryption-Policy",
  "MS-MPPE-Encryption-Types",
  "Aruba-User-Role",
  "Aruba-User-Vlan",
  "Aruba-Admin-Role",
  "Aruba-Named-User-Vlan",
]);

/** Attributes both an Access-Request (as a hint) and an Access-Accept may carry (RFC 2865 §5.44). */
const requestAndReplyRadiusAttributes: ReadonlySet<string> = new Set([
  "User-Name",
  "Service-Type",
  "Framed-Protocol",
  "Framed-IP-Address",
  "Framed-IP-Netmask",
  "Framed-MTU",
  "Framed-Compression",
  "Login-IP-Host",
  "Callback-Number",
  "Idle-Timeout",
  "Chargeable-User-Identity",
  "Framed-IPv6-Prefix",
  "Login-IPv6-Host",
  "Cisco-AVPair",
  "Cisco-Account-Info",
  "Cisco-Service-Info",
  "Cisco-Command-Code",
  "Cisco-Control-Info",
]);

/** What admins most often need to know; the rest are described by their defining document. */
const radiusDescriptions: Readonly<Record<string, string>> = {
  "User-Name": "The user or, for MAB, the endpoint's MAC address as the switch sends it.",
  "NAS-IP-Address": "IPv4 address of the network device that sent the request.",
  "NAS-Port": "Physical port number on the network device.",
  "Service-Type": "Type of service requested; MAB requests carry Call-Check, 802.1X requests Framed-User.",
  "Filter-Id": "Name of a filter list (ACL) the network device applies to the session.",
  "Reply-Message": "Text the network device may display to the user.",
  Class: "Opaque value the network device echoes in accounting for this session (hex in conditions).",
  "Session-Timeout": "Seconds until the session ends or is re-authenticated (see Termination-Action).",
  "Idle-Timeout": "Seconds of inactivity before the session ends.",
  "Termination-Action": "RADIUS-Request: re-authenticate when Session-Timeout expires instead of ending the session.",
  "Called-Station-Id":
    "The network device's address: the switch port's MAC, or for Wi-Fi the AP's MAC and SSID (AA-BB-CC-DD-EE-FF:SSID), hence a string.",
  "Calling-Station-Id":
    "The endpoint's MAC address. Typed mac so conditions compare it whatever the separators or case the device uses (AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff, …).",
  "NAS-Identifier": "Name the network device gives itself.",
  "Acct-Session-Id": "The session's accounting identifier, which switches also send in Access-Requests.",
  "Acct-Interim-Interval": "Seconds between interim accounting updates the network device should send.",
  "NAS-Port-Type": "Kind of port: Ethernet for wired, Wireless-802.11 for Wi-Fi, Virtual for VPN.",
  "Tunnel-Type": "VLAN (13) for dynamic VLAN assignment (RFC 3580 §3.31).",
  "Tunnel-Medium-Type": "IEEE-802 (6) for dynamic VLAN assignment (RFC 3580 §3.31).",
  "Tunnel-Private-Group-Id": "The VLAN id or name to assign (RFC 3580 §3.31).",
  "NAS-Port-Id": "Text name of the port, e.g. GigabitEthernet1/0/12.",
  "Egress-VLANID": "An egress VLAN to allow on the port, with its tag flag (RFC 4675 §2.1).",
  "Egress-VLAN-Name": "An egress VLAN name to allow on the port, prefixed 1 (tagged) or 2 (untagged).",
  "Cisco-AVPair": "Cisco attribute-value pair, e.g. ACS:CiscoSecure-Defined-ACL=…, url-redirect=…, device-traffic-class=voice.",
  "Aruba-User-Role": "Role the Aruba controller applies to the user.",
  "Aruba-User-Vlan": "VLAN id the Aruba controller assigns.",
  "Aruba-Named-User-Vlan": "VLAN name the Aruba controller assigns.",
  "Aruba-Essid-Name": "SSID the endpoint associated with.",
  "Aruba-AP-Group": "AP group of the access point the endpoint associated with.",
  "Aruba-Location-Id": "Name or MAC of the access point the endpoint associated with.",
};

/**
 * Dictionary data type of a codec attribute. Calling-Station-Id is typed mac (our decision): in MAB it
 * always holds the endpoint's MAC, and the mac operators compare it independently of the separators and
 * case each switch vendor uses; its regex operator still matches the raw text. Called-Station-Id stays a
 * string because Wi-Fi controllers append the SSID to it.
 */
function radiusDataType(definition: AttributeDefinition): DictionaryAttributeDefinition["dataType"] {
  if (definition.name === "Calling-Station-Id") return "mac";
  switch (definition.type) {
    case "integer":
      return definition.values ? "enum" : "int";
    case "ipaddr":
    case "ipv6addr":
      return "ip";
    case "date":
      return "date";
    default:
      return "string";
  }
}

function radiusDirection(name: string): DictionaryAttributeDefinition["direction"] {
  if (replyOnlyRadiusAttributes.has(name)) return "out";
  if (requestAndReplyRadiusAttributes.has(name)) return "both";
  return "in";
}

const vendorNames = new Map<number, string>(VENDORS.map((vendor) => [vendor.id, vendor.name]));

/** The Radius dictionary: every attribute of the codec's dictionary a policy or a profile can use. */
export const radiusDictionaryAttributes: DictionaryAttributeDefinition[] = (
  ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[]
)
  .filter((definition) => !nonPolicyRadiusAttributes.has(definition.name))
  .map((definition) => {
    const dataType = radiusDataType(definition);
    const vendor = definition.vendorId === undefined ? undefined : vendorNames.get(definition.vendorId);
    const wire = vendor ? `${vendor} vendor type ${definition.code}` : `attribute ${definition.code}`;
    const summary = radiusDescriptions[definition.name];
    return {
      name: definition.name,
      internalName: definition.name,
      dataType,
      ...(dataType === "enum" && definition.values ? { allowedValues: Object.keys(definition.values) } : {}),
      description: `${summary ? `${summary} ` : ""}${definition.reference}, ${wire}.`,
      direction: radiusDirection(definition.name),
      ...(vendor ? { vendor } : {}),
    };
  });

export const NETWORK_ACCESS_DICTIONARY = "Network Access";

/** What the engine knows about the request itself (lib/engine/aaa/handler.ts RequestAttributes). */
export const networkAccessDictionaryAttributes: DictionaryAttributeDefinition[] = [
  {
    name: "AuthenticationMethod",
    internalName: "AuthenticationMethod",
    dataType: "enum",
    allowedValues: ["Lookup", "x509_PKI"],
    description: "How the endpoint was authenticated: Lookup for MAC Authentication Bypass, x509_PKI for certificates (EAP-TLS).",
    direction: "in",
  },
  {
    name: "EapAuthentication",
    internalName: "EapAuthentication",
    dataType: "enum",
    allowedValues: ["EAP-TLS"],
    description: "The EAP method of an 802.1X request; absent on MAB requests, so conditions on it do not match them.",
    direction: "in",
  },
  {
    name: "Protocol",
    internalName: "Protocol",
    dataType: "enum",
    allowedValues: ["RADIUS"],
    description: "The protocol the request arrived by.",
    direction: "in",
  },
  {
    name: "DeviceIpAddress",
    internalName: "DeviceIpAddress",
    dataType: "ip",
    description: "The address (or range) of the network device entry that matched the request's source address.",
    direction: "in",
  },
  {
    name: "NetworkDeviceName",
    internalName: "NetworkDeviceName",
    dataType: "string",
    description: "Name of the network device (Administration › Network Resources) that sent the request.",
    direction: "in",
  },
];

export const CERTIFICATE_DICTIONARY = "CERTIFICATE";

/** The client certificate's fields; present on EAP-TLS requests only. */
export const certificateDictionaryAttributes: DictionaryAttributeDefinition[] = [
  {
    name: "Subject - Common Name",
    internalName: "Subject - Common Name",
    dataType: "string",
    description: "Common Name (CN) of the client certificate's subject. Present on EAP-TLS requests.",
    direction: "in",
  },
  {
    name: "Subject Alternative Name - URI",
    internalName: "Subject Alternative Name - URI",
    dataType: "string",
    description:
      "URI in the client certificate's Subject Alternative Name, e.g. the MDM's device GUID (ID:GUID:…). Present on EAP-TLS requests.",
    direction: "in",
  },
  {
    name: "Issuer - Common Name",
    internalName: "Issuer - Common Name",
    dataType: "string",
    description: "Common Name (CN) of the CA that issued the client certificate. Present on EAP-TLS requests.",
    direction: "in",
  },
  {
    name: "Serial Number",
    internalName: "Serial Number",
    dataType: "string",
    description: "Serial number of the client certificate, in hex. Present on EAP-TLS requests.",
    direction: "in",
  },
];

export const DEVICE_DICTIONARY = "DEVICE";

/** The network device the request came from (its entry in Administration › Network Resources). */
export const deviceDictionaryAttributes: DictionaryAttributeDefinition[] = [
  {
    name: "Device Type",
    internalName: "Device Type",
    dataType: "enum",
    allowedValues: [...vendorProfiles],
    description: "The vendor profile of the network device that sent the request.",
    direction: "in",
  },
];

/** The System dictionaries, in the order the dictionary tree and the condition editor list them. */
export const systemDictionaries: SystemDictionary[] = [
  {
    name: MDM_DICTIONARY,
    description:
      "Compliance and device attributes the MDM server reports for the endpoint; reading one makes the engine query the MDM (or its cache).",
    attributes: mdmDictionaryAttributes,
  },
  {
    name: RADIUS_DICTIONARY,
    description:
      "RADIUS attributes of Access-Requests and Access-Accepts, standard and vendor-specific (Cisco, Microsoft, Aruba).",
    attributes: radiusDictionaryAttributes,
  },
  {
    name: NETWORK_ACCESS_DICTIONARY,
    description: "What the engine knows about the request: how it authenticated and which network device sent it.",
    attributes: networkAccessDictionaryAttributes,
  },
  {
    name: CERTIFICATE_DICTIONARY,
    description: "Fields of the endpoint's client certificate, present on EAP-TLS requests.",
    attributes: certificateDictionaryAttributes,
  },
  {
    name: DEVICE_DICTIONARY,
    description: "Properties of the network device that sent the request.",
    attributes: deviceDictionaryAttributes,
  },
];

/** The attribute a `Dictionary:Attribute` reference names (exact names, as the engine compares them). */
export function findDictionaryAttribute(
  reference: string,
  dictionaries: readonly SystemDictionary[] = systemDictionaries,
): DictionaryAttributeDefinition | undefined {
  const colon = reference.indexOf(":");
  if (colon < 0) return undefined;
  const dictionaryName = reference.slice(0, colon);
  const attributeName = reference.slice(colon + 1);
  return dictionaries
    .find((dictionary) => dictionary.name === dictionaryName)
    ?.attributes.find((attribute) => attribute.name === attributeName);
}
