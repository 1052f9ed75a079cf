/**
 * The simulator's control API: JSON over plain HTTP, bound to 127.0.0.1 only. Lets tests, the demo
 * and an admin inspect the inventory, change devices (e.g. make one non-compliant to trigger a CoA),
 * switch faults on and off, and read the request log.
 *
 *   GET    /health
 *   GET    /devices?query=&offset=&limit=     substring search over MAC, GUID, user, model, serial, IMEI, UDID
 *   GET    /devices/:key                      key = MAC (any format) or GUID
 *   PATCH  /devices/:key                      any subset of the device fields
 *   GET    /faults    PUT /faults (partial)   DELETE /faults (back to defaults)
 *   GET    /log?limit=                        most recent ISE API requests, oldest first
 *   GET    /device-ca                         the device CA certificate (PEM): trust it for client authentication
 *   POST   /devices/:key/certificate          a device identity certificate (EAP-TLS) as a file: PKCS #12 or PEM
 *                                              (body: ./device-certificates deviceCertificateRequestSchema)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { DeviceCertificateRequestError, type DeviceCertificateFile } from "./device-certificates";
import { DeviceConflictError } from "./device-store";
import { FaultsError } from "./faults";
import { describeZodError, devicePatchSchema } from "./schemas";
import type { SimDevice, SimFaults, SimRequestLog } from "./types";

export interface ControlTarget {
  health(): Record<string, unknown>;
  /** One page of the devices matching `query` (empty = all), plus how many match in total. */
  searchDevices(query: string, offset: number, limit: number): { total: number; devices: SimDevice[] };
  getDevice(key: string): SimDevice | undefined;
  /** Throws DeviceConflictError when the patch would give the device another device's MAC or GUID. */
  updateDevice(key: string, patch: Partial<SimDevice>): SimDevice | undefined;
  faults(): SimFaults;
  /** Throws FaultsError on an invalid patch. */
  setFaults(patch: unknown): void;
  resetFaults(): void;
  requestLog(limit: number): SimRequestLog[];
  deviceCaCertPem(): string;
  /**
   * A device identity certificate for the device with this MAC or GUID, undefined when there is none.
   * Throws DeviceCertificateRequestError on an invalid request body.
   */
  issueDeviceCertificate(key: string, request: unknown): Promise<DeviceCertificateFile | undefined>;
}

export interface ControlResponse {
  status: number;
  /** JSON, unless `file` is given. */
  body: unknown;
  headers?: Record<string, string>;
  /** A download instead of JSON. */
  file?: { contentType: string; fileName: string; body: Buffer };
}

const BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

const listQuerySchema = z.strictObject({
  query: z.string().max(200).default(""),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
});

const logQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});

const problem = (status: number, error: string, headers?: Record<string, string>): ControlResponse =>
  headers ? { status, body: { error }, headers } : { status, body: { error } };

const methodNotAllowed = (allowed: string[]): ControlResponse =>
  problem(405, `Method not allowed; use ${allowed.join(" or ")}`, { allow: allowed.join(", ") });

function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false; response: ControlResponse } {
  if (body.trim() === "") return { ok: false, response: problem(400, "A JSON body is required") };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, response: problem(400, `The body is not valid JSON: ${(error as Error).message}`) };
  }
}

