/**
 * The MDM simulator: an HTTPS server speaking the ISE MDM API (./ise-api) from an in-memory inventory,
 * with its own CA (./certificates), a loopback control API (./control-api) and fault switches (./faults).
 * A product part: the engine talks to it over real TLS exactly as to a real MDM.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { ensureSimulatorCertificates } from "./certificates";
import { startControlServer, type ControlTarget } from "./control-api";
import { issueDeviceCertificate } from "./device-certificates";
import { cloneDevice, DeviceStore } from "./device-store";
import { applyFaultsPatch, DEFAULT_FAULTS, sampleDelayMs, sampleInjectedError } from "./faults";
import { loadBundledInventory, parseInventory, syntheticInventory } from "./inventory";
import { errorResponse, handleIseApiRequest, type IseApiContext, type IseApiResponse } from "./ise-api";
import { RequestLogBuffer } from "./request-log";
import { describeZodError, devicePatchSchema } from "./schemas";
import type { RunningSimulator, SimAccount, SimDevice, SimFaults, SimRequestLog, SimulatorOptions } from "./types";

export type { RunningSimulator, SimAccount, SimDevice, SimFaults, SimPlatform, SimRequestLog, SimulatorOptions } from "./types";

/** The contract's default accounts: one with the MDM API role, one without (→ 403). */
export const DEFAULT_ACCOUNTS: readonly SimAccount[] = Object.freeze([
  { username: "iseapi", password: "iseapi-secret", hasApiRole: true },
  { username: "noapi", password: "noapi-secret", hasApiRole: false },
]);

export const DEFAULT_QUERY_MAX_SIZE = 500;
export const REQUEST_LOG_CAPACITY = 1000;
const BODY_LIMIT_BYTES = 1024 * 1024;
// Longer than typical client pool idle timeouts, so the client (which reuses connections) closes first.
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export class SimulatorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulatorOptionsError";
  }
}

export class DevicePatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DevicePatchError";
  }
}

function checkPort(name: string, port: number | undefined): number {
  const value = port ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new SimulatorOptionsError(`${name} must be 0-65535`);
  return value;
}

function checkOptions(options: SimulatorOptions): void {
  if (!options.dataDir) throw new SimulatorOptionsError("dataDir is required");
  if (options.instance !== undefined && options.instance !== null && !/^[A-Za-z0-9._~-]{1,64}$/.test(options.instance)) {
    throw new SimulatorOptionsError("instance must be one URL path segment (letters, digits, . _ ~ -)");
  }
  const maxSize = options.queryMaxSize ?? DEFAULT_QUERY_MAX_SIZE;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > 100_000) {
    throw new SimulatorOptionsError("queryMaxSize must be an integer from 1 to 100000");
  }
  if (options.maxApiVersion !== undefined && ![1, 2, 3].includes(options.maxApiVersion)) {
    throw new SimulatorOptionsError("maxApiVersion must be 1, 2 or 3");
  }
  for (const hostname of options.extraHostnames ?? []) {
    if (
      isIP(hostname) === 0 &&
      !/^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(hostname)
    ) {
      throw new SimulatorOptionsError(`extraHostnames: "${hostname}" is neither a DNS name nor an IP address`);
    }
  }
  const usernames = new Set<string>();
  for (const account of options.accounts ?? []) {
    if (!account.username || account.username.includes(":")) {
      throw new SimulatorOptionsError("account user names must be non-empty and contain no ':' (RFC 7617 §2)");
    }
    if (usernames.has(account.username)) throw new SimulatorOptionsError(`duplicate account ${account.username}`);
    usernames.add(account.username);
  }
}

function loadDevices(options: SimulatorOptions, now: number): SimDevice[] {
  if (options.syntheticDevices !== undefined) return syntheticInventory(options.syntheticDevices, now);
  if (options.devices) return parseInventory({ devices: options.devices }, "options.devices", now);
  return loadBundledInventory(now);
}

