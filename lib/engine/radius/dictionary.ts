// The RADIUS dictionary: attributes a NAC sends or reads, with their wire types.
// Names and enumerated value names follow FreeRADIUS's dictionaries (what admins and the test vectors
// use); each entry cites the RFC (or vendor document) that defines it.

/**
 * Wire data types (RFC 8044 names in brackets):
 * - string: UTF-8 text [text], 1–253 octets
 * - octets: binary [string], 1–253 octets
 * - integer: 32-bit unsigned, network order [integer]
 * - date: 32-bit seconds since 1970-01-01 UTC [time]
 * - ipaddr: IPv4 address [ipv4addr]
 * - ipv6addr: IPv6 address [ipv6addr]
 * - ipv6prefix: reserved octet + prefix length + prefix [ipv6prefix], RFC 3162 §2.3
 * - vsa: the Vendor-Specific container, RFC 2865 §5.26
 */
export type AttributeDataType = "string" | "octets" | "integer" | "date" | "ipaddr" | "ipv6addr" | "ipv6prefix" | "vsa";

/**
 * - user-password: RFC 2865 §5.2 hiding with the Request Authenticator.
 * - salt: RFC 2868 §3.5 / RFC 2548 §2.4.2 salted encryption (Tunnel-Password, MS-MPPE keys).
 */
export type AttributeEncryption = "user-password" | "salt";

export interface AttributeDefinition {
  readonly name: string;
  /** Attribute type octet, or the vendor type when `vendorId` is set. */
  readonly code: number;
  /** SMI Private Enterprise Number of the vendor; absent for standard attributes. */
  readonly vendorId?: number;
  readonly type: AttributeDataType;
  /** RFC 2868 §3.1 Tag octet. */
  readonly tagged?: boolean;
  readonly encrypt?: AttributeEncryption;
  /** Values longer than 253 octets are split over consecutive attributes and joined on decode (RFC 3579 §3.1). */
  readonly concat?: boolean;
  /** A zero-length value is meaningful (RFC 4372 §2.1, Chargeable-User-Identity). */
  readonly allowEmpty?: boolean;
  /** The value must have exactly this many octets. */
  readonly fixedLength?: number;
  /** Enumerated value names for integer attributes. */
  readonly values?: Readonly<Record<string, number>>;
  /** Where the attribute is defined. */
  readonly reference: string;
}

export interface VendorDefinition {
  readonly id: number;
  readonly name: string;
  readonly reference: string;
}

export const VENDORS = [
  { id: 9, name: "Cisco", reference: "Cisco IOS RADIUS VSAs (FreeRADIUS dictionary.cisco)" },
  { id: 311, name: "Microsoft", reference: "RFC 2548" },
  { id: 14823, name: "Aruba", reference: "Aruba RADIUS VSAs (FreeRADIUS dictionary.aruba)" },
] as const satisfies readonly VendorDefinition[];

export const VendorId = { Cisco: 9, Microsoft: 311, Aruba: 14823 } as const;

const serviceTypes = {
  "Login-User": 1,
  "Framed-User": 2,
  "Callback-Login-User": 3,
  "Callback-Framed-User": 4,
  "Outbound-User": 5,
  "Administrative-User": 6,
  "NAS-Prompt-User": 7,
  "Authenticate-Only": 8,
  "Callback-NAS-Prompt": 9,
  "Call-Check": 10,
  "Callback-Administrative": 11,
  "Authorize-Only": 17,
  "Framed-Management": 18,
} as const;

