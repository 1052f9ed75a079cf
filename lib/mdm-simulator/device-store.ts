/**
 * The simulator's inventory with one index per query criterion, so that every lookup is O(1) and the
 * bulk compliance query pages through a prepared list even with 100 000 devices.
 */
import { normalizeGuid, normalizeImei, normalizeMac, normalizeMeid, normalizeUdid, normalizeUsername } from "./identifiers";
import type { SimDevice } from "./types";

/** Criteria that identify devices by a key (ISE MDM reference §1.2; `compliance` is handled apart). */
export type KeyCriterion = "macaddress" | "guid" | "udid" | "imei" | "meid" | "username";

export class DeviceConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeviceConflictError";
  }
}

/**
 * Key → device(s). A single device is stored as itself, several as an array: with 100 000 devices a
 * Set per key would cost more memory and start-up time than the whole inventory.
 */
type MultiIndex = Map<string, SimDevice | SimDevice[]>;

type SecondaryCriterion = "udid" | "imei" | "meid" | "username";

const SECONDARY_KEY: Record<SecondaryCriterion, (device: SimDevice) => string | undefined> = {
  udid: (device) => (device.udid ? normalizeUdid(device.udid) : undefined),
  imei: (device) => (device.imei ? normalizeImei(device.imei) : undefined),
  meid: (device) => (device.meid ? normalizeMeid(device.meid) : undefined),
  username: (device) => (device.username ? normalizeUsername(device.username) : undefined),
};

function addMulti(index: MultiIndex, key: string | undefined, device: SimDevice): void {
  if (!key) return;
  const current = index.get(key);
  if (current === undefined) index.set(key, device);
  else if (Array.isArray(current)) {
    if (!current.includes(device)) current.push(device);
  } else if (current !== device) index.set(key, [current, device]);
}

function removeMulti(index: MultiIndex, key: string | undefined, device: SimDevice): void {
  if (!key) return;
  const current = index.get(key);
  if (current === device) index.delete(key);
  else if (Array.isArray(current)) {
    const rest = current.filter((entry) => entry !== device);
    if (rest.length === 0) index.delete(key);
    else index.set(key, rest.length === 1 ? (rest[0] as SimDevice) : rest);
  }
}

function getMulti(index: MultiIndex, key: string): SimDevice[] {
  const current = index.get(key);
  if (current === undefined) return [];
  return Array.isArray(current) ? [...current] : [current];
}

/** All MAC addresses a device answers to: its primary one plus the v3 `macaddresses` list. */
function macsOf(device: SimDevice): string[] {
  if (!device.macaddresses || device.macaddresses.length === 0) return [device.macaddress];
  return [...new Set([device.macaddress, ...device.macaddresses])];
}

export function cloneDevice(device: SimDevice): SimDevice {
  const copy: SimDevice = { ...device };
  if (device.macaddresses) copy.macaddresses = [...device.macaddresses];
  if (device.messages) copy.messages = [...device.messages];
  if (device.actions) copy.actions = device.actions.map((action) => ({ ...action }));
  return copy;
}

export class DeviceStore {
  private readonly ordered: SimDevice[] = [];
  private readonly byMac = new Map<string, SimDevice>();
  private readonly byGuid = new Map<string, SimDevice>();
  // Secondary indexes are built on first use (then maintained): most runs never query by them, and
  // building four more maps for 100 000 devices would double start-up time.
  private readonly secondary = new Map<SecondaryCriterion, MultiIndex>();
  // Registered devices only, split by compliance: what the bulk query (compliance=true|false) pages through.
  private readonly compliant = new Set<SimDevice>();
  private readonly nonCompliant = new Set<SimDevice>();
  private compliantList: SimDevice[] | null = null;
  private nonCompliantList: SimDevice[] | null = null;

