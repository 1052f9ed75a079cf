import dns from "node:dns";
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import tls from "node:tls";
import {
  TEST_CONNECTION_MESSAGES,
  type MdmConnectionSettings,
  type TestConnectionOutcome,
  type TestConnectionResult,
  type TestConnectionStep,
} from "../../validation/mdm-connection";
import { discoveryPath } from "./client";
import { MdmError, classifyTransportError, httpStatusError, tlsVerifyErrorCode, type MdmErrorCode } from "./errors";
import { USER_AGENT, basicAuthorization, readBody } from "./http";
import { parseMdmInfo } from "./parser";
import { describeCertificate, describeVerifyFailure, findAnchor, peerChain, readTrustedCertificates } from "./tls-info";
import type { MdmDiscovery } from "./types";

/**
 * Test Connection (ise-mdm-reference §3.2): connect, authenticate and call `mdminfo` with the form's current
 * values, and explain the result. Runs each layer itself — DNS, TCP, TLS, HTTP, mdminfo — so the trace can
 * say where it failed and why; the answer is one outcome of the reference's table with exactly its
 * message. Credentials are only sent after the server's certificate verified. One deadline covers the
 * whole test.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface TestConnectionOptions {
  /** Cancels the test; the result then says the connection failed, with code ABORTED. */
  signal?: AbortSignal;
  /** Name resolution; defaults to the system resolver (dns.lookup, so /etc/hosts applies). */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Clock for certificate validity wording; default now. */
  now?: () => Date;
  /** Largest mdminfo answer accepted. Default 1 MiB. */
  maxResponseBytes?: number;
}

export const DEFAULT_TEST_CONNECTION_TIMEOUT_MS = 10_000;

type StepResult<T> = { ok: true; value: T } | { ok: false };