const nasPortTypes = {
  Async: 0,
  Sync: 1,
  ISDN: 2,
  "ISDN-V120": 3,
  "ISDN-V110": 4,
  Virtual: 5,
  PIAFS: 6,
  "HDLC-Clear-Channel": 7,
  "X.25": 8,
  "X.75": 9,
  "G.3-Fax": 10,
  SDSL: 11,
  "ADSL-CAP": 12,
  "ADSL-DMT": 13,
  IDSL: 14,
  Ethernet: 15,
  xDSL: 16,
  Cable: 17,
  "Wireless-Other": 18,
  "Wireless-802.11": 19,
  "Token-Ring": 20,
  FDDI: 21,
  "Wireless-CDMA2000": 22,
  "Wireless-UMTS": 23,
  "Wireless-1X-EV": 24,
  IAPP: 25,
  FTTP: 26,
  "Wireless-802.16": 27,
  "Wireless-802.20": 28,
  "Wireless-802.22": 29,
  PPPoA: 30,
  PPPoEoA: 31,
  PPPoEoE: 32,
  PPPoEoVLAN: 33,
  PPPoEoQinQ: 34,
  xPON: 35,
} as const;

const tunnelTypes = {
  PPTP: 1,
  L2F: 2,
  L2TP: 3,
  ATMP: 4,
  VTP: 5,
  AH: 6,
  "IP-IP": 7,
  "MIN-IP-IP": 8,
  ESP: 9,
  GRE: 10,
  DVS: 11,
  "IP-in-IP": 12,
  // RFC 3580 §3.31: dynamic VLAN assignment.
  VLAN: 13,
} as const;

const tunnelMediumTypes = {
  IPv4: 1,
  IPv6: 2,
  NSAP: 3,
  HDLC: 4,
  "BBN-1822": 5,
  "IEEE-802": 6,
  "E.163": 7,
  "E.164": 8,
  "F.69": 9,
  "X.121": 10,
  IPX: 11,
  Appletalk: 12,
  "DecNet-IV": 13,
  "Banyan-Vines": 14,
  "E.164-NSAP": 15,
} as const;

const acctTerminateCauses = {
  "User-Request": 1,
  "Lost-Carrier": 2,
  "Lost-Service": 3,
  "Idle-Timeout": 4,
  "Session-Timeout": 5,
  "Admin-Reset": 6,
  "Admin-Reboot": 7,
  "Port-Error": 8,
  "NAS-Error": 9,
  "NAS-Request": 10,
  "NAS-Reboot": 11,
  "Port-Unneeded": 12,
  "Port-Preempted": 13,
  "Port-Suspended": 14,
  "Service-Unavailable": 15,
  Callback: 16,
  "User-Error": 17,
  "Host-Request": 18,
  // RFC 3580 §3.10
  "Supplicant-Restart": 19,
  "Reauthentication-Failure": 20,
  "Port-Reinitialized": 21,
  "Port-Administratively-Disabled": 22,
} as const;

const errorCauses = {
  "Residual-Context-Removed": 201,
  "Invalid-EAP-Packet": 202,
  "Unsupported-Attribute": 401,
  "Missing-Attribute": 402,
  "NAS-Identification-Mismatch": 403,
  "Invalid-Request": 404,
  "Unsupported-Service": 405,
  "Unsupported-Extension": 406,
  "Invalid-Attribute-Value": 407,
  "Administratively-Prohibited": 501,
  "Proxy-Request-Not-Routable": 502,
  "Session-Context-Not-Found": 503,
  "Session-Context-Not-Removable": 504,
  "Proxy-Processing-Error": 505,
  "Resources-Unavailable": 506,
  "Request-Initiated": 507,
  "Multiple-Session-Selection-Unsupported": 508,
} as const;

