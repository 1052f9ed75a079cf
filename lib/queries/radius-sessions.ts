"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import { queryString } from "./live-logs";

export type RadiusSessionRow = {
  id: string;
  nadId: string | null;
  nadAddress: string;
  acctSessionId: string;
  callingStationId: string | null;
  mac: string | null;
  userName: string | null;
  framedIp: string | null;
  nasPort: string | null;
  startedAt: string;
  lastUpdateAt: string;
  stoppedAt: string | null;
  isActive: boolean;
  terminateCause: string | null;
  engineNode: string | null;
};

export type SessionFilter = { status?: string; mac?: string; nad?: string };

export const radiusSessionKeys = {
  all: ["radius-sessions"] as const,
  lists: () => [...radiusSessionKeys.all, "list"] as const,
  list: (filter: SessionFilter, cursor: string | null, take: number) =>
    [...radiusSessionKeys.lists(), { ...filter, cursor, take }] as const,
};

export const radiusSessionListQuery = ({
  filter,
  cursor,
  take,
  refetchInterval,
}: {
  filter: SessionFilter;
  cursor: string | null;
  take: number;
  refetchInterval: number | false;
}) =>
  queryOptions({
    queryKey: radiusSessionKeys.list(filter, cursor, take),
    queryFn: () =>
      apiFetch<{ sessions: RadiusSessionRow[]; nextCursor: string | null; activeCount: number }>(
        `/api/radius-sessions?${queryString({ ...filter, cursor, take })}`,
      ),
    placeholderData: keepPreviousData,
    // A filter the server refuses (422) stays refused: no retry, and live polling waits for a new filter.
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
    refetchInterval: (query) => (query.state.status === "error" ? false : refetchInterval),
    staleTime: 0,
  });
