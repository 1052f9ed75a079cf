// The TLS side of EAP-TLS (RFC 5216, RFC 9190) on node:tls, with no socket: ONE non-listening tls.Server per
// configuration, and per EAP conversation an in-memory Duplex handed to it with `server.emit('connection')`.
// The server (not a bare TLSSocket) is what applies `rejectUnauthorized` to the client certificate: a
// TLSSocket built by hand accepts a certificate from an unknown CA.
//
// Flights: node says nothing when a flight is complete, so the output records are parsed (tls-records.ts);
// a TLS 1.3 flight is protected, and ends when the stack has sent its Finished (first flight) or once the
// commitment message is out (last flight). The TLSSocket of a conversation is found through node's key log
// event, which names the ClientHello's random: the one public place where the server hands out the socket
// before the handshake ends (needed to read a verify error and to destroy the socket first).
import crypto from "node:crypto";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { clientHelloRandom, ServerFlightTracker } from "./tls-records";
import { tlsAlertFailure, tlsFailureOf, type TlsFailure } from "./tls-failures";

export type TlsProtocol = "TLSv1.2" | "TLSv1.3";

export interface EapTlsServerOptions {
  /** The EAP server certificate (PEM; may include intermediates) and its private key. */
  certificatePem: string;
  privateKeyPem: string;
  /** Trust anchors for client certificates (TrustedCertificate rows trusted for client authentication). */
  clientCaPems: readonly string[];
  minVersion?: TlsProtocol;
  maxVersion?: TlsProtocol;
  /** TLS 1.2 sessions kept for resumption by session id. Default 10 000. */
  sessionCacheSize?: number;
  /** How long a session can be resumed, seconds (TLS 1.2 ids and TLS 1.3 tickets). Default 3600. */
  sessionLifetimeSeconds?: number;
  /** 48 octets; share them between processes so TLS 1.3 tickets work across them. Default: random. */
  ticketKeys?: Buffer;
}

/** What a completed handshake yields. */
export interface EstablishedSession {
  protocol: TlsProtocol;
  cipher: string;
  resumed: boolean;
  /** RFC 5216 §2.3 / RFC 9190 §2.3: Key_Material[0..63]. */
  msk: Buffer;
  /** The client's certificate (on resumption: the one stored with the session). */
  peerCertificate: crypto.X509Certificate | undefined;
}

export type FlightOutcome =
  /** Send this flight and wait for the peer's next message. */
  | { kind: "flight"; data: Buffer }
  /** The handshake is done: send `data` (the last flight, possibly empty), then EAP-Success. */
  | { kind: "established"; data: Buffer; session: EstablishedSession }
  | { kind: "failed"; failure: TlsFailure };

/** RFC 5216 §2.3 (TLS 1.2) and RFC 9190 §2.3 (TLS 1.3): Key_Material = 128 octets from the TLS exporter. */
export function exportKeyMaterial(socket: tls.TLSSocket, protocol: TlsProtocol): Buffer {
  return protocol === "TLSv1.3"
    ? socket.exportKeyingMaterial(128, "EXPORTER_EAP_TLS_Key_Material", Buffer.from([0x0d]))
    : // RFC 5705 §4: no context at all (not an empty one), so PRF(master, label, client.random + server.random).
      socket.exportKeyingMaterial(128, "client EAP encryption", undefined as unknown as Buffer);
}

export class EapTlsServer {
  readonly #server: tls.Server;
  readonly #byRandom = new Map<string, TlsHandshake>();
  readonly #bySocket = new WeakMap<tls.TLSSocket, TlsHandshake>();
  readonly #sessions = new Map<string, Buffer>();
  readonly #sessionCacheSize: number;
  readonly #live = new Set<TlsHandshake>();
  /** False when no CA is trusted for client authentication: every client certificate would fail. */
  readonly hasClientAnchors: boolean;