/** Every attribute this codec knows by name. Order: standard by code, then vendors. */
export const ATTRIBUTE_DEFINITIONS = [
  // RFC 2865
  { name: "User-Name", code: 1, type: "string", reference: "RFC 2865 §5.1" },
  { name: "User-Password", code: 2, type: "octets", encrypt: "user-password", reference: "RFC 2865 §5.2" },
  { name: "CHAP-Password", code: 3, type: "octets", fixedLength: 17, reference: "RFC 2865 §5.3" },
  { name: "NAS-IP-Address", code: 4, type: "ipaddr", reference: "RFC 2865 §5.4" },
  { name: "NAS-Port", code: 5, type: "integer", reference: "RFC 2865 §5.5" },
  { name: "Service-Type", code: 6, type: "integer", values: serviceTypes, reference: "RFC 2865 §5.6" },
  {
    name: "Framed-Protocol",
    code: 7,
    type: "integer",
    values: {
      PPP: 1,
      SLIP: 2,
      ARAP: 3,
      "Gandalf-SLML": 4,
      "Xylogics-IPX-SLIP": 5,
      "X.75-Synchronous": 6,
      "GPRS-PDP-Context": 7,
    },
    reference: "RFC 2865 §5.7",
  },
  { name: "Framed-IP-Address", code: 8, type: "ipaddr", reference: "RFC 2865 §5.8" },
  { name: "Framed-IP-Netmask", code: 9, type: "ipaddr", reference: "RFC 2865 §5.9" },
  {
    name: "Framed-Routing",
    code: 10,
    type: "integer",
    values: { None: 0, Broadcast: 1, Listen: 2, "Broadcast-Listen": 3 },
    reference: "RFC 2865 §5.10",
  },
  { name: "Filter-Id", code: 11, type: "string", reference: "RFC 2865 §5.11" },
  { name: "Framed-MTU", code: 12, type: "integer", reference: "RFC 2865 §5.12" },
  {
    name: "Framed-Compression",
    code: 13,
    type: "integer",
    values: { None: 0, "Van-Jacobson-TCP-IP": 1, "IPX-Header-Compression": 2, "Stac-LZS": 3 },
    reference: "RFC 2865 §5.13",
  },
  { name: "Login-IP-Host", code: 14, type: "ipaddr", reference: "RFC 2865 §5.14" },
  {
    name: "Login-Service",
    code: 15,
    type: "integer",
    values: {
      Telnet: 0,
      Rlogin: 1,
      "TCP-Clear": 2,
      PortMaster: 3,
      LAT: 4,
      "X25-PAD": 5,
      "X25-T3POS": 6,
      "TCP-Clear-Quiet": 8,
    },
    reference: "RFC 2865 §5.15",
  },
  { name: "Login-TCP-Port", code: 16, type: "integer", reference: "RFC 2865 §5.16" },
  { name: "Reply-Message", code: 18, type: "string", reference: "RFC 2865 §5.18" },
  { name: "Callback-Number", code: 19, type: "string", reference: "RFC 2865 §5.19" },
  { name: "Callback-Id", code: 20, type: "string", reference: "RFC 2865 §5.20" },
  { name: "Framed-Route", code: 22, type: "string", reference: "RFC 2865 §5.22" },
  { name: "State", code: 24, type: "octets", reference: "RFC 2865 §5.24" },
  { name: "Class", code: 25, type: "octets", reference: "RFC 2865 §5.25" },
  { name: "Vendor-Specific", code: 26, type: "vsa", reference: "RFC 2865 §5.26" },
  { name: "Session-Timeout", code: 27, type: "integer", reference: "RFC 2865 §5.27" },
  { name: "Idle-Timeout", code: 28, type: "integer", reference: "RFC 2865 §5.28" },
  {
    name: "Termination-Action",
    code: 29,
    type: "integer",
    values: { Default: 0, "RADIUS-Request": 1 },
    reference: "RFC 2865 §5.29",
  },
  { name: "Called-Station-Id", code: 30, type: "string", reference: "RFC 2865 §5.30" },
  { name: "Calling-Station-Id", code: 31, type: "string", reference: "RFC 2865 §5.31" },
  { name: "NAS-Identifier", code: 32, type: "string", reference: "RFC 2865 §5.32" },
  { name: "Proxy-State", code: 33, type: "octets", reference: "RFC 2865 §5.33" },
  // RFC 2866
  {
    name: "Acct-Status-Type",
    code: 40,
    type: "integer",
    values: {
      Start: 1,
      Stop: 2,
      "Interim-Update": 3,
      "Accounting-On": 7,
      "Accounting-Off": 8,
      // RFC 2867 §4.1
      "Tunnel-Start": 9,
      "Tunnel-Stop": 10,
      "Tunnel-Reject": 11,
      "Tunnel-Link-Start": 12,
      "Tunnel-Link-Stop": 13,
      "Tunnel-Link-Reject": 14,
      Failed: 15,
    },
    reference: "RFC 2866 §5.1",
  },
  { name: "Acct-Delay-Time", code: 41, type: "integer", reference: "RFC 2866 §5.2" },
  { name: "Acct-Input-Octets", code: 42, type: "integer", reference: "RFC 2866 §5.3" },
  { name: "Acct-Output-Octets", code: 43, type: "integer", reference: "RFC 2866 §5.4" },
  { name: "Acct-Session-Id", code: 44, type: "string", reference: "RFC 2866 §5.5" },
  {
    name: "Acct-Authentic",
    code: 45,
    type: "integer",
    values: { RADIUS: 1, Local: 2, Remote: 3, Diameter: 4 },
    reference: "RFC 2866 §5.6",
  },
  { name: "Acct-Session-Time", code: 46, type: "integer", reference: "RFC 2866 §5.7" },
  { name: "Acct-Input-Packets", code: 47, type: "integer", reference: "RFC 2866 §5.8" },
  { name: "Acct-Output-Packets", code: 48, type: "integer", reference: "RFC 2866 §5.9" },
  {
    name: "Acct-Terminate-Cause",
    code: 49,
    type: "integer",
    values: acctTerminateCauses,
    reference: "RFC 2866 §5.10",
  },
  { name: "Acct-Multi-Session-Id", code: 50, type: "string", reference: "RFC 2866 §5.11" },
  { name: "Acct-Link-Count", code: 51, type: "integer", reference: "RFC 2866 §5.12" },
  // RFC 2869
  { name: "Acct-Input-Gigawords", code: 52, type: "integer", reference: "RFC 2869 §5.1" },
  { name: "Acct-Output-Gigawords", code: 53, type: "integer", reference: "RFC 2869 §5.2" },
  { name: "Event-Timestamp", code: 55, type: "date", reference: "RFC 2869 §5.3" },
  // RFC 4675 (IEEE 802 VLAN attributes)
  { name: "Egress-VLANID", code: 56, type: "integer", reference: "RFC 4675 §2.1" },
  {
    name: "Ingress-Filters",
    code: 57,
    type: "integer",
    values: { Enabled: 1, Disabled: 2 },
    reference: "RFC 4675 §2.2",
  },
  { name: "Egress-VLAN-Name", code: 58, type: "string", reference: "RFC 4675 §2.3" },
  { name: "User-Priority-Table", code: 59, type: "octets", reference: "RFC 4675 §2.4" },
  { name: "CHAP-Challenge", code: 60, type: "octets", reference: "RFC 2865 §5.40" },
  { name: "NAS-Port-Type", code: 61, type: "integer", values: nasPortTypes, reference: "RFC 2865 §5.41" },
  { name: "Port-Limit", code: 62, type: "integer", reference: "RFC 2865 §5.42" },
  // RFC 2868 (tunnel attributes, tagged)
  {
    name: "Tunnel-Type",
    code: 64,
    type: "integer",
    tagged: true,
    values: tunnelTypes,
    reference: "RFC 2868 §3.1",
  },
  {
    name: "Tunnel-Medium-Type",
    code: 65,
    type: "integer",
    tagged: true,
    values: tunnelMediumTypes,
    reference: "RFC 2868 §3.2",
  },
  { name: "Tunnel-Client-Endpoint", code: 66, type: "string", tagged: true, reference: "RFC 2868 §3.3" },
  { name: "Tunnel-Server-Endpoint", code: 67, type: "string", tagged: true, reference: "RFC 2868 §3.4" },
  { name: "Acct-Tunnel-Connection", code: 68, type: "string", reference: "RFC 2867 §4.1" },
  {
    name: "Tunnel-Password",
    code: 69,
    type: "string",
    tagged: true,
    encrypt: "salt",
    reference: "RFC 2868 §3.5",
  },
  { name: "Connect-Info", code: 77, type: "string", reference: "RFC 2869 §5.11" },
  { name: "EAP-Message", code: 79, type: "octets", concat: true, reference: "RFC 3579 §3.1" },
  { name: "Message-Authenticator", code: 80, type: "octets", fixedLength: 16, reference: "RFC 3579 §3.2" },
  { name: "Tunnel-Private-Group-Id", code: 81, type: "string", tagged: true, reference: "RFC 2868 §3.6" },
  { name: "Tunnel-Assignment-Id", code: 82, type: "string", tagged: true, reference: "RFC 2868 §3.7" },
  { name: "Tunnel-Preference", code: 83, type: "integer", tagged: true, reference: "RFC 2868 §3.8" },
  { name: "Acct-Interim-Interval", code: 85, type: "integer", reference: "RFC 2869 §5.16" },
  { name: "Acct-Tunnel-Packets-Lost", code: 86, type: "integer", reference: "RFC 2867 §4.2" },
  { name: "NAS-Port-Id", code: 87, type: "string", reference: "RFC 2869 §5.17" },
  { name: "Framed-Pool", code: 88, type: "string", reference: "RFC 2869 §5.18" },
  {
    name: "Chargeable-User-Identity",
    code: 89,
    type: "octets",
    allowEmpty: true,
    reference: "RFC 4372 §2.1",
  },
  { name: "Tunnel-Client-Auth-Id", code: 90, type: "string", tagged: true, reference: "RFC 2868 §3.9" },
  { name: "Tunnel-Server-Auth-Id", code: 91, type: "string", tagged: true, reference: "RFC 2868 §3.10" },
  // RFC 3162 (IPv6)
  { name: "NAS-IPv6-Address", code: 95, type: "ipv6addr", reference: "RFC 3162 §2.1" },
  { name: "Framed-IPv6-Prefix", code: 97, type: "ipv6prefix", reference: "RFC 3162 §2.3" },
  { name: "Login-IPv6-Host", code: 98, type: "ipv6addr", reference: "RFC 3162 §2.4" },
  { name: "Framed-IPv6-Route", code: 99, type: "string", reference: "RFC 3162 §2.5" },
  { name: "Framed-IPv6-Pool", code: 100, type: "string", reference: "RFC 3162 §2.6" },
  // RFC 5176 (was RFC 3576)
  { name: "Error-Cause", code: 101, type: "integer", values: errorCauses, reference: "RFC 5176 §3.5" },
  { name: "EAP-Key-Name", code: 102, type: "octets", reference: "RFC 4072 §6.2" },
  { name: "Delegated-IPv6-Prefix", code: 123, type: "ipv6prefix", reference: "RFC 4818 §3" },
  // RFC 6911
  { name: "Framed-IPv6-Address", code: 168, type: "ipv6addr", reference: "RFC 6911 §3.1" },
  { name: "DNS-Server-IPv6-Address", code: 169, type: "ipv6addr", reference: "RFC 6911 §3.2" },
  { name: "Route-IPv6-Information", code: 170, type: "ipv6prefix", reference: "RFC 6911 §3.3" },
  { name: "Delegated-IPv6-Prefix-Pool", code: 171, type: "string", reference: "RFC 6911 §3.4" },
  { name: "Stateful-IPv6-Address-Pool", code: 172, type: "string", reference: "RFC 6911 §3.5" },

  // Cisco (9)
  { name: "Cisco-AVPair", code: 1, vendorId: 9, type: "string", reference: "Cisco VSA 1 (cisco-av-pair)" },
  { name: "Cisco-NAS-Port", code: 2, vendorId: 9, type: "string", reference: "Cisco VSA 2" },
  { name: "Cisco-Disconnect-Cause", code: 195, vendorId: 9, type: "integer", reference: "Cisco VSA 195" },
  { name: "Cisco-Account-Info", code: 250, vendorId: 9, type: "string", reference: "Cisco VSA 250 (SSG)" },
  { name: "Cisco-Service-Info", code: 251, vendorId: 9, type: "string", reference: "Cisco VSA 251 (SSG)" },
  { name: "Cisco-Command-Code", code: 252, vendorId: 9, type: "string", reference: "Cisco VSA 252 (SSG)" },
  { name: "Cisco-Control-Info", code: 253, vendorId: 9, type: "string", reference: "Cisco VSA 253 (SSG)" },

  // Microsoft (311), RFC 2548
  { name: "MS-CHAP-Response", code: 1, vendorId: 311, type: "octets", fixedLength: 50, reference: "RFC 2548 §2.1.3" },
  { name: "MS-CHAP-Error", code: 2, vendorId: 311, type: "string", reference: "RFC 2548 §2.1.5" },
  {
    name: "MS-MPPE-Encryption-Policy",
    code: 7,
    vendorId: 311,
    type: "integer",
    values: { "Encryption-Allowed": 1, "Encryption-Required": 2 },
    reference: "RFC 2548 §2.4.4",
  },
  {
    name: "MS-MPPE-Encryption-Types",
    code: 8,
    vendorId: 311,
    type: "integer",
    values: { "RC4-40bit-Allowed": 1, "RC4-128bit-Allowed": 2, "RC4-40or128-bit-Allowed": 6 },
    reference: "RFC 2548 §2.4.5",
  },
  { name: "MS-CHAP-Domain", code: 10, vendorId: 311, type: "string", reference: "RFC 2548 §2.1.7" },
  { name: "MS-CHAP-Challenge", code: 11, vendorId: 311, type: "octets", reference: "RFC 2548 §2.1.6" },
  { name: "MS-MPPE-Send-Key", code: 16, vendorId: 311, type: "octets", encrypt: "salt", reference: "RFC 2548 §2.4.2" },
  { name: "MS-MPPE-Recv-Key", code: 17, vendorId: 311, type: "octets", encrypt: "salt", reference: "RFC 2548 §2.4.3" },
  { name: "MS-CHAP2-Response", code: 25, vendorId: 311, type: "octets", fixedLength: 50, reference: "RFC 2548 §2.3.2" },
  { name: "MS-CHAP2-Success", code: 26, vendorId: 311, type: "octets", reference: "RFC 2548 §2.3.3" },

  // Aruba (14823)
  { name: "Aruba-User-Role", code: 1, vendorId: 14823, type: "string", reference: "Aruba VSA 1" },
  { name: "Aruba-User-Vlan", code: 2, vendorId: 14823, type: "integer", reference: "Aruba VSA 2" },
  { name: "Aruba-Admin-Role", code: 4, vendorId: 14823, type: "string", reference: "Aruba VSA 4" },
  { name: "Aruba-Essid-Name", code: 5, vendorId: 14823, type: "string", reference: "Aruba VSA 5" },
  { name: "Aruba-Location-Id", code: 6, vendorId: 14823, type: "string", reference: "Aruba VSA 6" },
  { name: "Aruba-Named-User-Vlan", code: 9, vendorId: 14823, type: "string", reference: "Aruba VSA 9" },
  { name: "Aruba-AP-Group", code: 10, vendorId: 14823, type: "string", reference: "Aruba VSA 10" },
  { name: "Aruba-Device-Type", code: 12, vendorId: 14823, type: "string", reference: "Aruba VSA 12" },
] as const satisfies readonly AttributeDefinition[];

