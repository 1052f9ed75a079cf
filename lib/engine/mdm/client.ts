import type { LookupFunction } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { MdmError } from "./errors";
import { MdmTransport, type MdmTransportStats } from "./http";
import { normalizeMac } from "./mac";
import { parseActionResults, parseDeviceList, parseMdmInfo } from "./parser";
import { buildActionBody, buildBatchBody, buildSendMessageBody, type MdmBatchCriterion } from "./request-body";
import type {
  MdmActionResult,
  MdmActionType,
  MdmApiVersion,
  MdmDevice,
  MdmDeviceIdentifier,
  MdmDevicePage,
  MdmDiscovery,
} from "./types";

/**
 * ISE MDM API client (ise-mdm-reference §1) for one configured MDM server and trust set. Every call has a
 * deadline; errors are MdmError values with a code. Discovery (`mdminfo`) runs lazily on first use unless a
 * stored discovery is passed in; every later call uses the `api_path` it returned.
 */

export interface MdmClientOptions {
  host: string;
  /** Default 443. */
  port?: number;
  /** Multi-tenant instance: first path segment of the discovery call (§1.1). */
  instance?: string | null;
  username: string;
  password: string;
  /** The trusted certificate store's PEMs; the only anchors the server's chain may verify against. */
  trustedCertificatesPem: readonly string[];
  /** Default deadline of each call, ms. Default 5000. */
  timeoutMs?: number;
  /** Largest answer accepted, bytes. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Connections kept to this server at most. Default 16. */
  maxSockets?: number;
  /** Highest API version to ask for. Default 3. */
  maxApiVersion?: MdmApiVersion;
  /** Cap on a v3 `server_busy_wait_seconds` pause between pages. Default 30 s. */
  maxBusyWaitSeconds?: number;
  /** A discovery stored earlier (e.g. by Test Connection): skips the `mdminfo` call. */
  discovery?: MdmDiscovery;
  /** Name resolution override; defaults to the system resolver. */
  lookup?: LookupFunction;
}

export interface MdmCallOptions {
  signal?: AbortSignal;
  /** Deadline of this call, ms; overrides the client's default. */
  timeoutMs?: number;
}

export interface MdmPagingOptions {
  signal?: AbortSignal;
  /** Deadline of each page request, ms. */
  timeoutMs?: number;
  /** Stop with BAD_RESPONSE after this many pages (a server that never says "done"). Default 100 000. */
  maxPages?: number;
}

/** Query criteria of §1.2 (v3 adds guid and guidhn). */
export type MdmQueryCriterion = "macaddress" | "meid" | "udid" | "imei" | "username" | "compliance" | "guid" | "guidhn";

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_SOCKETS = 16;
const DEFAULT_MAX_BUSY_WAIT_SECONDS = 30;
const DEFAULT_MAX_PAGES = 100_000;

/** Path of the discovery call: `[/<instance>]/ciscoise/mdminfo/?ise_api_version=N` (§1.1; v1 had no parameter). */
export function discoveryPath(instance: string | null | undefined, apiVersion: MdmApiVersion = 3): string {
  const prefix = instance ? `/${encodeURIComponent(instance)}` : "";
  const query = apiVersion >= 2 ? `?ise_api_version=${apiVersion}` : "";
  return `${prefix}/ciscoise/mdminfo/${query}`;
}

export class MdmClient {
  private readonly options: MdmClientOptions;
  private readonly transport: MdmTransport;
  private readonly timeoutMs: number;
  private readonly maxApiVersion: MdmApiVersion;
  private currentDiscovery: MdmDiscovery | undefined;
  private discoveryInFlight: Promise<MdmDiscovery> | undefined;

