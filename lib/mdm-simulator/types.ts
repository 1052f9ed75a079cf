/**
 * Public types of the MDM simulator, exactly as in the shared simulator/client contract.
 * Re-exported by ./server, which is the module callers import.
 */

export type SimPlatform = "iOS" | "Android" | "Windows" | "macOS";

/** One inventory entry (also the JSON inventory file format: `{ "devices": SimDevice[] }`). */
export interface SimDevice {
  /** 12 upper-case hex digits. */
  macaddress: string;
  /** Up to 5 (API v3). */
  macaddresses?: string[];
  /** MDM device GUID (API v3). */
  guid: string;
  udid?: string;
  imei?: string;
  meid?: string;
  serial_number?: string;
  phone_number?: string;
  username?: string;
  manufacturer?: string;
  model?: string;
  os_version?: string;
  platform: SimPlatform;
  registered: boolean;
  compliant: boolean;
  failure_reason?: string;
  remediation?: string;
  disk_encryption_on: boolean;
  pin_lock_on: boolean;
  jail_broken: boolean;
  /** ms since epoch. */
  lastCheckinTimeStamp: number;
  /** Messages received via sendmessage. */
  messages?: string[];
  /** Actions received (wipe, pin lock). */
  actions?: { type: string; at: number }[];
}

export interface SimAccount {
  username: string;
  password: string;
  hasApiRole: boolean;
}

export interface SimRequestLog {
  method: string;
  path: string;
  user: string | null;
  /** 0 when no answer was sent (hang or reset fault, or the client went away first). */
  status: number;
  latencyMs: number;
}

export interface SimFaults {
  /** Added before answering API calls. */
  latencyMs: number;
  jitterMs: number;
  /** 0..1 probability of HTTP 500/503. */
  errorRate: number;
  /** Accept the request, never answer. */
  hang: boolean;
  /** Destroy the socket on request. */
  reset: boolean;
  /** Swap the served certificate at runtime (setSecureContext). */
  certificate: "valid" | "untrusted" | "expired";
  /** intune: default xmlns on <ise_api>, capitalised <Attributes>/<Compliance>, sparse attributes, no <macaddress>. */
  dialect: "cisco" | "intune";
  /** v3 server_busy_wait_seconds in answers (0 = omitted). */
  serverBusyWaitSeconds: number;
}

export interface SimulatorOptions {
  /** CA + server certificates are persisted under this folder (reused on next start). */
  dataDir: string;
  /** Default "127.0.0.1". */
  host?: string;
  /** HTTPS port; 0 = ephemeral (default). */
  port?: number;
  /** Control API port (HTTP, always bound to 127.0.0.1); 0 = ephemeral (default). */
  controlPort?: number;
  /** When set, every API path must start with /<instance>; otherwise 404. */
  instance?: string | null;
  /** Default: iseapi/iseapi-secret with the API role, noapi/noapi-secret without. */
  accounts?: SimAccount[];
  /** Default: the bundled ~50-device inventory. */
  devices?: SimDevice[];
  /** If set, synthesise this many devices instead (handles 100 000). */
  syntheticDevices?: number;
  /** Default 3. */
  maxApiVersion?: 1 | 2 | 3;
  /** Default 500. */
  queryMaxSize?: number;
  vendor?: string;
  productName?: string;
  productVersion?: string;
  /** Added to the server certificate's SANs (localhost + 127.0.0.1 always). */
  extraHostnames?: string[];
  /** Called for every ISE API request. */
  log?: (entry: SimRequestLog) => void;
}

export interface RunningSimulator {
  port: number;
  controlPort: number;
  /** "https://127.0.0.1:<port>" */
  baseUrl: string;
  /** The CA that signs the "valid" and "expired" server certificates. */
  caCertPem: string;
  caCertPath: string;
  /** The other CA, which signs the "untrusted" certificate. */
  rogueCaCertPem: string;
  /** The CA of device identity certificates: trust it for client authentication (EAP-TLS). */
  deviceCaCertPem: string;
  deviceCaCertPath: string;
  setFaults(f: Partial<SimFaults>): void;
  faults(): SimFaults;
  /** key: a MAC address (any common format) or a GUID. */
  updateDevice(key: string, patch: Partial<SimDevice>): SimDevice | undefined;
  getDevice(key: string): SimDevice | undefined;
  devices(): SimDevice[];
  requestLog(): SimRequestLog[];
  close(): Promise<void>;
}