type Definitions = (typeof ATTRIBUTE_DEFINITIONS)[number];

/** Every attribute name the dictionary knows. */
export type AttributeName = Definitions["name"];
export type DefinitionOf<N extends AttributeName> = Extract<Definitions, { readonly name: N }>;

/** Attributes whose value is encrypted on the wire (decrypt with `RadiusPacket.decrypt`). */
export type EncryptedAttributeName = Extract<Definitions, { readonly encrypt: AttributeEncryption }>["name"];

/** Attributes that carry an RFC 2868 tag. */
export type TaggedAttributeName = Extract<Definitions, { readonly tagged: true }>["name"];

interface DecodedValueByType {
  string: string;
  octets: Buffer;
  integer: number;
  date: Date;
  ipaddr: string;
  ipv6addr: string;
  ipv6prefix: string;
  vsa: Buffer;
}

/**
 * What `RadiusPacket.get(name)` returns. Encrypted attributes come back as their raw (hidden) octets;
 * use `RadiusPacket.decrypt` for the plaintext.
 */
export type AttributeValue<N extends AttributeName> =
  DefinitionOf<N> extends { readonly encrypt: AttributeEncryption } ? Buffer : DecodedValueByType[DefinitionOf<N>["type"]];

interface InputValueByType {
  string: string | Uint8Array;
  octets: Uint8Array | string;
  integer: number;
  date: Date | number;
  ipaddr: string;
  ipv6addr: string;
  ipv6prefix: string;
  vsa: Uint8Array;
}

