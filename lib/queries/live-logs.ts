"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";

/** The summary of one decision, as a Live Logs row. */
export type LiveLogRow = {
  id: string;
  at: string;
  engineNode: string | null;
  nadId: string | null;
  nadName: string | null;
  nadAddress: string;
  mac: string | null;
  userName: string | null;
  method: string;
  decision: "accept" | "reject";
  policySet: string | null;
  ruleName: string | null;
  profiles: string[];
  mdmAttributes: Record<string, unknown> | null;
  mdmServerName: string | null;
  mdmLatencyMs: number | null;
  failureReason: string | null;
  totalLatencyMs: number;
  /** Identical successful authentications after this one that were counted, not logged (repeat suppression). */
  repeatCount: number;
  lastRepeatAt: string | null;
};

export type ReplyAttribute = { name: string; value: string; tag?: number };
export type RuleTraceEntry = { policySet: string; rule: string; state: string; matched: boolean };

/** One decision with everything the engine recorded about it (shapes from lib/engine/aaa/handler.ts). */
export type LiveLogEvent = LiveLogRow & {
  request: Record<string, string> | null;
  reply: { code: string; attributes: ReplyAttribute[] } | null;
  trace: { policyVersion?: number; mdmSource?: string; rules?: RuleTraceEntry[]; monitored?: string[] } | null;
};

/** Relative time ranges: resolved to `from` when each request is made, so a live view's window moves. */
export const timeRanges = {
  "15m": { label: "Last 15 minutes", ms: 15 * 60_000 },
  "1h": { label: "Last hour", ms: 60 * 60_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60_000 },
} as const;
export type TimeRange = keyof typeof timeRanges | "custom" | "";

/**
 * The filters as the URL holds them: `range` is a relative window or "custom" with `from`/`to` as local
 * date-times (datetime-local values). The API normalises the MAC and checks the range.
 */
export type LiveLogFilter = { mac?: string; nad?: string; decision?: string; range?: TimeRange; from?: string; to?: string };

/** A time filter as the URL holds it (the live log's, the CoA log's). */
export type TimeFilter = { range?: TimeRange; from?: string; to?: string };

/** `from`/`to` for the API: a relative range is resolved when each request is made, so a live view's window moves. */
export function resolveTime(filter: TimeFilter, now: number): { from?: string; to?: string } {
  const toIso = (local: string | undefined) => {
    if (!local) return undefined;
    const date = new Date(local);
    return Number.isNaN(date.getTime()) ? local : date.toISOString();
  };
  if (filter.range === "custom") return { from: toIso(filter.from), to: toIso(filter.to) };
  if (filter.range && filter.range in timeRanges) return { from: new Date(now - timeRanges[filter.range].ms).toISOString() };
  return {};
}

export const liveLogKeys = {
  all: ["live-logs"] as const,
  lists: () => [...liveLogKeys.all, "list"] as const,
  list: (filter: LiveLogFilter, cursor: string | null, take: number) =>
    [...liveLogKeys.lists(), { ...filter, cursor, take }] as const,
  detail: (id: string) => [...liveLogKeys.all, "detail", id] as const,
};

export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  return params.toString();
}

export const liveLogListQuery = ({
  filter,
  cursor,
  take,
  refetchInterval,
}: {
  filter: LiveLogFilter;
  cursor: string | null;
  take: number;
  refetchInterval: number | false;
}) =>
  queryOptions({
    queryKey: liveLogKeys.list(filter, cursor, take),
    queryFn: () => {
      const { mac, nad, decision } = filter;
      const search = queryString({ mac, nad, decision, ...resolveTime(filter, Date.now()), cursor, take });
      return apiFetch<{ events: LiveLogRow[]; nextCursor: string | null }>(`/api/live-logs?${search}`);
    },
    placeholderData: keepPreviousData,
    // A filter the server refuses (422) stays refused: no retry, and live polling waits for a new filter.
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
    refetchInterval: (query) => (query.state.status === "error" ? false : refetchInterval),
    staleTime: 0,
  });

export const liveLogDetailQuery = (id: string) =>
  queryOptions({
    queryKey: liveLogKeys.detail(id),
    queryFn: async () => (await apiFetch<{ event: LiveLogEvent }>(`/api/live-logs/${encodeURIComponent(id)}`)).event,
    // An event never changes once written.
    staleTime: Infinity,
  });