  constructor(options: MdmClientOptions) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxApiVersion = options.maxApiVersion ?? 3;
    this.currentDiscovery = options.discovery;
    this.transport = new MdmTransport({
      host: options.host,
      port: options.port ?? 443,
      username: options.username,
      password: options.password,
      trustedCertificatesPem: options.trustedCertificatesPem,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxSockets: options.maxSockets ?? DEFAULT_MAX_SOCKETS,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
  }

  /** The discovery in use, if one has happened (or was given). */
  get discovery(): MdmDiscovery | undefined {
    return this.currentDiscovery;
  }

  /** Connections opened and requests sent so far. */
  stats(): MdmTransportStats {
    return this.transport.stats();
  }

  /** Calls `mdminfo` (§1.1) and keeps the answer for later calls. Concurrent callers share one call. */
  discover(call: MdmCallOptions = {}): Promise<MdmDiscovery> {
    return this.discoverWithin(this.deadline(call));
  }

  private discoverWithin(deadline: Deadline): Promise<MdmDiscovery> {
    // A caller joining a discovery already under way still gets its own deadline.
    if (this.discoveryInFlight) return withinDeadline(this.discoveryInFlight, deadline);
    const pending = this.send("GET", discoveryPath(this.options.instance, this.maxApiVersion), undefined, deadline)
      .then((body) => {
        const discovery = parseMdmInfo(body, this.maxApiVersion);
        this.currentDiscovery = discovery;
        return discovery;
      })
      .finally(() => {
        this.discoveryInFlight = undefined;
      });
    this.discoveryInFlight = pending;
    return pending;
  }

  /**
   * The registered device with this MAC (any common spelling), or undefined when the MDM does not know
   * it or reports it unregistered-and-absent (§1.2: empty deviceList).
   */
  async lookupByMac(mac: string, call: MdmCallOptions = {}): Promise<MdmDevice | undefined> {
    const normalized = normalizeMac(mac);
    if (!normalized) throw new MdmError("INVALID_REQUEST", `Not a MAC address: ${JSON.stringify(mac)}`);
    const devices = await this.collect("macaddress", normalized, this.deadline(call));
    return devices.find((device) => device.macaddress === normalized || device.macaddresses.includes(normalized)) ?? devices[0];
  }

  /** The device whose certificate GUID this is (v3 only, §2). */
  async lookupByGuid(guid: string, call: MdmCallOptions = {}): Promise<MdmDevice | undefined> {
    const value = guid.trim();
    if (value === "") throw new MdmError("INVALID_REQUEST", "Empty GUID");
    const deadline = this.deadline(call);
    const discovery = await this.ensureDiscovery(deadline);
    if (discovery.apiVersion < 3) {
      throw new MdmError("UNSUPPORTED", `GUID lookups need MDM API v3; the server speaks v${discovery.apiVersion}`);
    }
    const devices = await this.collect("guid", value, deadline);
    const wanted = value.toLowerCase();
    return devices.find((device) => device.guid?.toLowerCase() === wanted) ?? devices[0];
  }

  /** All devices matching one criterion, following paging; the deadline covers the whole call. */
  queryDevices(criterion: MdmQueryCriterion, value: string, call: MdmCallOptions = {}): Promise<MdmDevice[]> {
    return this.collect(criterion, value, this.deadline(call));
  }

  private async collect(criterion: MdmQueryCriterion, value: string, deadline: Deadline): Promise<MdmDevice[]> {
    const devices: MdmDevice[] = [];
    for await (const page of this.pageIterator(criterion, value, deadline, {})) devices.push(...page.devices);
    return devices;
  }

  /**
   * Pages of a device query (§1.2): `paging=0` first, then each returned `paging_info` until "0" or absent.
   * One page is fetched when the consumer asks for it, so memory holds one page at a time. A v3
   * `server_busy_wait_seconds` is honoured before the next page, capped by `maxBusyWaitSeconds`.
   */
  pages(criterion: MdmQueryCriterion, value: string, options: MdmPagingOptions = {}): AsyncGenerator<MdmDevicePage> {
    return this.pageIterator(criterion, value, "per-request", options);
  }

  /**
   * `deadline` is either one deadline shared by the whole iteration (a lookup) or "per-request": a fresh
   * deadline for each request of a stream, whose length has no bound.
   */
  private async *pageIterator(
    criterion: MdmQueryCriterion,
    value: string,
    deadline: Deadline | "per-request",
    options: MdmPagingOptions,
  ): AsyncGenerator<MdmDevicePage> {
    const nextDeadline = (): Deadline => (deadline === "per-request" ? this.deadline(options) : deadline);
    const discovery = await this.ensureDiscovery(nextDeadline());
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const maxWaitMs = (this.options.maxBusyWaitSeconds ?? DEFAULT_MAX_BUSY_WAIT_SECONDS) * 1000;
    let token = "0";
    const seenTokens = new Set<string>();
    for (let pageNumber = 1; ; pageNumber += 1) {
      const query = new URLSearchParams({ paging: token, querycriteria: criterion, value, filter: "all" });
      const body = await this.send("GET", `${discovery.apiPath}/devices/?${query.toString()}`, undefined, nextDeadline());
      const page = parseDeviceList(body);
      yield page;
      const next = page.nextPagingToken;
      if (next === undefined) return;
      if (seenTokens.has(next) || pageNumber >= maxPages) {
        throw new MdmError("BAD_RESPONSE", `The MDM keeps paging (token ${JSON.stringify(next)} after ${pageNumber} pages)`);
      }
      seenTokens.add(next);
      token = next;
      if (page.serverBusyWaitSeconds) {
        // A shared deadline also bounds the pause: the next request would fail with TIMEOUT anyway.
        const remaining = deadline === "per-request" ? Infinity : Math.max(0, deadline.at - Date.now());
        const signal = deadline === "per-request" ? options.signal : deadline.signal;
        await this.pause(Math.min(page.serverBusyWaitSeconds * 1000, maxWaitMs, remaining), signal);
      }
    }
  }

  /** Pages of the bulk query for non-compliant devices (`querycriteria=compliance&value=false`, §5 polling). */
  nonCompliantPages(options: MdmPagingOptions = {}): AsyncGenerator<MdmDevicePage> {
    return this.pages("compliance", "false", options);
  }

  /** Non-compliant devices one at a time, streamed page by page. */
  async *nonCompliantDevices(options: MdmPagingOptions = {}): AsyncGenerator<MdmDevice> {
    for await (const page of this.nonCompliantPages(options)) yield* page.devices;
  }

  /**
   * Several devices in one call per `query_max_size` values: `POST <api_path>/batchdevices/` (§1.2). Devices
   * the MDM does not know are simply absent from the result.
   */
  async batchLookup(criterion: MdmBatchCriterion, values: readonly string[], call: MdmCallOptions = {}): Promise<MdmDevice[]> {
    const deadline = this.deadline(call);
    const discovery = await this.ensureDiscovery(deadline);
    if (criterion === "guid" && discovery.apiVersion < 3) {
      throw new MdmError("UNSUPPORTED", `GUID lookups need MDM API v3; the server speaks v${discovery.apiVersion}`);
    }
    const normalized = values.map((value) => {
      if (criterion !== "macaddress") return value.trim();
      const mac = normalizeMac(value);
      if (!mac) throw new MdmError("INVALID_REQUEST", `Not a MAC address: ${JSON.stringify(value)}`);
      return mac;
    });
    const chunkSize = discovery.queryMaxSize ?? 500;
    const devices: MdmDevice[] = [];
    for (let start = 0; start < normalized.length; start += chunkSize) {
      const chunk = normalized.slice(start, start + chunkSize);
      const body = await this.send("POST", `${discovery.apiPath}/batchdevices/`, buildBatchBody(criterion, chunk), deadline);
      devices.push(...parseDeviceList(body).devices);
    }
    return devices;
  }

  /** Full wipe, corporate wipe or PIN lock of one device (§1.3). */
  async performAction(
    action: MdmActionType,
    identifier: MdmDeviceIdentifier,
    call: MdmCallOptions = {},
  ): Promise<MdmActionResult> {
    const deadline = this.deadline(call);
    const discovery = await this.ensureDiscovery(deadline);
    const target = this.checkedIdentifier(identifier, discovery);
    const body = await this.send("POST", `${discovery.apiPath}/action/actionType=${action}`, buildActionBody(target), deadline);
    const results = parseActionResults(body);
    const result =
      results.find((r) =>
        "macaddress" in target ? r.macaddress === target.macaddress : r.guid?.toLowerCase() === target.guid.toLowerCase(),
      ) ?? results[0];
    // An answer that names no device cannot confirm the action.
    return result ?? { ...target, actionStatus: false, failureReason: "The MDM answer named no device" };
  }

  /** Shows a message on the device (`PUT <api_path>/sendmessage`, §1.3); only when `messaging_support`. */
  async sendMessage(
    identifier: MdmDeviceIdentifier,
    message: string,
    call: MdmCallOptions = {},
  ): Promise<MdmActionResult | undefined> {
    const deadline = this.deadline(call);
    const discovery = await this.ensureDiscovery(deadline);
    if (!discovery.messagingSupport) throw new MdmError("UNSUPPORTED", "The MDM does not support messaging");
    const target = this.checkedIdentifier(identifier, discovery);
    const body = await this.send("PUT", `${discovery.apiPath}/sendmessage`, buildSendMessageBody(target, message), deadline);
    // Servers answer with a device result or just 200; both mean delivered to the MDM.
    return body.trim() === "" ? undefined : parseActionResults(body)[0];
  }

  /** Drops keep-alive connections. The client must not be used afterwards. */
  close(): void {
    this.transport.close();
  }

  private checkedIdentifier(identifier: MdmDeviceIdentifier, discovery: MdmDiscovery): MdmDeviceIdentifier {
    if ("macaddress" in identifier) {
      const mac = normalizeMac(identifier.macaddress);
      if (!mac) throw new MdmError("INVALID_REQUEST", `Not a MAC address: ${JSON.stringify(identifier.macaddress)}`);
      return { macaddress: mac };
    }
    if (discovery.apiVersion < 3) {
      throw new MdmError("UNSUPPORTED", `GUID identifiers need MDM API v3; the server speaks v${discovery.apiVersion}`);
    }
    return { guid: identifier.guid.trim() };
  }

  private deadline(call: MdmCallOptions): Deadline {
    return { at: Date.now() + (call.timeoutMs ?? this.timeoutMs), ...(call.signal ? { signal: call.signal } : {}) };
  }

  private ensureDiscovery(deadline: Deadline): Promise<MdmDiscovery> {
    return this.currentDiscovery ? Promise.resolve(this.currentDiscovery) : this.discoverWithin(deadline);
  }

  private async send(
    method: "GET" | "POST" | "PUT",
    path: string,
    body: string | undefined,
    deadline: Deadline,
  ): Promise<string> {
    const remaining = deadline.at - Date.now();
    if (remaining <= 0) throw new MdmError("TIMEOUT", "The call's deadline passed before the request could be sent");
    const response = await this.transport.request({
      method,
      path,
      ...(body === undefined ? {} : { body }),
      timeoutMs: remaining,
      ...(deadline.signal ? { signal: deadline.signal } : {}),
    });
    return response.body;
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, signal ? { signal } : {});
    } catch {
      throw new MdmError("ABORTED", "The call was cancelled");
    }
  }
}

/** Absolute end time of a call (ms since epoch) and the caller's cancel signal. */
interface Deadline {
  at: number;
  signal?: AbortSignal;
}

/** Settles with `promise`, or with TIMEOUT / ABORTED if the deadline comes first. */
function withinDeadline<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      deadline.signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(new MdmError("ABORTED", "The call was cancelled"));
    };
    const timer = setTimeout(
      () => {
        done();
        reject(new MdmError("TIMEOUT", "The MDM did not answer before the call's deadline"));
      },
      Math.max(0, deadline.at - Date.now()),
    );
    if (deadline.signal?.aborted) return onAbort();
    deadline.signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

export function createMdmClient(options: MdmClientOptions): MdmClient {
  return new MdmClient(options);
}
