/**
 * Helpers for the simulator's own tests (and for other integration tests that drive it): a plain
 * node:https / node:http client and an XML reader that keeps names and namespaces exactly as sent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { startMdmSimulator } from "./server";
import type { RunningSimulator, SimulatorOptions } from "./types";

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** True when the request went over a kept-alive connection. */
  reusedSocket: boolean;
}

export interface RequestOptions {
  method?: string;
  /** [user, password] for Basic authentication. */
  auth?: [string, string];
  body?: string;
  headers?: Record<string, string>;
  /** Trusted CA(s); omit for plain HTTP URLs. */
  ca?: string | string[];
  /** Default: a new connection per request (agent: false). */
  agent?: https.Agent | http.Agent | false;
  timeoutMs?: number;
}

export function request(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth.join(":")).toString("base64")}`;
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: options.method ?? "GET",
        headers,
        agent: options.agent ?? false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            reusedSocket: req.reusedSocket,
          }),
        );
        res.on("error", reject);
      },
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })),
      );
    }
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The error code a failing request ends with (TLS and socket errors), or "ok". */
export async function requestErrorCode(url: string, options: RequestOptions = {}): Promise<string> {
  try {
    await request(url, options);
    return "ok";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

export type XmlObject = { [name: string]: XmlAny };
export type XmlAny = string | XmlObject | XmlAny[];

const exactParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "device",
});

/** Parses a response, keeping element names, case and attributes exactly as sent. */
export function parseXmlExact(body: string): XmlObject {
  return exactParser.parse(body) as XmlObject;
}

/** The `<device>` elements of an `<ise_api>` answer (Cisco layout). */
export function devicesOf(body: string): XmlObject[] {
  const root = parseXmlExact(body).ise_api as XmlObject;
  const list = root.deviceList;
  if (typeof list !== "object" || Array.isArray(list)) return [];
  return ((list as XmlObject).device as XmlObject[] | undefined) ?? [];
}

export function apiRoot(body: string): XmlObject {
  return parseXmlExact(body).ise_api as XmlObject;
}

export interface TestSimulator {
  sim: RunningSimulator;
  dataDir: string;
  /** Authenticated ISE API GET/POST/PUT against the simulator, trusting its CA. */
  api(pathAndQuery: string, options?: RequestOptions): Promise<HttpResult>;
  /** Control API call; `json` is sent as the body. */
  control(method: string, pathAndQuery: string, json?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts a simulator on ephemeral ports in a temp data folder (or `dataDir`); close() removes the folder it made. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir("gatehouse-mdm-sim-");
  const sim = await startMdmSimulator({ port: 0, controlPort: 0, ...options, dataDir });
  return {
    sim,
    dataDir,
    api: (pathAndQuery, requestOptions = {}) =>
      request(`${sim.baseUrl}${pathAndQuery}`, { ca: sim.caCertPem, auth: ["iseapi", "iseapi-secret"], ...requestOptions }),
    async control(method, pathAndQuery, json) {
      const result = await request(`http://127.0.0.1:${sim.controlPort}${pathAndQuery}`, {
        method,
        ...(json === undefined ? {} : { body: typeof json === "string" ? json : JSON.stringify(json) }),
        headers: { "content-type": "application/json" },
      });
      return { status: result.status, body: JSON.parse(result.body) as unknown };
    },
    async close() {
      await sim.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
