// Coalesces live MAC lookups to one MDM server into `batchdevices` calls (ise-mdm-reference §1.2).
//
// Each HTTPS call costs the engine far more CPU than the few hundred bytes of XML per extra device in a
// batch, so under load one call per endpoint is the cold path's limit. Lookups requested during one turn of
// the event loop (the RADIUS requests that arrived together) are sent together once the turn ends: a
// lone lookup still goes out at once as a plain device query, so nothing waits at low load. A server that
// refuses `batchdevices` is asked one device at a time from then on.
import { isMdmError, MdmError } from "../mdm/errors";
import type { MdmDevice } from "../mdm/types";
import type { MdmLookupClient } from "./compliance";

/** The part of MdmClient the batcher needs. */
export interface MdmBatchClient {
  lookupByMac(mac: string, call: { timeoutMs?: number }): Promise<MdmDevice | undefined>;
  batchLookup(criterion: "macaddress", values: readonly string[], call: { timeoutMs?: number }): Promise<MdmDevice[]>;
  lookupByGuid?(guid: string, call: { signal?: AbortSignal; timeoutMs?: number }): Promise<MdmDevice | undefined>;
}

type Waiting = {
  mac: string;
  timeoutMs: number | undefined;
  resolve: (device: MdmDevice | undefined) => void;
  reject: (error: unknown) => void;
};

export interface BatchingLookupStats {
  /** `batchdevices` calls made and the lookups they answered. */
  batches: number;
  batched: number;
  /** Plain one-device queries. */
  singles: number;
}

export class BatchingMacLookup implements MdmLookupClient {
  readonly #client: MdmBatchClient;
  readonly #maxBatch: number;
  #waiting: Waiting[] = [];
  #scheduled = false;
  #batchSupported = true;
  readonly stats: BatchingLookupStats = { batches: 0, batched: 0, singles: 0 };

  /** `maxBatch`: MACs per call (the client splits further by the server's query_max_size). Default 100. */
  constructor(client: MdmBatchClient, { maxBatch = 100 }: { maxBatch?: number } = {}) {
    this.#client = client;
    this.#maxBatch = maxBatch;
  }

  /** True until the server answered a `batchdevices` call with "no such resource". */
  get batchSupported(): boolean {
    return this.#batchSupported;
  }

  lookupByMac(mac: string, call: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<MdmDevice | undefined> {
    if (!this.#batchSupported) return this.#single(mac, call.timeoutMs);
    // The caller's signal is not passed on: one caller giving up must not cancel the others' shared call.
    // The compliance service enforces each caller's own deadline around this promise.
    return new Promise((resolve, reject) => {
      this.#waiting.push({ mac, timeoutMs: call.timeoutMs, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** GUID lookups (EAP-TLS) are one device query each: certificates rarely arrive in bursts of one server. */
  lookupByGuid(guid: string, call: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<MdmDevice | undefined> {
    if (!this.#client.lookupByGuid)
      return Promise.reject(new MdmError("UNSUPPORTED", "This MDM client cannot look devices up by GUID"));
    return this.#client.lookupByGuid(guid, call);
  }

  #single(mac: string, timeoutMs: number | undefined): Promise<MdmDevice | undefined> {
    this.stats.singles += 1;
    return this.#client.lookupByMac(mac, timeoutMs === undefined ? {} : { timeoutMs });
  }

  #flush(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let start = 0; start < waiting.length; start += this.#maxBatch) {
      const chunk = waiting.slice(start, start + this.#maxBatch);
      if (chunk.length === 1 || !this.#batchSupported) {
        for (const entry of chunk) this.#single(entry.mac, entry.timeoutMs).then(entry.resolve, entry.reject);
      } else {
        this.#batch(chunk);
      }
    }
  }

  #batch(chunk: Waiting[]): void {
    // The longest remaining budget: every caller's own deadline is enforced by the compliance service.
    const budgets = chunk.map((entry) => entry.timeoutMs).filter((ms): ms is number => ms !== undefined);
    const call = budgets.length === chunk.length ? { timeoutMs: Math.max(...budgets) } : {};
    this.stats.batches += 1;
    this.stats.batched += chunk.length;
    this.#client.batchLookup("macaddress", [...new Set(chunk.map((entry) => entry.mac))], call).then(
      (devices) => {
        const byMac = new Map<string, MdmDevice>();
        let unattributed = false;
        for (const device of devices) {
          const macs = [device.macaddress, ...device.macaddresses].filter((mac): mac is string => mac !== undefined);
          if (macs.length === 0) unattributed = true;
          for (const mac of macs) if (!byMac.has(mac)) byMac.set(mac, device);
        }
        for (const entry of chunk) {
          const device = byMac.get(entry.mac);
          if (device) entry.resolve(device);
          // A device the answer does not name by MAC (sparse servers, §1.2) could be this one: ask alone.
          else if (unattributed) this.#single(entry.mac, entry.timeoutMs).then(entry.resolve, entry.reject);
          // Absent from the answer: the MDM does not know it (unknown = empty list, §1.2).
          else entry.resolve(undefined);
        }
      },
      (error: unknown) => {
        if (isMdmError(error) && (error.code === "HTTP_404" || (error.code === "HTTP_OTHER" && error.status === 405))) {
          // The server has no batch resource: fall back for these and every later lookup.
          this.#batchSupported = false;
          for (const entry of chunk) this.#single(entry.mac, entry.timeoutMs).then(entry.resolve, entry.reject);
          return;
        }
        for (const entry of chunk) entry.reject(error);
      },
    );
  }
}