/** What `encodePacket` accepts for an attribute: enumerated integers also take their value names. */
export type AttributeInputValue<N extends AttributeName> =
  DefinitionOf<N> extends { readonly values: infer V }
    ? number | Extract<keyof V, string>
    : DefinitionOf<N> extends { readonly encrypt: AttributeEncryption }
      ? string | Uint8Array
      : InputValueByType[DefinitionOf<N>["type"]];

// Lookup tables, built once. Key: type for standard attributes, vendorId * 256 + vendor type for VSAs.
const byExactName = new Map<string, AttributeDefinition>();
const byName = new Map<string, AttributeDefinition>();
const byKey = new Map<number, AttributeDefinition>();
const vendorById = new Map<number, VendorDefinition>();
for (const vendor of VENDORS) vendorById.set(vendor.id, vendor);
for (const definition of ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[]) {
  byExactName.set(definition.name, definition);
  byName.set(definition.name.toLowerCase(), definition);
  byKey.set(attributeKey(definition.code, definition.vendorId), definition);
}

/** Numeric key of an attribute: its type, or vendorId * 256 + vendor type for a VSA. */
export function attributeKey(code: number, vendorId?: number): number {
  return vendorId === undefined ? code : vendorId * 256 + code;
}

/** Case-insensitive lookup by dictionary name (FreeRADIUS names are case-insensitive too). */
export function getAttributeDefinition(name: string): AttributeDefinition | undefined {
  return byExactName.get(name) ?? byName.get(name.toLowerCase());
}