  /**
   * Devices must already be normalised (see ./schemas); duplicate MACs or GUIDs throw
   * DeviceConflictError. The store copies them unless `adopt` says the caller hands them over
   * (synthetic inventories, where copying 100 000 fresh objects would only cost start-up time).
   */
  constructor(devices: Iterable<SimDevice>, options: { adopt?: boolean } = {}) {
    for (const device of devices) {
      const record = options.adopt ? device : cloneDevice(device);
      this.insertKeys(record);
      this.addToBucket(record);
      this.ordered.push(record);
    }
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The stored records, in inventory order. Callers must not mutate them (use update()). */
  all(): readonly SimDevice[] {
    return this.ordered;
  }

  /** Looks a device up by MAC (any common format) or GUID. */
  get(key: string): SimDevice | undefined {
    const mac = normalizeMac(key);
    if (mac !== null) {
      const device = this.byMac.get(mac);
      if (device) return device;
    }
    return this.byGuid.get(normalizeGuid(key));
  }

  /** Every device (registered or not) matching one key criterion; values are normalised here. */
  find(criterion: KeyCriterion, value: string): SimDevice[] {
    switch (criterion) {
      case "macaddress": {
        const mac = normalizeMac(value);
        const device = mac === null ? undefined : this.byMac.get(mac);
        return device ? [device] : [];
      }
      case "guid": {
        const device = this.byGuid.get(normalizeGuid(value));
        return device ? [device] : [];
      }
      case "udid":
        return getMulti(this.secondaryIndex("udid"), normalizeUdid(value));
      case "imei":
        return getMulti(this.secondaryIndex("imei"), normalizeImei(value));
      case "meid":
        return getMulti(this.secondaryIndex("meid"), normalizeMeid(value));
      case "username":
        return getMulti(this.secondaryIndex("username"), normalizeUsername(value));
    }
  }

  /** Registered devices with the given compliance state, in a stable order for paging. */
  byCompliance(isCompliant: boolean): readonly SimDevice[] {
    if (isCompliant) {
      this.compliantList ??= [...this.compliant];
      return this.compliantList;
    }
    this.nonCompliantList ??= [...this.nonCompliant];
    return this.nonCompliantList;
  }

  /**
   * Applies an already validated patch to the device with this key and re-indexes it.
   * Returns the stored record, or undefined when no device has this key.
   */
  update(key: string, patch: Partial<SimDevice>): SimDevice | undefined {
    const device = this.get(key);
    if (!device) return undefined;
    const next = cloneDevice({ ...device, ...patch });
    this.assertKeysFree(next, device);
    const bucketBefore = this.bucketOf(device);
    this.unindexKeys(device);
    // Mutate in place so that the ordered list and outstanding references stay valid.
    Object.assign(device, next);
    for (const field of Object.keys(patch) as (keyof SimDevice)[]) {
      if (patch[field] === undefined) delete device[field];
    }
    this.indexKeys(device);
    // Only a change of bucket moves the device, so unrelated edits do not reorder bulk-query pages.
    if (this.bucketOf(device) !== bucketBefore) {
      this.removeFromBucket(device);
      this.addToBucket(device);
    }
    return device;
  }

  /** Case-insensitive substring search over the identifying fields (control API). */
  search(text: string): SimDevice[] {
    const needle = text.trim().toLowerCase();
    if (!needle) return [...this.ordered];
    const macNeedle = needle.replace(/[\s:.-]/g, "").toUpperCase();
    return this.ordered.filter(
      (device) =>
        (macNeedle.length > 0 && macsOf(device).some((mac) => mac.includes(macNeedle))) ||
        [device.guid, device.username, device.model, device.serial_number, device.imei, device.udid, device.platform].some(
          (field) => field?.toLowerCase().includes(needle),
        ),
    );
  }

  /** Constructor fast path: check and index the primary keys in one pass per key. */
  private insertKeys(device: SimDevice): void {
    const guidKey = normalizeGuid(device.guid);
    if (this.byGuid.has(guidKey)) throw new DeviceConflictError(`GUID ${device.guid} already belongs to another device`);
    const macs = macsOf(device);
    for (const mac of macs) {
      const owner = this.byMac.get(mac);
      if (owner) throw new DeviceConflictError(`MAC address ${mac} already belongs to device ${owner.guid}`);
    }
    for (const mac of macs) this.byMac.set(mac, device);
    this.byGuid.set(guidKey, device);
  }

  private assertKeysFree(device: SimDevice, self: SimDevice | null): void {
    for (const mac of macsOf(device)) {
      const owner = this.byMac.get(mac);
      if (owner && owner !== self) throw new DeviceConflictError(`MAC address ${mac} already belongs to device ${owner.guid}`);
    }
    const owner = this.byGuid.get(normalizeGuid(device.guid));
    if (owner && owner !== self) throw new DeviceConflictError(`GUID ${device.guid} already belongs to another device`);
  }

  private secondaryIndex(criterion: SecondaryCriterion): MultiIndex {
    let index = this.secondary.get(criterion);
    if (!index) {
      index = new Map();
      const keyOf = SECONDARY_KEY[criterion];
      for (const device of this.ordered) addMulti(index, keyOf(device), device);
      this.secondary.set(criterion, index);
    }
    return index;
  }

  private bucketOf(device: SimDevice): "compliant" | "nonCompliant" | null {
    if (!device.registered) return null;
    return device.compliant ? "compliant" : "nonCompliant";
  }

  private addToBucket(device: SimDevice): void {
    const bucket = this.bucketOf(device);
    if (bucket === "compliant") {
      this.compliant.add(device);
      this.compliantList = null;
    } else if (bucket === "nonCompliant") {
      this.nonCompliant.add(device);
      this.nonCompliantList = null;
    }
  }

  private removeFromBucket(device: SimDevice): void {
    if (this.compliant.delete(device)) this.compliantList = null;
    if (this.nonCompliant.delete(device)) this.nonCompliantList = null;
  }

  private indexKeys(device: SimDevice): void {
    for (const mac of macsOf(device)) this.byMac.set(mac, device);
    this.byGuid.set(normalizeGuid(device.guid), device);
    for (const [criterion, index] of this.secondary) addMulti(index, SECONDARY_KEY[criterion](device), device);
  }

  private unindexKeys(device: SimDevice): void {
    for (const mac of macsOf(device)) this.byMac.delete(mac);
    this.byGuid.delete(normalizeGuid(device.guid));
    for (const [criterion, index] of this.secondary) removeMulti(index, SECONDARY_KEY[criterion](device), device);
  }
}
