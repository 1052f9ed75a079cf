// EAP conversations in progress, keyed by the RADIUS State attribute the server hands out in each
// Access-Challenge (RFC 2865 §5.24, RFC 3579 §2.6.1). Bounded: a handshake holds a TLS session and memory,
// so past `maxConcurrent` a new conversation is refused (the caller rejects it, logs why, counts it) rather
// than letting a flood of EAP-Starts exhaust the engine. Idle conversations expire.
import crypto from "node:crypto";
import type { EapTlsConversation } from "./eap-tls";

export interface ConversationTableOptions {
  /** Conversations in progress at most. Default 2048. */
  maxConcurrent?: number;
  /** A conversation idle for this long is dropped (NADs give up after 3 × 5 s). Default 30 s. */
  idleTimeoutMs?: number;
  now?: () => number;
}

interface Entry {
  conversation: EapTlsConversation;
  expiresAt: number;
}

export type OpenResult = { ok: true; state: Buffer } | { ok: false; reason: string };

/** State values start with this so a stray State from another server is told apart at a glance in captures. */
const STATE_PREFIX = Buffer.from("GHEAP", "latin1");

export class ConversationTable {
  readonly #entries = new Map<string, Entry>();
  readonly #maxConcurrent: number;
  readonly #idleTimeoutMs: number;
  readonly #now: () => number;
  /** Conversations refused because the table was full, and ended by expiry. */
  readonly stats = { refused: 0, expired: 0 };

  constructor(options: ConversationTableOptions = {}) {
    this.#maxConcurrent = options.maxConcurrent ?? 2048;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get maxConcurrent(): number {
    return this.#maxConcurrent;
  }

  /** Registers a new conversation under a fresh random State, unless the bound is reached. */
  open(conversation: EapTlsConversation): OpenResult {
    if (this.#entries.size >= this.#maxConcurrent) this.sweep();
    if (this.#entries.size >= this.#maxConcurrent) {
      this.stats.refused += 1;
      conversation.destroy();
      return {
        ok: false,
        reason: `Too many EAP conversations in progress (${this.#maxConcurrent}): new EAP-TLS authentications are refused until some finish`,
      };
    }
    const state = Buffer.concat([STATE_PREFIX, crypto.randomBytes(16)]);
    this.#entries.set(state.toString("hex"), { conversation, expiresAt: this.#now() + this.#idleTimeoutMs });
    return { ok: true, state };
  }

  /** The conversation a State names, if still alive; each use extends its life. */
  get(state: Buffer): EapTlsConversation | undefined {
    const key = state.toString("hex");
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const now = this.#now();
    if (entry.expiresAt <= now) {
      this.#expire(key, entry);
      return undefined;
    }
    entry.expiresAt = now + this.#idleTimeoutMs;
    return entry.conversation;
  }

  /** Ends a conversation (finished or failed). */
  close(state: Buffer): void {
    const key = state.toString("hex");
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    entry.conversation.destroy();
  }

  /** Drops idle conversations; returns how many. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#expire(key, entry);
        removed += 1;
      }
    }
    return removed;
  }

  /** Ends everything (configuration change of the EAP certificate, shutdown). */
  clear(): void {
    for (const entry of this.#entries.values()) entry.conversation.destroy();
    this.#entries.clear();
  }

  #expire(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.stats.expired += 1;
    entry.conversation.destroy();
  }
}