export function getAttributeDefinitionByCode(code: number, vendorId?: number): AttributeDefinition | undefined {
  return byKey.get(attributeKey(code, vendorId));
}

/** @internal Lookup by numeric key, for the decoder's hot path. */
export function definitionForKey(key: number): AttributeDefinition | undefined {
  return byKey.get(key);
}

export function getVendor(vendorId: number): VendorDefinition | undefined {
  return vendorById.get(vendorId);
}

/** Name of an enumerated value (`valueName("Service-Type", 2)` → `"Framed-User"`), if it has one. */
export function valueName(attribute: AttributeName | AttributeDefinition, value: number): string | undefined {
  const definition = typeof attribute === "string" ? getAttributeDefinition(attribute) : attribute;
  if (!definition?.values) return undefined;
  for (const [name, number] of Object.entries(definition.values)) {
    if (number === value) return name;
  }
  return undefined;
}

/**
 * Where an attribute lives on the wire: a standard attribute type, or a vendor id + vendor type
 * inside Vendor-Specific (RFC 2865 §5.26).
 */
export type AttributeIdentifier =
  | { readonly type: number; readonly vendorId?: undefined; readonly vendorType?: undefined }
  | { readonly type: 26; readonly vendorId: number; readonly vendorType: number };

/** FreeRADIUS-style name for an attribute without a dictionary entry: `Attr-17`, `Attr-26.9.99`. */
export function unknownAttributeName(type: number, vendorId?: number, vendorType?: number): string {
  return vendorId === undefined ? `Attr-${type}` : `Attr-${type}.${vendorId}.${vendorType ?? 0}`;
}