/** Routes one control request; transport-free so it is testable without sockets. */
export async function handleControlRequest(
  target: ControlTarget,
  request: { method: string; url: string; body: string },
): Promise<ControlResponse> {
  let url: URL;
  try {
    url = new URL(request.url, "http://127.0.0.1");
  } catch {
    return problem(400, "Malformed request URL");
  }
  const segments = url.pathname.split("/").filter(Boolean);
  const query = Object.fromEntries(url.searchParams);
  const [resource, key, ...rest] = segments;
  if (resource === "devices" && key !== undefined && rest.length === 1 && rest[0] === "certificate") {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const deviceKey = decodeURIComponent(key);
    let json: unknown = {};
    if (request.body.trim() !== "") {
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) return parsed.response;
      json = parsed.value;
    }
    try {
      const file = await target.issueDeviceCertificate(deviceKey, json);
      if (!file) return problem(404, `No device with MAC address or GUID "${deviceKey}"`);
      return { status: 200, body: null, file };
    } catch (error) {
      if (error instanceof DeviceCertificateRequestError) return problem(400, `Invalid certificate request: ${error.message}`);
      throw error;
    }
  }
  if (rest.length > 0) return problem(404, `No such resource: ${url.pathname}`);

  switch (resource) {
    case "health":
      if (key !== undefined) break;
      if (request.method !== "GET") return methodNotAllowed(["GET"]);
      return { status: 200, body: target.health() };

    case "devices": {
      if (key === undefined) {
        if (request.method !== "GET") return methodNotAllowed(["GET"]);
        const parsed = listQuerySchema.safeParse(query);
        if (!parsed.success) return problem(400, describeZodError(parsed.error));
        const { query: text, offset, limit } = parsed.data;
        const { total, devices } = target.searchDevices(text, offset, limit);
        return { status: 200, body: { total, offset, limit, devices } };
      }
      const deviceKey = decodeURIComponent(key);
      if (request.method === "GET") {
        const device = target.getDevice(deviceKey);
        return device ? { status: 200, body: device } : problem(404, `No device with MAC address or GUID "${deviceKey}"`);
      }
      if (request.method === "PATCH") {
        const json = parseJsonBody(request.body);
        if (!json.ok) return json.response;
        const parsed = devicePatchSchema.safeParse(json.value);
        if (!parsed.success) return problem(400, `Invalid device patch: ${describeZodError(parsed.error)}`);
        try {
          const device = target.updateDevice(deviceKey, parsed.data);
          return device ? { status: 200, body: device } : problem(404, `No device with MAC address or GUID "${deviceKey}"`);
        } catch (error) {
          if (error instanceof DeviceConflictError) return problem(409, error.message);
          throw error;
        }
      }
      return methodNotAllowed(["GET", "PATCH"]);
    }

    case "faults":
      if (key !== undefined) break;
      if (request.method === "GET") return { status: 200, body: target.faults() };
      if (request.method === "PUT") {
        const json = parseJsonBody(request.body);
        if (!json.ok) return json.response;
        try {
          target.setFaults(json.value);
        } catch (error) {
          if (error instanceof FaultsError) return problem(400, error.message);
          throw error;
        }
        return { status: 200, body: target.faults() };
      }
      if (request.method === "DELETE") {
        target.resetFaults();
        return { status: 200, body: target.faults() };
      }
      return methodNotAllowed(["GET", "PUT", "DELETE"]);

    case "device-ca":
      if (key !== undefined) break;
      if (request.method !== "GET") return methodNotAllowed(["GET"]);
      return {
        status: 200,
        body: null,
        file: { contentType: "application/x-pem-file", fileName: "device-ca.pem", body: Buffer.from(target.deviceCaCertPem()) },
      };

    case "log": {
      if (key !== undefined) break;
      if (request.method !== "GET") return methodNotAllowed(["GET"]);
      const parsed = logQuerySchema.safeParse(query);
      if (!parsed.success) return problem(400, describeZodError(parsed.error));
      return { status: 200, body: { entries: target.requestLog(parsed.data.limit ?? Number.MAX_SAFE_INTEGER) } };
    }
  }
  return problem(404, `No such resource: ${url.pathname}`);
}

export interface RunningControlServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the control API on 127.0.0.1 only: it changes the simulator's behaviour and has no authentication. */
export async function startControlServer(target: ControlTarget, port: number): Promise<RunningControlServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const answer = async (): Promise<ControlResponse> => {
        if (tooLarge) return problem(413, `The body exceeds ${BODY_LIMIT_BYTES} bytes`);
        try {
          return await handleControlRequest(target, {
            method: req.method ?? "GET",
            url: req.url ?? "/",
            body: Buffer.concat(chunks).toString("utf8"),
          });
        } catch (error) {
          return problem(500, `Internal error: ${(error as Error).message}`);
        }
      };
      void answer().then((response) => {
        if (response.file) {
          res.writeHead(response.status, {
            "content-type": response.file.contentType,
            "content-disposition": `attachment; filename="${response.file.fileName}"`,
            "content-length": String(response.file.body.length),
            "cache-control": "no-store",
            ...response.headers,
          });
          res.end(response.file.body);
          return;
        }
        const body = `${JSON.stringify(response.body, null, 2)}\n`;
        res.writeHead(response.status, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          ...response.headers,
        });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
