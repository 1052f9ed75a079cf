import https from "node:https";
import type { LookupFunction } from "node:net";
import { MdmError, classifyTransportError, httpStatusError } from "./errors";

/**
 * HTTPS transport of the MDM client: one keep-alive agent per configured server and trust set, TLS verified
 * only against the given certificates (never the OS roots — "ISE does not maintain a system list of
 * well-known public root certificates", ise-mdm-reference §3.2), hostname verification, Basic auth
 * (RFC 7617), a hard deadline per call and a response size cap.
 */

export interface MdmTransportOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  /** PEM certificates (one certificate per entry, or bundles) that may anchor the server's chain. */
  trustedCertificatesPem: readonly string[];
  maxResponseBytes: number;
  /** Concurrent connections to this server at most. */
  maxSockets: number;
  /** Name resolution override (defaults to dns.lookup). */
  lookup?: LookupFunction;
}

export interface MdmHttpRequest {
  method: "GET" | "POST" | "PUT";
  path: string;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface MdmHttpResponse {
  status: number;
  body: string;
}

export interface MdmTransportStats {
  /** TCP+TLS connections opened so far (a new one per request means keep-alive is not working). */
  connectionsOpened: number;
  requests: number;
}

/**
 * Authorization header value. RFC 7617 §2: user-id and password joined by a colon, UTF-8, base64. A
 * user-id containing a colon cannot be expressed; the settings schema refuses one.
 */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

export const USER_AGENT = "Gatehouse-MDM-Client/1";

/** Reads a response body into a string, refusing more than `maxBytes`. */
export function readBody(
  response: import("node:http").IncomingMessage,
  maxBytes: number,
  onTooLarge: (error: MdmError) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      const error = new MdmError("RESPONSE_TOO_LARGE", `The MDM answer is ${declared} bytes, more than the ${maxBytes} allowed`);
      onTooLarge(error);
      reject(error);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        const error = new MdmError("RESPONSE_TOO_LARGE", `The MDM answer exceeds the ${maxBytes} bytes allowed`);
        onTooLarge(error);
        reject(error);
        return;
      }
      chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", (error) => reject(classifyTransportError(error)));
    response.on("aborted", () => reject(new MdmError("CONNECTION_CLOSED", "The server closed the connection mid-answer")));
  });
}

export class MdmTransport {
  readonly agent: https.Agent;
  private readonly options: MdmTransportOptions;
  private readonly authorization: string;
  private readonly knownSockets = new WeakSet<object>();
  private readonly counters: MdmTransportStats = { connectionsOpened: 0, requests: 0 };

  constructor(options: MdmTransportOptions) {
    this.options = options;
    this.authorization = basicAuthorization(options.username, options.password);
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: "lifo", // reuse the warmest socket; idle extras time out on the server side
      // An array, even an empty one, replaces the default root store: only these certificates anchor trust.
      ca: [...options.trustedCertificatesPem],
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
      // Every new connection verifies the certificate afresh, so a certificate swap on the server shows.
      maxCachedSessions: 0,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
  }

  stats(): MdmTransportStats {
    return { ...this.counters };
  }

  /** Sends one request; resolves with 2xx answers, throws MdmError for everything else. */
  async request(request: MdmHttpRequest): Promise<MdmHttpResponse> {
    const started = Date.now();
    try {
      return await this.attempt(request);
    } catch (error) {
      // A keep-alive socket the server closed while idle fails on first write: retry an idempotent GET
      // once on a fresh connection (Node's documented pattern for `request.reusedSocket`).
      const remaining = request.timeoutMs - (Date.now() - started);
      if (error instanceof RetryableReuseError && request.method === "GET" && remaining > 0) {
        return this.attempt({ ...request, timeoutMs: remaining });
      }
      throw error instanceof RetryableReuseError ? error.mdmError : error;
    }
  }

  private attempt(request: MdmHttpRequest): Promise<MdmHttpResponse> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(new MdmError("ABORTED", "The call was cancelled"));
    this.counters.requests += 1;
    return new Promise<MdmHttpResponse>((resolve, reject) => {
      let settled = false;
      const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
      const req = https.request({
        agent: this.agent,
        host: this.options.host,
        port: this.options.port,
        method: request.method,
        path: request.path,
        headers: {
          Authorization: this.authorization,
          Accept: "application/xml, text/xml",
          "User-Agent": USER_AGENT,
          ...(body ? { "Content-Type": "application/xml; charset=utf-8", "Content-Length": String(body.length) } : {}),
        },
      });

      const finish = (error: unknown, value?: MdmHttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error === undefined && value) resolve(value);
        else reject(error);
      };
      const fail = (error: MdmError): void => {
        req.destroy(error);
        finish(error);
      };
      const timer = setTimeout(
        () => fail(new MdmError("TIMEOUT", `The MDM did not answer within ${request.timeoutMs} ms`)),
        request.timeoutMs,
      );
      const onAbort = (): void => fail(new MdmError("ABORTED", "The call was cancelled"));
      signal?.addEventListener("abort", onAbort, { once: true });

      req.on("socket", (socket) => {
        if (!this.knownSockets.has(socket)) {
          this.knownSockets.add(socket);
          this.counters.connectionsOpened += 1;
        }
      });
      req.on("error", (error) => {
        const mdmError = classifyTransportError(error);
        if (req.reusedSocket && mdmError.code === "CONNECTION_CLOSED") finish(new RetryableReuseError(mdmError));
        else finish(mdmError);
      });
      req.on("response", (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          // Drain so the socket can serve the next request; the status is the answer.
          response.resume();
          finish(httpStatusError(status, response.statusMessage));
          return;
        }
        readBody(response, this.options.maxResponseBytes, (error) => fail(error)).then(
          (text) => finish(undefined, { status, body: text }),
          (error: unknown) => finish(error),
        );
      });
      req.end(body);
    });
  }

  /** Closes idle connections and refuses to reuse any; in-flight requests finish or fail on their own. */
  close(): void {
    this.agent.destroy();
  }
}

/** Internal marker: the request failed on a reused keep-alive socket before any answer. */
class RetryableReuseError extends Error {
  constructor(readonly mdmError: MdmError) {
    super(mdmError.message);
  }
}
