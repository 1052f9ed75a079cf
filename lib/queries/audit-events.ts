"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import { queryString, resolveTime, type TimeRange } from "./live-logs";

/** One audit entry as the API returns it (lib/db/audit.ts). */
export type AuditRow = {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  details: Record<string, unknown> | null;
};

export type AuditFacets = { actors: string[]; actions: string[]; entityTypes: string[] };
export type AuditPage = { events: AuditRow[]; nextCursor: string | null; facets: AuditFacets };

/** The filters as the URL holds them (time as in the live log: relative, or "custom" with local from/to). */
export type AuditFilter = {
  actor?: string;
  action?: string;
  entityType?: string;
  text?: string;
  range?: TimeRange;
  from?: string;
  to?: string;
};

export const auditKeys = {
  all: ["audit-events"] as const,
  list: (filter: AuditFilter, cursor: string | null, take: number) => [...auditKeys.all, { ...filter, cursor, take }] as const,
};

export const auditListQuery = ({ filter, cursor, take }: { filter: AuditFilter; cursor: string | null; take: number }) =>
  queryOptions({
    queryKey: auditKeys.list(filter, cursor, take),
    queryFn: () => {
      const { range: _range, from: _from, to: _to, ...rest } = filter;
      return apiFetch<AuditPage>(
        `/api/audit-events?${queryString({ ...rest, ...resolveTime(filter, Date.now()), cursor, take })}`,
      );
    },
    placeholderData: keepPreviousData,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
    staleTime: 0,
  });
