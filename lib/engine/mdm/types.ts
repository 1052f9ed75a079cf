/** Typed values the MDM client produces from the ISE MDM API's XML (ise-mdm-reference §1). */

export type MdmApiVersion = 1 | 2 | 3;

/** What `mdminfo` discovery returned (reference §1.1). */
export interface MdmDiscovery {
  /** Negotiated version: what the server answered, never above what we asked for. */
  apiVersion: MdmApiVersion;
  /** Prefix of every later call, used exactly as returned (includes the instance segment, if any). */
  apiPath: string;
  redirectUrl?: string;
  /** Devices per page the server returns at most. */
  queryMaxSize?: number;
  messagingSupport: boolean;
  vendor?: string;
  productName?: string;
  productVersion?: string;
}

export interface MdmCompliance {
  /** `true` compliant, `false` non-compliant, `undefined` when the MDM did not say. */
  status: boolean | undefined;
  failureReason?: string;
  remediation?: string;
}

/** One device of a `deviceList` (reference §1.2). Every attribute but `registered` may be missing. */
export interface MdmDevice {
  /** 12 upper-case hex digits when the MDM gave one in a form we recognise. */
  macaddress?: string;
  guid?: string;
  /** v3: all MACs of the device (up to 5), normalised. */
  macaddresses: string[];
  registered: boolean;
  compliance: MdmCompliance;
  diskEncryptionOn?: boolean;
  pinLockOn?: boolean;
  jailBroken?: boolean;
  manufacturer?: string;
  model?: string;
  imei?: string;
  meid?: string;
  udid?: string;
  serialNumber?: string;
  osVersion?: string;
  phoneNumber?: string;
  username?: string;
  /** v3 `lastCheckinTimeStamp`. */
  lastCheckin?: Date;
}

/** One answer of a device query or batch query. */
export interface MdmDevicePage {
  devices: MdmDevice[];
  /** Token for the next page; `undefined` when the server said "0" or nothing (no more pages). */
  nextPagingToken?: string;
  /** v3: the server asks the client to wait this long before its next call. */
  serverBusyWaitSeconds?: number;
}

export type MdmActionType = "full_wipe" | "corporate_wipe" | "pin_lock";

export type MdmDeviceIdentifier = { macaddress: string } | { guid: string };

/** Result of an action for one device (reference §1.3). */
export interface MdmActionResult {
  macaddress?: string;
  guid?: string;
  actionStatus: boolean;
  failureReason?: string;
}
