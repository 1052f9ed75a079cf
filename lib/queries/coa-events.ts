"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type { CoaEventInput } from "../db/coa-events";
import type { Jsonified } from "./json";
import { queryString, resolveTime, type TimeRange } from "./live-logs";

/** One CoA the engine sent and what the NAD answered, as the API returns it. */
export type CoaLogRow = Jsonified<CoaEventInput> & { id: string };

/**
 * The filters as the URL holds them (the live log's time ranges: relative, or "custom" with `from`/`to` as
 * local date-times). The API normalises the MAC and checks the values.
 */
export type CoaLogFilter = {
  mac?: string;
  nad?: string;
  result?: string;
  trigger?: string;
  range?: TimeRange;
  from?: string;
  to?: string;
};

export const coaEventKeys = {
  all: ["coa-events"] as const,
  lists: () => [...coaEventKeys.all, "list"] as const,
  list: (filter: CoaLogFilter, cursor: string | null, take: number) =>
    [...coaEventKeys.lists(), { ...filter, cursor, take }] as const,
  detail: (id: string) => [...coaEventKeys.all, "detail", id] as const,
};

export const coaEventListQuery = ({
  filter,
  cursor,
  take,
  refetchInterval,
}: {
  filter: CoaLogFilter;
  cursor: string | null;
  take: number;
  refetchInterval: number | false;
}) =>
  queryOptions({
    queryKey: coaEventKeys.list(filter, cursor, take),
    queryFn: () => {
      const { mac, nad, result, trigger } = filter;
      const search = queryString({ mac, nad, result, trigger, ...resolveTime(filter, Date.now()), cursor, take });
      return apiFetch<{ events: CoaLogRow[]; nextCursor: string | null }>(`/api/coa-events?${search}`);
    },
    placeholderData: keepPreviousData,
    // A filter the server refuses (422) stays refused: no retry, and live polling waits for a new filter.
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
    refetchInterval: (query) => (query.state.status === "error" ? false : refetchInterval),
    staleTime: 0,
  });

export const coaEventDetailQuery = (id: string) =>
  queryOptions({
    queryKey: coaEventKeys.detail(id),
    queryFn: async () => (await apiFetch<{ event: CoaLogRow }>(`/api/coa-events/${encodeURIComponent(id)}`)).event,
    // A log entry never changes once written.
    staleTime: Infinity,
  });