export type ParseAttributeIdentifierResult =
  | { readonly ok: true; readonly identifier: AttributeIdentifier; readonly definition?: AttributeDefinition }
  | {
      readonly ok: false;
      /** unknown-attribute: not a dictionary name; invalid-syntax / out-of-range: a malformed `Attr-…` name. */
      readonly code: "unknown-attribute" | "invalid-syntax" | "out-of-range";
      readonly message: string;
    };

/**
 * Resolve a dictionary name or a numeric FreeRADIUS-style name (`Attr-26`, `Attr-26.9.1`) to where it
 * lives on the wire. Numeric names let a policy refer to attributes the dictionary lacks.
 */
export function parseAttributeIdentifier(name: string): ParseAttributeIdentifierResult {
  const definition = getAttributeDefinition(name);
  if (definition) {
    if (definition.vendorId === undefined) return { ok: true, identifier: { type: definition.code }, definition };
    return {
      ok: true,
      identifier: { type: 26, vendorId: definition.vendorId, vendorType: definition.code },
      definition,
    };
  }
  const match = /^Attr-(\d+)((?:\.\d+)*)$/i.exec(name);
  if (!match?.[1]) return { ok: false, code: "unknown-attribute", message: `Unknown attribute "${name}"` };
  const type = Number(match[1]);
  const rest = match[2] ? match[2].slice(1).split(".").map(Number) : [];
  if (type < 1 || type > 255) {
    return { ok: false, code: "out-of-range", message: `Attribute type ${type} is out of range 1-255` };
  }
  if (rest.length === 0) return { ok: true, identifier: { type }, definition: getAttributeDefinitionByCode(type) };
  if (type !== 26) {
    return { ok: false, code: "invalid-syntax", message: `Only Vendor-Specific (26) takes sub-identifiers; got "${name}"` };
  }
  const [vendorId, vendorType, ...extra] = rest;
  if (vendorId === undefined || vendorType === undefined || extra.length > 0) {
    return {
      ok: false,
      code: "invalid-syntax",
      message: `Vendor attributes are written Attr-26.<vendor>.<type>; got "${name}"`,
    };
  }
  if (vendorId < 1 || vendorId > 0xffffff) {
    return { ok: false, code: "out-of-range", message: `Vendor id ${vendorId} is out of range 1-16777215` };
  }
  if (vendorType > 255) {
    return { ok: false, code: "out-of-range", message: `Vendor type ${vendorType} is out of range 0-255` };
  }
  return {
    ok: true,
    identifier: { type: 26, vendorId, vendorType },
    definition: getAttributeDefinitionByCode(vendorType, vendorId),
  };
}

