// The Home dashboard: its one input (the time window), the windows' bucketing, the shape GET /api/dashboard
// answers with, and the health an MDM server's stored facts add up to. Browser-safe.
import { z } from "zod";
import type { CoaResult } from "./coa-events";

/**
 * The windows the dashboard offers. Each is cut into buckets aligned to multiples of `bucketMs` since the
 * epoch, so a bar keeps its boundaries (and its count) from one refresh to the next; the last bucket is the
 * one now falls in, still filling. Keys match the live log's relative time ranges.
 */
export const dashboardWindows = {
  "1h": { label: "Last hour", ms: 60 * 60_000, bucketMs: 60_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60_000, bucketMs: 30 * 60_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60_000, bucketMs: 3 * 60 * 60_000 },
} as const;
export type DashboardWindow = keyof typeof dashboardWindows;
export const dashboardWindowKeys = Object.keys(dashboardWindows) as DashboardWindow[];

export const dashboardQuerySchema = z.object({
  window: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.enum(dashboardWindowKeys as [DashboardWindow, ...DashboardWindow[]], { error: "Choose 1h, 24h or 7d" }).default("24h"),
  ),
});

/** The buckets of a window ending with the one `now` falls in: [start, start + count × bucketMs). */
export function windowBuckets(window: DashboardWindow, now: number): { start: number; bucketMs: number; count: number } {
  const { ms, bucketMs } = dashboardWindows[window];
  const count = Math.round(ms / bucketMs);
  const end = (Math.floor(now / bucketMs) + 1) * bucketMs;
  return { start: end - count * bucketMs, bucketMs, count };
}

/** An endpoint's compliance as the dashboard counts it: each endpoint in exactly one group. */
export const complianceGroups = ["compliant", "nonCompliant", "notRegistered", "unknown"] as const;
export type ComplianceGroup = (typeof complianceGroups)[number];

/**
 * Registration first (the MDM does not know an unregistered device's compliance), then the compliance flag;
 * no answer yet, or only "unreachable" answers, is unknown.
 */
export function complianceGroupOf(endpoint: { registered: boolean | null; compliant: boolean | null }): ComplianceGroup {
  if (endpoint.registered === false) return "notRegistered";
  if (endpoint.compliant === true) return "compliant";
  if (endpoint.compliant === false) return "nonCompliant";
  return "unknown";
}

export type MdmServerHealthJson = {
  id: string;
  name: string;
  host: string;
  port: number;
  pollingIntervalMinutes: number;
  lastTestAt: string | null;
  /** The Test Connection outcome code (SUCCESS, CONNECTION_FAILED, HTTP_401, …). */
  lastTestOutcome: string | null;
  lastTestMessage: string | null;
  /** The last successful Test Connection. */
  lastContactAt: string | null;
  /** The newest endpoint answer stored from this server (live lookup or poll change). */
  lastAnswerAt: string | null;
  /** ok | not-registered | unreachable */
  lastAnswerOutcome: string | null;
  /** Endpoints whose last answer came from this server, and how many of those answers were "unreachable". */
  endpoints: number;
  unreachableEndpoints: number;
};

export type MdmHealth = { tone: "ok" | "warn" | "danger"; label: string; detail: string };

/**
 * What an MDM server's stored facts say about its health, newest fact first: its last answer for an
 * endpoint when newer than its last Test Connection, else that test.
 */
export function mdmServerHealth(server: MdmServerHealthJson): MdmHealth {
  const answerAt = server.lastAnswerAt ? Date.parse(server.lastAnswerAt) : undefined;
  const testAt = server.lastTestAt ? Date.parse(server.lastTestAt) : undefined;
  if (answerAt !== undefined && (testAt === undefined || answerAt >= testAt)) {
    return server.lastAnswerOutcome === "unreachable"
      ? { tone: "danger", label: "Unreachable", detail: "Its last compliance lookup got no answer in time" }
      : { tone: "ok", label: "Answering", detail: "Its last compliance lookup was answered" };
  }
  if (server.lastTestOutcome === "SUCCESS") return { tone: "ok", label: "Connected", detail: "Its last Test Connection passed" };
  if (server.lastTestOutcome)
    return { tone: "danger", label: "Test failed", detail: server.lastTestMessage ?? "Its last Test Connection failed" };
  return { tone: "warn", label: "No contact yet", detail: "Neither tested nor asked about an endpoint yet" };
}

export type DashboardJson = {
  window: DashboardWindow;
  generatedAt: string;
  authentications: {
    bucketMs: number;
    /** Authentications (logged events plus their counted repeats) per bucket, oldest first. */
    buckets: { start: string; accept: number; reject: number }[];
    totals: { accept: number; reject: number };
  };
  /** All endpoints (not windowed), by their last stored MDM answer. */
  endpoints: Record<ComplianceGroup, number> & { total: number };
  /** Enabled MDM servers in lookup order. */
  mdmServers: MdmServerHealthJson[];
  /** CoAs sent in the window (from `from` until now), by the NAD's answer. */
  coa: { from: string; results: Record<CoaResult, number> };
  /** Trusted certificates expired or expiring within `withinDays`, soonest first. */
  certificates: {
    withinDays: number;
    items: { id: string; friendlyName: string; subject: string; notAfter: string; trustForMdm: boolean; isExpired: boolean }[];
  };
};