/** Outcome of §3.2 that an error code falls in. */
export function testConnectionOutcome(code: MdmErrorCode): TestConnectionOutcome {
  switch (code) {
    case "HTTP_401":
      return "HTTP_401";
    case "HTTP_403":
      return "HTTP_403";
    case "HTTP_404":
      return "HTTP_404";
    case "TLS_UNTRUSTED":
    case "TLS_EXPIRED":
    case "TLS_HOSTNAME":
      return "CERTIFICATE";
    case "DNS_FAILED":
    case "CONNECT_FAILED":
    case "CONNECTION_CLOSED":
    case "TIMEOUT":
    case "ABORTED":
    case "TLS_HANDSHAKE":
    case "HTTP_5XX":
    case "HTTP_OTHER":
    case "BAD_RESPONSE":
    case "RESPONSE_TOO_LARGE":
    case "UNSUPPORTED":
    case "INVALID_REQUEST":
      return "CONNECTION_FAILED";
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function nodeCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

const CONNECT_ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused (nothing listens on that port, or a firewall rejects the connection)",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  ECONNRESET: "the connection was reset",
  EADDRNOTAVAIL: "the address is not available from this machine",
};

export async function testConnection(
  settings: MdmConnectionSettings,
  options: TestConnectionOptions = {},
): Promise<TestConnectionResult> {
  const testedAt = new Date();
  const started = performance.now();
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TEST_CONNECTION_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const steps: TestConnectionStep[] = [];

  // One deadline for the whole test: every wait below ends when this signal fires.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new MdmError("TIMEOUT", `The test did not finish within its ${timeoutMs} ms deadline`)),
    timeoutMs,
  );
  const onCallerAbort = (): void => deadline.abort(new MdmError("ABORTED", "The test was cancelled"));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const signal = deadline.signal;

  let failure: MdmErrorCode | undefined;
  let discovery: MdmDiscovery | undefined;
  const sockets: net.Socket[] = [];

  /** Runs one layer; `run` returns the step's record, or throws an MdmError with the step detail. */
  async function step<T>(
    name: TestConnectionStep["name"],
    run: () => Promise<{ value: T; detail: string; data?: unknown }>,
    onError: (error: MdmError) => { detail: string; data?: unknown },
  ): Promise<StepResult<T>> {
    const stepStart = performance.now();
    try {
      const { value, detail, data } = await run();
      steps.push({
        name,
        ok: true,
        ms: round(performance.now() - stepStart),
        detail,
        ...(data ? { data } : {}),
      } as TestConnectionStep);
      return { ok: true, value };
    } catch (error) {
      const mdmError = signal.aborted && signal.reason instanceof MdmError ? signal.reason : classifyTransportError(error);
      failure = mdmError.code;
      const { detail, data } = onError(mdmError);
      steps.push({
        name,
        ok: false,
        ms: round(performance.now() - stepStart),
        detail,
        ...(data ? { data } : {}),
      } as TestConnectionStep);
      return { ok: false };
    }
  }

  /** Words for a step cut short by the deadline or the caller; undefined for any other failure. */
  const deadlineWords = (waitingFor: string, error: MdmError): string | undefined =>
    error.code === "TIMEOUT"
      ? `Still waiting for ${waitingFor} when the ${timeoutMs} ms deadline passed.`
      : error.code === "ABORTED"
        ? `Cancelled while waiting for ${waitingFor}.`
        : undefined;

  try {
    // 1. DNS
    const host = settings.host;
    const resolved = await step<ResolvedAddress[]>(
      "dns",
      async () => {
        const family = net.isIP(host);
        if (family !== 0) {
          const addresses = [{ address: host, family }];
          return { value: addresses, detail: `${host} is an IP address; no lookup needed.`, data: { addresses } };
        }
        const lookup = options.resolve ?? ((name: string) => dns.promises.lookup(name, { all: true, verbatim: true }));
        const addresses = await untilAborted(lookup(host), signal);
        if (addresses.length === 0) throw new MdmError("DNS_FAILED", `"${host}" resolved to no address`);
        return {
          value: addresses,
          detail: `${host} resolved to ${addresses.map((a) => a.address).join(", ")}.`,
          data: { addresses: addresses.map((a) => ({ address: a.address, family: a.family })) },
        };
      },
      (error) => ({
        detail:
          deadlineWords(`the name resolver to answer for "${host}"`, error) ??
          `The host name "${host}" did not resolve${error.nodeCode ? ` (${error.nodeCode})` : ""}: check its spelling and this machine's DNS.`,
      }),
    );
    if (!resolved.ok) return finish();

    // 2. TCP: try the addresses in resolver order until one accepts.
    const attempts: { address: string; ok: boolean; ms: number; error?: string }[] = [];
    const connected = await step<net.Socket>(
      "tcp",
      async () => {
        let lastError: unknown;
        for (const { address } of resolved.value) {
          const attemptStart = performance.now();
          try {
            const socket = await connectTcp(address, settings.port, signal, sockets);
            attempts.push({ address, ok: true, ms: round(performance.now() - attemptStart) });
            return {
              value: socket,
              detail: `Connected to ${formatAddress(address)}:${settings.port}.`,
              data: { address, port: settings.port, attempts },
            };
          } catch (error) {
            attempts.push({
              address,
              ok: false,
              ms: round(performance.now() - attemptStart),
              error: nodeCode(error) ?? String(error),
            });
            lastError = error;
            if (signal.aborted) break;
          }
        }
        throw lastError;
      },
      (error) => ({
        detail:
          deadlineWords(`a TCP connection to port ${settings.port}`, error) ??
          `No TCP connection to port ${settings.port} on ${resolved.value.map((a) => a.address).join(", ")}: ${
            CONNECT_ERROR_WORDS[error.nodeCode ?? ""] ?? error.message
          }.`,
        data: { port: settings.port, attempts },
      }),
    );
    if (!connected.ok) return finish();

    // 3. TLS: handshake with our trust list only, then judge the verification ourselves so the trace can
    // show the chain even when it fails. Nothing is sent over an unverified connection.
    const trusted = readTrustedCertificates(settings.trustedCertificatesPem);
    const serverName = host;
    const tlsResult = await step<tls.TLSSocket>(
      "tls",
      async () => {
        const socket = await handshake(connected.value, host, settings.trustedCertificatesPem, signal, sockets);
        const chain = peerChain(socket);
        const peerChainInfo = chain.map(describeCertificate);
        const protocol = socket.getProtocol() ?? undefined;
        const cipher = socket.getCipher()?.standardName ?? socket.getCipher()?.name;
        const base = {
          ...(protocol ? { protocol } : {}),
          ...(cipher ? { cipher } : {}),
          serverName,
          peerChain: peerChainInfo,
          trustedCertificates: trusted.certificates.length,
        };
        if (!socket.authorized) {
          const code = String(socket.authorizationError ?? "CERT_UNTRUSTED");
          const identityError =
            code === "ERR_TLS_CERT_ALTNAME_INVALID"
              ? tls.checkServerIdentity(serverName, socket.getPeerCertificate(true))
              : undefined;
          const words = describeVerifyFailure({
            code,
            chain,
            trustedCount: trusted.certificates.length,
            serverName,
            now: now(),
            ...(identityError ? { identityMessage: identityError.message } : {}),
          });
          throw new TlsVerifyFailure(tlsVerifyErrorCode(code) ?? "TLS_UNTRUSTED", words, { ...base, verifyErrorCode: code });
        }
        const anchorIndex = findAnchor(chain, trusted.certificates);
        const anchorCertificate = anchorIndex === undefined ? undefined : trusted.certificates[anchorIndex];
        const anchor = anchorCertificate
          ? { ...describeCertificate(anchorCertificate), trustIndex: anchorIndex ?? 0 }
          : undefined;
        const leaf = peerChainInfo[0];
        return {
          value: socket,
          detail: `${protocol ?? "TLS"}${cipher ? ` with ${cipher}` : ""}; "${leaf?.subject ?? "(no certificate)"}" verified${
            anchor ? ` by the trusted certificate "${anchor.subject}"` : ""
          } and names ${serverName}.`,
          data: { ...base, ...(anchor ? { anchor } : {}) },
        };
      },
      (error) => {
        if (error instanceof TlsVerifyFailure) return { detail: error.message, data: error.data };
        return {
          detail:
            deadlineWords("the TLS handshake", error) ??
            `${error.message}${/wrong version number|packet length too long|http request/i.test(error.message) ? " (is this port serving HTTPS?)" : ""}.`,
          data: { serverName, peerChain: [], trustedCertificates: trusted.certificates.length },
        };
      },
    );
    if (!tlsResult.ok) return finish();

    // 4. HTTP: GET mdminfo with Basic auth over the verified connection (§1.1).
    const path = discoveryPath(settings.instance, 3);
    const httpData: {
      method: "GET";
      path: string;
      status?: number;
      statusText?: string;
      contentType?: string;
      location?: string;
      bytes?: number;
    } = {
      method: "GET",
      path,
    };
    const answered = await step<string>(
      "http",
      async () => {
        const { status, statusText, headers, body } = await getOverSocket(tlsResult.value, {
          host,
          port: settings.port,
          path,
          authorization: basicAuthorization(settings.username, settings.password),
          maxBytes: options.maxResponseBytes ?? 1024 * 1024,
          signal,
        });
        httpData.status = status;
        if (statusText) httpData.statusText = statusText;
        if (typeof headers["content-type"] === "string") httpData.contentType = headers["content-type"];
        if (typeof headers.location === "string") httpData.location = headers.location;
        if (status < 200 || status > 299) throw httpStatusError(status, statusText);
        httpData.bytes = Buffer.byteLength(body);
        return {
          value: body,
          detail: `GET ${path} answered ${status}${statusText ? ` ${statusText}` : ""} (${httpData.bytes} bytes).`,
          data: httpData,
        };
      },
      (error) => ({
        detail:
          deadlineWords(`an HTTP answer to GET ${path}`, error) ?? httpFailureWords(error, path, settings.instance, httpData),
        data: httpData,
      }),
    );
    if (!answered.ok) return finish();

    // 5. mdminfo: the answer must be the discovery document.
    await step<MdmDiscovery>(
      "mdminfo",
      async () => {
        const parsed = parseMdmInfo(answered.value, 3);
        discovery = parsed;
        return { value: parsed, detail: discoveryWords(parsed), data: parsed };
      },
      (error) => ({ detail: `The answer is not a usable mdminfo document: ${error.message}.` }),
    );
    return finish();
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
    // Outermost first: destroying a raw socket under a live TLS wrapper crashes Node 20 (SIGSEGV).
    for (const socket of sockets.reverse()) socket.destroy();
  }

  function finish(): TestConnectionResult {
    const outcome: TestConnectionOutcome = failure ? testConnectionOutcome(failure) : "SUCCESS";
    const { message, hint } = TEST_CONNECTION_MESSAGES[outcome];
    return {
      outcome,
      ok: outcome === "SUCCESS",
      message,
      hint,
      ...(failure ? { errorCode: failure } : {}),
      steps,
      ...(discovery && outcome === "SUCCESS" ? { discovery } : {}),
      totalMs: round(performance.now() - started),
      testedAt: testedAt.toISOString(),
    };
  }
}

