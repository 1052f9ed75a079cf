// The EAP-TLS server of the configuration: rebuilt only when the EAP certificate or the client trust
// anchors change, so TLS sessions (resumption) and handshakes under way survive unrelated configuration
// changes.
import crypto from "node:crypto";
import type { EngineEapConfig } from "../../db/engine-config";
import { EapTlsServer, type EapTlsServerOptions } from "./tls-server";

export interface EapRuntime {
  server: EapTlsServer | undefined;
  /** Why EAP-TLS is unavailable, for the Live Log. */
  unavailableReason: string | undefined;
}

export class EapServerPool {
  #key: string | undefined;
  #server: EapTlsServer | undefined;
  #ticketKeys = crypto.randomBytes(48);
  readonly #options: Partial<EapTlsServerOptions>;

  constructor(options: Partial<EapTlsServerOptions> = {}) {
    this.#options = options;
  }

  runtimeFor(config: EngineEapConfig | undefined, log: (message: string) => void): EapRuntime {
    if (!config?.server) {
      this.close();
      return { server: undefined, unavailableReason: "no EAP server certificate is configured" };
    }
    const key = crypto
      .createHash("sha256")
      .update(JSON.stringify([config.server.id, config.server.certificatePem, config.server.privateKeyPem, config.clientCaPems]))
      .digest("hex");
    if (key === this.#key && this.#server) return { server: this.#server, unavailableReason: undefined };
    this.close();
    try {
      this.#server = new EapTlsServer({
        ...this.#options,
        certificatePem: config.server.certificatePem,
        privateKeyPem: config.server.privateKeyPem,
        clientCaPems: config.clientCaPems,
        // Kept across rebuilds: TLS 1.3 tickets issued before a trust change still decrypt (and the peer's
        // certificate is verified again on the full handshake a rejected ticket leads to).
        ticketKeys: this.#ticketKeys,
      });
      this.#key = key;
      return { server: this.#server, unavailableReason: undefined };
    } catch (error) {
      const reason = `the EAP server certificate or key cannot be used (${(error as Error).message.split("\n")[0]})`;
      log(`EAP-TLS disabled: ${reason}`);
      return { server: undefined, unavailableReason: reason };
    }
  }

  close(): void {
    this.#server?.close();
    this.#server = undefined;
    this.#key = undefined;
  }
}
