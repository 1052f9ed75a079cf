"use client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { DashboardJson, DashboardWindow } from "../validation/dashboard";

/**
 * How often each window refreshes. The engine writes its events every second or so; a 7-day window of
 * 3-hour bars barely moves in 10 s and costs the most to count (scripts/bench/dashboard.ts).
 */
export const dashboardRefreshMs: Record<DashboardWindow, number> = { "1h": 5000, "24h": 10_000, "7d": 10_000 };

export const dashboardKeys = {
  all: ["dashboard"] as const,
  window: (window: DashboardWindow) => [...dashboardKeys.all, window] as const,
};

export const dashboardQuery = (window: DashboardWindow) =>
  queryOptions({
    queryKey: dashboardKeys.window(window),
    queryFn: () => apiFetch<DashboardJson>(`/api/dashboard?window=${window}`),
    // Switching windows keeps the previous figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    refetchInterval: dashboardRefreshMs[window],
  });
