// Engine metrics in the Prometheus text exposition format (version 0.0.4): counters with labels and
// fixed-bucket histograms. Hot-path updates are a Map lookup and an increment.

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
  );
  return parts.length ? `{${parts.join(",")}}` : "";
}

export class Counter {
  readonly #values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  /** For pre-rendered label sets on the hot path (see `labelsKey`). */
  incKey(key: string, by = 1): void {
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.#values.get(labelText(labels)) ?? 0;
  }

  /** The sum over every label set. */
  total(): number {
    let sum = 0;
    for (const value of this.#values.values()) sum += value;
    return sum;
  }

  /** Each label set (as rendered, e.g. `{reason="malformed"}`) with its count. */
  entries(): [string, number][] {
    return [...this.#values];
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.#values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.#values) lines.push(`${this.name}${key} ${value}`);
    return lines.join("\n");
  }
}

export const labelsKey = labelText;

export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly read: () => number,
  ) {}

  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`].join("\n");
  }
}

/** Latency histogram in seconds. */
export class Histogram {
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(seconds: number, labels: Labels = {}): void {
    this.observeKey(seconds, labelText(labels));
  }

  /** For pre-rendered label sets on the hot path (see `labelsKey`). */
  observeKey(seconds: number, key: string): void {
    let series = this.#series.get(key);
    if (!series) {
      series = { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i += 1) {
      if (seconds <= (this.buckets[i] ?? Infinity)) {
        series.counts[i] = (series.counts[i] ?? 0) + 1;
        break;
      }
    }
    series.sum += seconds;
    series.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, series] of this.#series) {
      const inner = key ? key.slice(1, -1) + "," : "";
      let cumulative = 0;
      this.buckets.forEach((bucket, i) => {
        cumulative += series.counts[i] ?? 0;
        lines.push(`${this.name}_bucket{${inner}le="${bucket}"} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${inner}le="+Inf"} ${series.count}`);
      lines.push(`${this.name}_sum${key} ${series.sum}`);
      lines.push(`${this.name}_count${key} ${series.count}`);
    }
    return lines.join("\n");
  }
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5];

export type DropReason =
  | "unknown-nad"
  | "malformed"
  | "unexpected-code"
  | "missing-message-authenticator"
  | "bad-message-authenticator"
  | "bad-authenticator"
  | "encode-failed"
  | "internal-error"
  /** RFC 3748 §4.1: an EAP-Response that does not answer the outstanding EAP-Request. */
  | "eap-discarded";

export class EngineMetrics {
  readonly requests = new Counter("gatehouse_radius_requests_total", "RADIUS requests received, by listener");
  readonly accepts = new Counter("gatehouse_radius_access_accepts_total", "Access-Accept replies sent");
  readonly rejects = new Counter("gatehouse_radius_access_rejects_total", "Access-Reject replies sent");
  readonly challenges = new Counter("gatehouse_radius_access_challenges_total", "Access-Challenge replies sent (EAP rounds)");
  readonly eapRefused = new Counter(
    "gatehouse_eap_conversations_refused_total",
    "EAP conversations rejected because the bound on concurrent handshakes was reached",
  );
  readonly accountingResponses = new Counter(
    "gatehouse_radius_accounting_responses_total",
    "Accounting-Response replies sent, by Acct-Status-Type",
  );
  readonly drops = new Counter("gatehouse_radius_drops_total", "Requests dropped without an answer, by reason");
  readonly duplicates = new Counter(
    "gatehouse_radius_duplicates_total",
    "Retransmissions: answered from the reply cache, or dropped while the first copy is in progress",
  );
  readonly mdmLookups = new Counter("gatehouse_mdm_lookups_total", "MDM compliance lookups by outcome");
  readonly eventsDropped = new Counter("gatehouse_events_dropped_total", "Live-log events lost because the queue was full");
  readonly eventsSuppressed = new Counter(
    "gatehouse_events_suppressed_total",
    "Repeated successful authentications not logged (live-log suppression)",
  );
  readonly eventsWritten = new Counter("gatehouse_events_written_total", "Live-log events written to the database");
  readonly databaseWriteFailures = new Counter(
    "gatehouse_database_write_failures_total",
    "Batched writes the database refused (kept and retried with backoff)",
  );
  readonly authLatency = new Histogram(
    "gatehouse_radius_access_latency_seconds",
    "Access-Request processing time, arrival to reply, by MDM path",
    LATENCY_BUCKETS,
  );
  readonly mdmLatency = new Histogram("gatehouse_mdm_lookup_latency_seconds", "Live MDM lookup time", LATENCY_BUCKETS);
  readonly pollCycles = new Counter("gatehouse_mdm_poll_cycles_total", "MDM compliance poll cycles, by server and outcome");
  readonly pollChanges = new Counter(
    "gatehouse_mdm_poll_changes_total",
    "Endpoints whose compliance a poll found changed, by server",
  );
  readonly pollDuration = new Histogram(
    "gatehouse_mdm_poll_duration_seconds",
    "MDM compliance poll cycle time, CoAs included",
    [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  );
  readonly coaRequests = new Counter(
    "gatehouse_coa_requests_total",
    "RFC 5176 CoA / Disconnect requests, by kind, trigger and result",
  );
  readonly coaAnswersDropped = new Counter(
    "gatehouse_coa_answers_dropped_total",
    "CoA answers discarded: unmatched, malformed, or failing verification (RFC 5176 §3.5)",
  );
  readonly #gauges: Gauge[] = [];

  // Pre-rendered label keys for the hot path.
  readonly keys = {
    auth: labelsKey({ listener: "auth" }),
    acct: labelsKey({ listener: "acct" }),
    duplicateReplayed: labelsKey({ action: "replayed" }),
    duplicateDropped: labelsKey({ action: "dropped" }),
    mdmCacheHit: labelsKey({ outcome: "cache-hit" }),
    none: "",
    latencyByMdm: {
      none: labelsKey({ mdm: "none" }),
      cache: labelsKey({ mdm: "cache" }),
      live: labelsKey({ mdm: "live" }),
    },
  };

  gauge(name: string, help: string, read: () => number): void {
    this.#gauges.push(new Gauge(name, help, read));
  }

  drop(reason: DropReason): void {
    this.drops.inc({ reason });
  }

  render(): string {
    return (
      [
        this.requests,
        this.accepts,
        this.rejects,
        this.challenges,
        this.eapRefused,
        this.accountingResponses,
        this.drops,
        this.duplicates,
        this.mdmLookups,
        this.eventsWritten,
        this.eventsDropped,
        this.databaseWriteFailures,
        this.eventsSuppressed,
        this.authLatency,
        this.mdmLatency,
        this.pollCycles,
        this.pollChanges,
        this.pollDuration,
        this.coaRequests,
        this.coaAnswersDropped,
        ...this.#gauges,
      ]
        .map((metric) => metric.render())
        .join("\n") + "\n"
    );
  }
}