/** One row of the exported dictionary (what the admin console's "Radius" dictionary page shows). */
export interface DictionaryAttributeEntry {
  readonly name: string;
  readonly code: number;
  readonly vendorId: number | null;
  readonly vendorName: string | null;
  readonly type: AttributeDataType;
  readonly tagged: boolean;
  readonly encrypted: AttributeEncryption | null;
  /** Long values are split over several attributes (EAP-Message). */
  readonly concat: boolean;
  readonly values: readonly { readonly name: string; readonly value: number }[];
  readonly reference: string;
}

export interface DictionaryExport {
  readonly vendors: readonly { readonly id: number; readonly name: string; readonly reference: string }[];
  readonly attributes: readonly DictionaryAttributeEntry[];
}

/** The dictionary as plain JSON-safe data. */
export function exportDictionary(): DictionaryExport {
  const attributes = (ATTRIBUTE_DEFINITIONS as readonly AttributeDefinition[]).map((definition): DictionaryAttributeEntry => ({
    name: definition.name,
    code: definition.code,
    vendorId: definition.vendorId ?? null,
    vendorName: definition.vendorId === undefined ? null : (vendorById.get(definition.vendorId)?.name ?? null),
    type: definition.type,
    tagged: definition.tagged === true,
    encrypted: definition.encrypt ?? null,
    concat: definition.concat === true,
    values: Object.entries(definition.values ?? {})
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => a.value - b.value),
    reference: definition.reference,
  }));
  return { vendors: VENDORS.map((vendor) => ({ ...vendor })), attributes };
}
