"use client";
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { EngineStatus } from "../validation/engine-status";

export const engineKeys = {
  all: ["engine"] as const,
  status: () => [...engineKeys.all, "status"] as const,
};

export const engineStatusQuery = () =>
  queryOptions({
    queryKey: engineKeys.status(),
    queryFn: () => apiFetch<EngineStatus>("/api/engine/health"),
    refetchInterval: 3000,
  });
