"use client";
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type { MdmActionEngineResult, RefreshEndpointResult, SendCoaResult } from "../engine/control/schemas";
import type { EndpointListItem } from "../db/endpoints";
import type { MdmAction } from "../validation/endpoints";
import type { CoaLogRow } from "./coa-events";
import type { Jsonified } from "./json";
import { queryString, type LiveLogRow } from "./live-logs";
import type { RadiusSessionRow } from "./radius-sessions";

/** One row of Context Visibility › Endpoints, as the API returns it. */
export type EndpointRow = Jsonified<EndpointListItem>;

/** The list's filters as the URL holds them (the names are the API's, see lib/validation/endpoints.ts). */
export type EndpointFilter = {
  q?: string;
  compliance?: string;
  registered?: string;
  session?: string;
  mdmServer?: string;
  decision?: string;
};

export type EndpointDetail = {
  endpoint: Omit<EndpointRow, "hasActiveSession" | "sessionIp" | "device"> & {
    mdmAttributes: Record<string, unknown> | null;
    updatedAt: string;
  };
  sessions: RadiusSessionRow[];
  hasMoreSessions: boolean;
  authentications: LiveLogRow[];
  hasMoreAuthentications: boolean;
  coaEvents: CoaLogRow[];
  hasMoreCoaEvents: boolean;
};

export type EndpointRefreshResult = RefreshEndpointResult;
export type EndpointCoaResult = Jsonified<SendCoaResult>;
export type EndpointMdmActionResult = MdmActionEngineResult;

export const endpointKeys = {
  all: ["endpoints"] as const,
  lists: () => [...endpointKeys.all, "list"] as const,
  list: (filter: EndpointFilter, sort: string, cursor: string | null, take: number) =>
    [...endpointKeys.lists(), { ...filter, sort, cursor, take }] as const,
  counts: () => [...endpointKeys.all, "count"] as const,
  count: (filter: EndpointFilter) => [...endpointKeys.counts(), filter] as const,
  detail: (mac: string) => [...endpointKeys.all, "detail", mac] as const,
};

const base = "/api/endpoints";
/** A refused filter (422) stays refused: no retry. */
const retry = (failures: number, error: Error) => !(error instanceof ApiError && error.status < 500) && failures < 1;

export const endpointListQuery = ({
  filter,
  sort,
  cursor,
  take,
}: {
  filter: EndpointFilter;
  sort: string;
  cursor: string | null;
  take: number;
}) =>
  queryOptions({
    queryKey: endpointKeys.list(filter, sort, cursor, take),
    queryFn: () =>
      apiFetch<{ endpoints: EndpointRow[]; nextCursor: string | null }>(
        `${base}?${queryString({ ...filter, sort: sort === "lastSeen" ? undefined : sort, cursor, take })}`,
      ),
    placeholderData: keepPreviousData,
    retry,
  });

export const endpointCountQuery = (filter: EndpointFilter) =>
  queryOptions({
    queryKey: endpointKeys.count(filter),
    queryFn: () => apiFetch<{ count: number; capped: boolean }>(`${base}/count?${queryString({ ...filter })}`),
    placeholderData: keepPreviousData,
    retry,
  });

export const endpointDetailQuery = (mac: string) =>
  queryOptions({
    queryKey: endpointKeys.detail(mac),
    queryFn: () => apiFetch<EndpointDetail>(`${base}/${encodeURIComponent(mac)}`),
    retry,
  });

/** After an action the endpoint's detail changed (new answer, CoA history); the lists may show it differently. */
function useInvalidateEndpoint(mac: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: endpointKeys.detail(mac) }),
      queryClient.invalidateQueries({ queryKey: endpointKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: endpointKeys.counts() }),
    ]);
}

export function useRefreshEndpoint(mac: string) {
  const invalidate = useInvalidateEndpoint(mac);
  return useMutation({
    mutationFn: async () =>
      (await apiFetch<{ result: EndpointRefreshResult }>(`${base}/${encodeURIComponent(mac)}/refresh`, { method: "POST" }))
        .result,
    onSettled: invalidate,
  });
}

export function useSendEndpointCoa(mac: string) {
  const invalidate = useInvalidateEndpoint(mac);
  return useMutation({
    mutationFn: async () =>
      (await apiFetch<{ result: EndpointCoaResult }>(`${base}/${encodeURIComponent(mac)}/coa`, { method: "POST" })).result,
    onSettled: invalidate,
  });
}

export function useEndpointMdmAction(mac: string) {
  const invalidate = useInvalidateEndpoint(mac);
  return useMutation({
    mutationFn: async (input: { action: MdmAction; confirmation: string }) =>
      (
        await apiFetch<{ result: EndpointMdmActionResult }>(`${base}/${encodeURIComponent(mac)}/mdm-action`, {
          method: "POST",
          body: input,
        })
      ).result,
    onSettled: invalidate,
  });
}
