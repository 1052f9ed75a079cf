// Sign-in throttling: guessing passwords must cost the guesser, not the administrator. Failures are counted
// per account and per client address over a sliding window; past the limit, sign-ins for that account (or
// from that address) are refused without checking the password until the lockout ends. A success clears the
// account's count. In memory: the console runs as one web process (a restart forgets counts, which only ever
// shortens a lockout).

export interface LoginThrottleOptions {
  /** Failures per account within the window before it is locked. */
  maxFailuresPerAccount: number;
  /** Failures from one client address within the window (across accounts: password spraying). */
  maxFailuresPerAddress: number;
  windowMs: number;
  lockoutMs: number;
  now?: () => number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; scope: "account" | "address" };

interface Counter {
  failures: number[];
  lockedUntil: number;
}

/** Kept per map at most; beyond it the oldest counters go (an attacker cannot grow memory without bound). */
const MAX_KEYS = 100_000;

export class LoginThrottle {
  readonly #accounts = new Map<string, Counter>();
  readonly #addresses = new Map<string, Counter>();
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  check(username: string, address: string): ThrottleVerdict {
    const now = this.#now();
    const account = this.#accounts.get(accountKey(username));
    if (account && account.lockedUntil > now)
      return { allowed: false, retryAfterMs: account.lockedUntil - now, scope: "account" };
    const source = this.#addresses.get(address);
    if (source && source.lockedUntil > now) return { allowed: false, retryAfterMs: source.lockedUntil - now, scope: "address" };
    return { allowed: true };
  }

  /** Counts a failed sign-in; returns which lock it started, if any (for the audit log). */
  recordFailure(username: string, address: string): "account" | "address" | undefined {
    const now = this.#now();
    const accountLocked = this.#count(this.#accounts, accountKey(username), this.#options.maxFailuresPerAccount, now);
    const addressLocked = this.#count(this.#addresses, address, this.#options.maxFailuresPerAddress, now);
    return accountLocked ? "account" : addressLocked ? "address" : undefined;
  }

  recordSuccess(username: string): void {
    this.#accounts.delete(accountKey(username));
  }

  #count(map: Map<string, Counter>, key: string, limit: number, now: number): boolean {
    let counter = map.get(key);
    if (!counter) {
      if (map.size >= MAX_KEYS) map.delete(map.keys().next().value!);
      counter = { failures: [], lockedUntil: 0 };
      map.set(key, counter);
    }
    counter.failures = counter.failures.filter((at) => now - at < this.#options.windowMs);
    counter.failures.push(now);
    if (counter.failures.length < limit) return false;
    counter.failures = [];
    counter.lockedUntil = now + this.#options.lockoutMs;
    return true;
  }
}

/** User names are unique case-sensitively in the database, but a lock must not be dodged by changing case. */
function accountKey(username: string): string {
  return username.trim().toLowerCase();
}

/** "15 minutes", "1 minute", "40 seconds": how long the lockout still lasts, rounded up. */
export function describeRetryAfter(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  }
  const minutes = Math.ceil(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