/** A certificate verification failure: carries the TLS step's data so the trace keeps the chain. */
class TlsVerifyFailure extends MdmError {
  constructor(
    code: MdmErrorCode,
    message: string,
    readonly data: unknown,
  ) {
    super(code, message);
  }
}

function formatAddress(address: string): string {
  return net.isIPv6(address) ? `[${address}]` : address;
}

function httpFailureWords(
  error: MdmError,
  path: string,
  instance: string | undefined,
  data: { status?: number; statusText?: string; location?: string },
): string {
  const answer =
    data.status === undefined ? undefined : `GET ${path} answered ${data.status}${data.statusText ? ` ${data.statusText}` : ""}`;
  switch (error.code) {
    case "HTTP_401":
      return `${answer}: the server refused the user name and password.`;
    case "HTTP_403":
      return `${answer}: the account authenticated but has no MDM API role.`;
    case "HTTP_404":
      return `${answer}: no MDM API at this path (${instance ? `instance "${instance}" — is it the right one, or needed at all?` : "no instance set — does the provider require one?"}).`;
    case "HTTP_5XX":
      return `${answer}: the MDM failed internally. The settings may be right; check the MDM server and try again.`;
    case "HTTP_OTHER":
      return data.location
        ? `${answer}: a redirect to ${data.location}. The MDM API does not answer at this host, port and instance.`
        : `${answer}, which the MDM API does not use.`;
    case "RESPONSE_TOO_LARGE":
      return `The answer to GET ${path} is larger than an mdminfo document can be: ${error.message}.`;
    default:
      return `No HTTP answer to GET ${path}: ${error.message}.`;
  }
}