  constructor(options: EapTlsServerOptions) {
    this.hasClientAnchors = options.clientCaPems.length > 0;
    this.#sessionCacheSize = options.sessionCacheSize ?? 10_000;
    this.#server = tls.createServer({
      cert: options.certificatePem,
      key: options.privateKeyPem,
      // Only these anchors: an array (even empty) keeps node from adding its bundled public roots.
      ca: [...options.clientCaPems],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: options.minVersion ?? "TLSv1.2",
      maxVersion: options.maxVersion ?? "TLSv1.3",
      sessionTimeout: options.sessionLifetimeSeconds ?? 3600,
      ticketKeys: options.ticketKeys ?? crypto.randomBytes(48),
      // The conversation table expires stalled conversations first; this is a backstop.
      handshakeTimeout: 120_000,
    });
    // RFC 5077 / RFC 5246 §7.4.1.2: session-id resumption through a bounded cache (oldest dropped first).
    this.#server.on("newSession", (id: Buffer, data: Buffer, done: () => void) => {
      this.#sessions.set(id.toString("hex"), data);
      if (this.#sessions.size > this.#sessionCacheSize) {
        const oldest = this.#sessions.keys().next();
        if (!oldest.done) this.#sessions.delete(oldest.value);
      }
      done();
    });
    this.#server.on("resumeSession", (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
      done(null, this.#sessions.get(id.toString("hex")) ?? null);
    });
    // Registered before any connection: node enables the key log per socket only when a listener exists.
    this.#server.on("keylog", (line: Buffer, socket: tls.TLSSocket) => {
      if (this.#bySocket.has(socket)) return;
      const random = line.toString("latin1").split(" ")[1];
      const handshake = random ? this.#byRandom.get(random.toLowerCase()) : undefined;
      if (!handshake) return;
      this.#bySocket.set(socket, handshake);
      handshake.attach(socket);
    });
    this.#server.on("secureConnection", (socket: tls.TLSSocket) => this.#bySocket.get(socket)?.onSecure(socket));
    this.#server.on("tlsClientError", (error: NodeJS.ErrnoException, socket: tls.TLSSocket) =>
      this.#bySocket.get(socket)?.onError(tlsFailureOf(socket.authorizationError as unknown as string | undefined, error)),
    );
  }

  /** Sessions held for TLS 1.2 resumption. */
  get cachedSessions(): number {
    return this.#sessions.size;
  }

  /** Handshakes under way. */
  get liveHandshakes(): number {
    return this.#live.size;
  }

  /** A new handshake for one EAP conversation. */
  handshake(): TlsHandshake {
    const handshake = new TlsHandshake({
      register: (random) => {
        if (this.#byRandom.has(random)) return false;
        this.#byRandom.set(random, handshake);
        return true;
      },
      release: (random) => {
        if (random !== undefined && this.#byRandom.get(random) === handshake) this.#byRandom.delete(random);
        this.#live.delete(handshake);
      },
      connect: (duplex) => this.#server.emit("connection", duplex),
    });
    this.#live.add(handshake);
    return handshake;
  }

  /** Ends every handshake under way (configuration change, shutdown). */
  close(): void {
    for (const handshake of [...this.#live]) handshake.destroy();
    this.#sessions.clear();
  }
}

type HandshakeState = "new" | "awaiting-output" | "awaiting-client" | "done";

interface HandshakeHooks {
  register(random: string): boolean;
  release(random: string | undefined): void;
  connect(duplex: Duplex): void;
}

/**
 * One conversation's TLS handshake: `feed` the peer's reassembled TLS message, get the server's next flight
 * (or the end). One `feed` at a time.
 */
export class TlsHandshake {
  readonly #hooks: HandshakeHooks;
  readonly #duplex: Duplex;
  readonly #tracker = new ServerFlightTracker();
  #socket: tls.TLSSocket | undefined;
  #random: string | undefined;
  #state: HandshakeState = "new";
  #output: Buffer[] = [];
  #resolve: ((outcome: FlightOutcome) => void) | undefined;
  #session: EstablishedSession | undefined;
  #commitmentSent = false;
  #failure: TlsFailure | undefined;

  constructor(hooks: HandshakeHooks) {
    this.#hooks = hooks;
    this.#duplex = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        this.#output.push(chunk);
        this.#tracker.push(chunk);
        callback();
        this.#check();
      },
    });
    // The TLS stack closes the duplex when its socket goes (never the other way round, see destroy()). Once
    // the socket is known its own "close" decides instead: node reports the reason (tlsClientError) from
    // an earlier listener of that event, so the reason is in by then.
    this.#duplex.on("close", () => {
      if (this.#state !== "done" && !this.#socket) this.#fail(ABORTED);
    });
    this.#duplex.on("error", () => {});
  }

  get protocol(): string {
    return this.#tracker.version;
  }

  /** Feeds one complete TLS message from the peer; resolves with what to send back. */
  feed(bytes: Buffer): Promise<FlightOutcome> {
    if (this.#state === "done") return Promise.resolve({ kind: "failed", failure: this.#failure ?? CLOSED });
    if (this.#resolve) return Promise.resolve({ kind: "failed", failure: BUSY });
    if (this.#state === "new") {
      const random = clientHelloRandom(bytes);
      if (!random) return Promise.resolve(this.#fail({ code: "EAP_TLS_NO_CLIENT_HELLO", message: NO_HELLO }));
      this.#random = random.toString("hex");
      // A replayed ClientHello would make two conversations share one key-log name.
      if (!this.#hooks.register(this.#random)) {
        this.#random = undefined;
        return Promise.resolve(
          this.#fail({ code: "EAP_TLS_REPLAYED_HELLO", message: "ClientHello replayed from another conversation" }),
        );
      }
      this.#hooks.connect(this.#duplex);
    }
    this.#state = "awaiting-output";
    this.#tracker.startFlight();
    this.#output = [];
    const outcome = new Promise<FlightOutcome>((resolve) => (this.#resolve = resolve));
    this.#duplex.push(bytes);
    return outcome;
  }

  /** From the server's key log: this handshake's socket. */
  attach(socket: tls.TLSSocket): void {
    this.#socket = socket;
    socket.once("close", () => {
      if (this.#state !== "done") this.#fail(ABORTED);
    });
    this.#check();
  }

  onSecure(socket: tls.TLSSocket): void {
    this.#socket = socket;
    const protocol = socket.getProtocol() === "TLSv1.3" ? "TLSv1.3" : "TLSv1.2";
    this.#session = {
      protocol,
      cipher: socket.getCipher().name,
      resumed: socket.isSessionReused(),
      msk: exportKeyMaterial(socket, protocol).subarray(0, 64),
      peerCertificate: socket.getPeerX509Certificate(),
    };
    if (protocol === "TLSv1.3") {
      // RFC 9190 §2.5: the commitment message (one octet 0x00 of application data) follows OpenSSL's
      // NewSessionTickets; written from this callback it would go out before them and break resumption.
      setImmediate(() => {
        if (this.#state === "done" || socket.destroyed) return;
        socket.write(Buffer.of(0), () => {
          this.#commitmentSent = true;
          this.#check();
        });
      });
    }
    this.#check();
  }

  onError(failure: TlsFailure): void {
    this.#fail(failure);
  }

  /**
   * Ends the handshake. The TLS socket goes first and closes the duplex itself: destroying the duplex
   * under a live TLS socket crashes node 20. Before the socket is known, end-of-stream makes it close.
   */
  destroy(): void {
    if (this.#state !== "done") this.#fail(CLOSED);
    this.#teardown();
  }

  #teardown(): void {
    if (this.#socket) {
      if (!this.#socket.destroyed) this.#socket.destroy();
    } else if (!this.#duplex.destroyed && this.#random !== undefined) {
      this.#duplex.push(null);
    } else if (!this.#duplex.destroyed) {
      // Never handed to the TLS server: nothing sits on top of it.
      this.#duplex.destroy();
    }
    this.#hooks.release(this.#random);
  }

  #fail(failure: TlsFailure): FlightOutcome {
    const outcome: FlightOutcome = { kind: "failed", failure };
    if (this.#state === "done") return outcome;
    this.#failure = failure;
    this.#state = "done";
    this.#resolveWith(outcome);
    this.#teardown();
    return outcome;
  }

  #resolveWith(outcome: FlightOutcome): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#output = [];
    resolve?.(outcome);
  }

  #take(): Buffer {
    return this.#output.length === 1 ? this.#output[0]! : Buffer.concat(this.#output);
  }

  /** Decides, after every event, whether the flight under way is complete. */
  #check(): void {
    if (!this.#resolve || this.#state !== "awaiting-output") return;
    const tracker = this.#tracker;
    if (tracker.malformed) {
      this.#fail({ code: "TLS_OUTPUT_MALFORMED", message: "Internal TLS error: unparseable server output" });
      return;
    }
    const session = this.#session;
    if (session) {
      const lastFlightOut =
        session.protocol === "TLSv1.3"
          ? this.#commitmentSent
          : // TLS 1.2: a resumed handshake ends with the client's Finished (nothing more to send);
            // a full one with the server's ChangeCipherSpec + Finished.
            session.resumed || (tracker.sawFinishedAfterCcs && tracker.atRecordBoundary);
      if (lastFlightOut) {
        this.#state = "done";
        this.#resolveWith({ kind: "established", data: this.#take(), session });
      }
      return;
    }
    if (tracker.sawFatalAlert) {
      this.#fail(tlsAlertFailure(tracker.alertDescription));
      return;
    }
    if (!tracker.atRecordBoundary) return;
    const flightOver =
      tracker.version === "tls1.2"
        ? // The first flight (full: ServerHelloDone; abbreviated: CCS + Finished after a ServerHello).
          // CCS + Finished without a ServerHello ends a full handshake: wait for the stack's "secure".
          tracker.sawServerHelloDone || (tracker.sawFinishedAfterCcs && tracker.sawServerHello)
        : tracker.version === "tls1.3"
          ? tracker.protectedRecords > 0 && this.#socket?.getFinished() !== undefined
          : false;
    if (flightOver) {
      this.#state = "awaiting-client";
      this.#resolveWith({ kind: "flight", data: this.#take() });
    }
  }
}

const ABORTED: TlsFailure = { code: "TLS_CLOSED", message: "The TLS handshake was aborted" };
const CLOSED: TlsFailure = { code: "EAP_TLS_CLOSED", message: "The EAP-TLS conversation ended" };
const BUSY: TlsFailure = { code: "EAP_TLS_BUSY", message: "A TLS message arrived while the previous one was being processed" };
const NO_HELLO = "The peer's first EAP-TLS message is not a TLS ClientHello";