/** The user name a request claims, before any check (for logging requests that get no answer). */
function claimedUser(authorization: string | undefined): string | null {
  const match = /^Basic\s+(\S+)/i.exec(authorization ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : decoded.slice(0, colon);
}

export async function startMdmSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  checkOptions(options);
  const port = checkPort("port", options.port);
  const controlPort = checkPort("controlPort", options.controlPort);
  const bindHost = options.host ?? "127.0.0.1";
  const isWildcard = bindHost === "0.0.0.0" || bindHost === "::";
  const publicHost = isWildcard || bindHost === "127.0.0.1" || bindHost === "localhost" ? "127.0.0.1" : bindHost;

  const store = new DeviceStore(loadDevices(options, Date.now()), { adopt: true });
  const hostnames = [
    "localhost",
    "127.0.0.1",
    "::1",
    ...(publicHost === "127.0.0.1" ? [] : [publicHost]),
    ...(options.extraHostnames ?? []),
  ];
  const certificates = await ensureSimulatorCertificates({ dataDir: options.dataDir, hostnames });

  let faults: SimFaults = { ...DEFAULT_FAULTS };
  const requestLog = new RequestLogBuffer(REQUEST_LOG_CAPACITY);
  const pendingTimers = new Set<NodeJS.Timeout>();
  let isClosed = false;
  /** Requests received and not yet answered or aborted (hung ones included), shown by GET /health. */
  let pendingRequests = 0;
  let baseUrl = "";

  const apiContext: IseApiContext = {
    store,
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    instance: options.instance ?? null,
    maxApiVersion: options.maxApiVersion ?? 3,
    queryMaxSize: options.queryMaxSize ?? DEFAULT_QUERY_MAX_SIZE,
    vendor: options.vendor ?? "Gatehouse",
    productName: options.productName ?? "Gatehouse MDM Simulator",
    productVersion: options.productVersion ?? "1.0.0",
    get defaultOrigin() {
      return baseUrl;
    },
    faults: () => faults,
    now: () => Date.now(),
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    let user = claimedUser(req.headers.authorization);
    // Faults are read once per request, so a switch flipped mid-request does not mix behaviours.
    const current = faults;
    let isLogged = false;
    const record = (status: number): void => {
      if (isLogged) return;
      isLogged = true;
      const entry: SimRequestLog = { method, path, user, status, latencyMs: Math.round(performance.now() - started) };
      requestLog.push(entry);
      options.log?.(entry);
    };
    pendingRequests++;
    res.on("close", () => {
      pendingRequests--;
      // Closed before an answer was sent: hang or reset fault, or the client gave up first.
      record(0);
    });

    if (current.reset) {
      req.socket.destroy();
      return;
    }
    if (current.hang) {
      // Read and discard the body, never answer; the client's timeout (or close()) ends it.
      req.resume();
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let isTooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) isTooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const answer = (): void => {
        if (isClosed || res.destroyed) return;
        let response: IseApiResponse;
        const injected = sampleInjectedError(current);
        if (isTooLarge) {
          response = errorResponse(413, `The request body exceeds ${BODY_LIMIT_BYTES} bytes`, user);
        } else if (injected !== null) {
          response = errorResponse(
            injected,
            injected === 503 ? "Service temporarily unavailable (injected fault)" : "Internal server error (injected fault)",
            user,
            injected === 503 ? { "retry-after": "1" } : {},
          );
        } else {
          try {
            response = handleIseApiRequest(
              {
                method,
                url: path,
                authorization: req.headers.authorization,
                host: req.headers.host,
                body: Buffer.concat(chunks).toString("utf8"),
              },
              apiContext,
            );
          } catch (error) {
            response = errorResponse(500, `Internal error: ${(error as Error).message}`, user);
          }
        }
        user = response.user ?? user;
        res.writeHead(response.status, { ...response.headers, "content-length": String(Buffer.byteLength(response.body)) });
        // Logged as the answer is handed over, so the entry exists by the time the client reads it.
        record(response.status);
        res.end(method === "HEAD" ? undefined : response.body);
      };
      const delay = sampleDelayMs(current);
      if (delay <= 0) {
        answer();
        return;
      }
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        answer();
      }, delay);
      pendingTimers.add(timer);
    });
  };

  const initial = certificates.credentials.valid;
  const server = https.createServer({ key: initial.key, cert: initial.cert, minVersion: "TLSv1.2" }, handleRequest);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, bindHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const listeningPort = (server.address() as AddressInfo).port;
  baseUrl = `https://${isIP(publicHost) === 6 ? `[${publicHost}]` : publicHost}:${listeningPort}`;

  const closeHttpsServer = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive, hung and delayed connections would otherwise hold close() open.
      server.closeAllConnections();
    });

  const setFaults = (patch: Partial<SimFaults>): void => {
    const previous = faults;
    faults = applyFaultsPatch(faults, patch);
    if (faults.certificate !== previous.certificate) {
      const credentials = certificates.credentials[faults.certificate];
      server.setSecureContext({ key: credentials.key, cert: credentials.cert, minVersion: "TLSv1.2" });
      // Pooled connections keep the certificate they were set up with; make idle ones reconnect.
      server.closeIdleConnections();
    }
  };

  const updateDevice = (key: string, patch: Partial<SimDevice>): SimDevice | undefined => {
    const parsed = devicePatchSchema.safeParse(patch);
    if (!parsed.success) throw new DevicePatchError(`Invalid device patch: ${describeZodError(parsed.error)}`);
    const next: Partial<SimDevice> = { ...parsed.data };
    // A device that becomes compliant no longer has a failure to report, unless the patch says otherwise.
    if (next.compliant === true) {
      if (!("failure_reason" in next)) next.failure_reason = undefined;
      if (!("remediation" in next)) next.remediation = undefined;
    }
    const device = store.update(key, next);
    return device ? cloneDevice(device) : undefined;
  };

  const getDevice = (key: string): SimDevice | undefined => {
    const device = store.get(key);
    return device ? cloneDevice(device) : undefined;
  };

  const controlTarget: ControlTarget = {
    health: () => ({
      status: "ok",
      baseUrl,
      port: listeningPort,
      instance: apiContext.instance,
      maxApiVersion: apiContext.maxApiVersion,
      queryMaxSize: apiContext.queryMaxSize,
      devices: store.size,
      compliant: store.byCompliance(true).length,
      nonCompliant: store.byCompliance(false).length,
      pendingRequests,
      caCertPath: certificates.caCertPath,
      deviceCaCertPath: certificates.deviceCaCertPath,
      faults,
    }),
    searchDevices: (query, offset, limit) => {
      const matches = store.search(query);
      return { total: matches.length, devices: matches.slice(offset, offset + limit).map(cloneDevice) };
    },
    getDevice,
    updateDevice,
    faults: () => ({ ...faults }),
    setFaults: (patch) => setFaults(patch as Partial<SimFaults>),
    resetFaults: () => setFaults({ ...DEFAULT_FAULTS }),
    requestLog: (limit) => requestLog.list(limit),
    deviceCaCertPem: () => certificates.deviceCa.certificatePem,
    issueDeviceCertificate: async (key, request) => {
      const device = store.get(key);
      if (!device) return undefined;
      return issueDeviceCertificate(certificates.deviceCa, device, request, { vendor: apiContext.vendor });
    },
  };

  let control: Awaited<ReturnType<typeof startControlServer>>;
  try {
    control = await startControlServer(controlTarget, controlPort);
  } catch (error) {
    await closeHttpsServer();
    throw error;
  }

  return {
    port: listeningPort,
    controlPort: control.port,
    baseUrl,
    caCertPem: certificates.caCertPem,
    caCertPath: certificates.caCertPath,
    rogueCaCertPem: certificates.rogueCaCertPem,
    deviceCaCertPem: certificates.deviceCa.certificatePem,
    deviceCaCertPath: certificates.deviceCaCertPath,
    setFaults,
    faults: () => ({ ...faults }),
    updateDevice,
    getDevice,
    devices: () => store.all().map(cloneDevice),
    requestLog: () => requestLog.list(),
    async close() {
      if (isClosed) return;
      isClosed = true;
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      await Promise.all([closeHttpsServer(), control.close()]);
    },
  };
}