function discoveryWords(discovery: MdmDiscovery): string {
  const product = [discovery.vendor, discovery.productName, discovery.productVersion].filter(Boolean).join(" ");
  const parts = [`MDM API v${discovery.apiVersion} at ${discovery.apiPath}`];
  if (product) parts.push(product);
  if (discovery.queryMaxSize !== undefined) parts.push(`up to ${discovery.queryMaxSize} devices per query`);
  parts.push(discovery.messagingSupport ? "messaging supported" : "no messaging");
  if (discovery.redirectUrl) parts.push(`enrolment portal ${discovery.redirectUrl}`);
  return `${parts.join("; ")}.`;
}

/** Settles with `promise`, or rejects with the signal's reason once it fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function connectTcp(address: string, port: number, signal: AbortSignal, sockets: net.Socket[]): Promise<net.Socket> {
  const socket = net.connect({ host: address, port });
  sockets.push(socket);
  return untilAborted(
    new Promise<net.Socket>((resolve, reject) => {
      socket.once("connect", () => {
        socket.removeAllListeners("error");
        resolve(socket);
      });
      socket.once("error", reject);
    }),
    signal,
  );
}

function handshake(
  socket: net.Socket,
  host: string,
  trustedPems: readonly string[],
  signal: AbortSignal,
  sockets: net.Socket[],
): Promise<tls.TLSSocket> {
  const secure = tls.connect({
    socket,
    host, // checkServerIdentity compares against this
    ...(net.isIP(host) === 0 ? { servername: host } : {}), // RFC 6066 §3: SNI carries DNS names only
    ca: [...trustedPems], // an array, even empty, replaces the OS roots
    rejectUnauthorized: false, // judged by the caller from socket.authorized, before any data is sent
    minVersion: "TLSv1.2",
    ALPNProtocols: ["http/1.1"],
  });
  sockets.push(secure);
  return untilAborted(
    new Promise<tls.TLSSocket>((resolve, reject) => {
      secure.once("secureConnect", () => {
        secure.removeAllListeners("error");
        // Errors after this point surface through the HTTP request using the socket.
        secure.on("error", () => undefined);
        resolve(secure);
      });
      secure.once("error", reject);
    }),
    signal,
  );
}

interface GetOverSocketOptions {
  host: string;
  port: number;
  path: string;
  authorization: string;
  maxBytes: number;
  signal: AbortSignal;
}

/** One HTTP/1.1 GET on an already verified TLS socket. */
function getOverSocket(
  socket: tls.TLSSocket,
  options: GetOverSocketOptions,
): Promise<{ status: number; statusText: string | undefined; headers: http.IncomingHttpHeaders; body: string }> {
  const hostHeader = `${formatAddress(options.host)}${options.port === 443 ? "" : `:${options.port}`}`;
  return untilAborted(
    new Promise((resolve, reject) => {
      const request = http.request({
        createConnection: () => socket,
        method: "GET",
        path: options.path,
        headers: {
          Host: hostHeader,
          Authorization: options.authorization,
          Accept: "application/xml, text/xml",
          "User-Agent": USER_AGENT,
          Connection: "close",
        },
      });
      request.once("error", (error) => reject(classifyTransportError(error)));
      request.once("response", (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          // The status is the answer; an error page's body is not needed (and may be large).
          response.resume();
          resolve({ status, statusText: response.statusMessage, headers: response.headers, body: "" });
          return;
        }
        readBody(response, options.maxBytes, () => request.destroy()).then(
          (body) => resolve({ status, statusText: response.statusMessage, headers: response.headers, body }),
          reject,
        );
      });
      options.signal.addEventListener("abort", () => request.destroy(), { once: true });
      request.end();
    }),
    options.signal,
  );
}
