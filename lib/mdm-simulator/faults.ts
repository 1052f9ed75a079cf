/**
 * Fault switches: how the simulator misbehaves on purpose, so that the product's error handling
 * (Test Connection messages, timeouts, MDMServerReachable) can be seen and tested.
 */
import { describeZodError, faultsPatchSchema } from "./schemas";
import type { SimFaults } from "./types";

export const DEFAULT_FAULTS: Readonly<SimFaults> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  hang: false,
  reset: false,
  certificate: "valid",
  dialect: "cisco",
  serverBusyWaitSeconds: 0,
});

export class FaultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultsError";
  }
}

/** Validates a partial update (unknown keys and out-of-range values are rejected) and applies it. */
export function applyFaultsPatch(current: SimFaults, patch: unknown): SimFaults {
  const parsed = faultsPatchSchema.safeParse(patch);
  if (!parsed.success) throw new FaultsError(`Invalid faults: ${describeZodError(parsed.error)}`);
  const next: SimFaults = { ...current };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

/** The delay before answering: fixed latency plus uniform jitter in [0, jitterMs]. */
export function sampleDelayMs(faults: SimFaults, random: () => number = Math.random): number {
  return faults.latencyMs + (faults.jitterMs > 0 ? Math.round(random() * faults.jitterMs) : 0);
}

/** The injected server error for this request, if any: 500 or 503 with equal odds. */
export function sampleInjectedError(faults: SimFaults, random: () => number = Math.random): 500 | 503 | null {
  if (faults.errorRate <= 0 || random() >= faults.errorRate) return null;
  return random() < 0.5 ? 500 : 503;
}
