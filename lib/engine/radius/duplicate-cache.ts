// Retransmission detection (RFC 5080 §2.2.2): a request from the same source address and port with the same
// Identifier and Request Authenticator is the same request. While it is being answered, copies are dropped;
// once answered, copies get the cached reply, byte for byte, without evaluating anything again.

export type DuplicateCheck =
  /** Not seen: process it (and call `complete` or `forget` when done). */
  | { kind: "new" }
  /** Seen and still being processed: drop this copy. */
  | { kind: "in-progress" }
  /** Seen and answered: send this reply again. */
  | { kind: "answered"; reply: Buffer };

interface Entry {
  authenticator: Buffer;
  reply: Buffer | undefined;
  expiresAt: number;
}

export interface DuplicateCacheOptions {
  /** How long an answer is kept for retransmissions, ms (NADs retry for ~3 × 5 s). Default 30 s. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. Default 200 000. */
  maxEntries?: number;
  now?: () => number;
}

const NEW: DuplicateCheck = { kind: "new" };
const IN_PROGRESS: DuplicateCheck = { kind: "in-progress" };

export class DuplicateCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: DuplicateCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 200_000;
    this.#now = options.now ?? Date.now;
  }

  static key(address: string, port: number, identifier: number): string {
    return `${address}|${port}|${identifier}`;
  }

  /**
   * Looks the request up and, when new, records it as in progress. A different authenticator under the
   * same key is a new request (the NAD reused the Identifier): it replaces the old entry.
   */
  begin(key: string, authenticator: Buffer): DuplicateCheck {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now && entry.authenticator.equals(authenticator)) {
      return entry.reply ? { kind: "answered", reply: entry.reply } : IN_PROGRESS;
    }
    if (entry) {
      // The NAD cycles through its 256 Identifiers: the usual case is an entry to reuse in place (no
      // allocation per request). It keeps its place in the eviction order, which is only approximate anyway.
      authenticator.copy(entry.authenticator);
      entry.reply = undefined;
      entry.expiresAt = now + this.#ttlMs;
      return NEW;
    }
    // Copy: the authenticator is a view into a datagram we do not keep.
    this.#entries.set(key, { authenticator: Buffer.from(authenticator), reply: undefined, expiresAt: now + this.#ttlMs });
    if (this.#entries.size > this.#maxEntries) this.#evictOldest();
    return NEW;
  }

  complete(key: string, authenticator: Buffer, reply: Buffer): void {
    const entry = this.#entries.get(key);
    if (entry && entry.authenticator.equals(authenticator)) {
      entry.reply = reply;
      entry.expiresAt = this.#now() + this.#ttlMs;
    }
  }

  /** The request was dropped: a retransmission may be processed afresh. */
  forget(key: string, authenticator: Buffer): void {
    const entry = this.#entries.get(key);
    if (entry && entry.authenticator.equals(authenticator)) this.#entries.delete(key);
  }

  /** Drops expired entries; the engine calls it every few seconds. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evictOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}
