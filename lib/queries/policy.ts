"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { PolicyDocument } from "../validation/policy";
import type { PolicyProblem } from "../validation/policy-check";
import type { PolicySimulationRequest, PolicySimulationResult } from "../validation/policy-simulation";

/** One saved version as the history list shows it (dates are ISO strings over JSON). */
export type PolicyVersionSummary = { version: number; author: string; comment: string | null; createdAt: string };
export type PolicyVersionFull = PolicyVersionSummary & { document: PolicyDocument };

export const policyKeys = {
  all: ["policy"] as const,
  active: () => [...policyKeys.all, "active"] as const,
  versions: () => [...policyKeys.all, "versions"] as const,
  version: (version: number) => [...policyKeys.all, "version", version] as const,
};

const base = "/api/policy";

export const activePolicyQuery = () =>
  queryOptions({ queryKey: policyKeys.active(), queryFn: () => apiFetch<PolicyVersionFull>(base) });

export const policyVersionsQuery = () =>
  queryOptions({
    queryKey: policyKeys.versions(),
    queryFn: async () => (await apiFetch<{ versions: PolicyVersionSummary[] }>(`${base}/versions`)).versions,
  });

export const policyVersionQuery = (version: number) =>
  queryOptions({
    queryKey: policyKeys.version(version),
    queryFn: () => apiFetch<PolicyVersionFull>(`${base}/versions/${version}`),
    // A saved version never changes.
    staleTime: Infinity,
  });

export function usePolicy() {
  return useQuery(activePolicyQuery());
}

export function usePolicyVersions() {
  return useQuery(policyVersionsQuery());
}

/** `undefined` fetches nothing (no version chosen yet). */
export function usePolicyVersion(version: number | undefined) {
  return useQuery({ ...policyVersionQuery(version ?? 0), enabled: version !== undefined });
}

export type SavePolicyInput = { document: PolicyDocument; comment?: string; baseVersion: number };
export type SavePolicyResult = { version: number; warnings: PolicyProblem[] };

/** 422 → `ApiError.fields` keyed by document path; 409 → someone saved meanwhile (reload). */
export function useSavePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavePolicyInput) => apiFetch<SavePolicyResult>(base, { method: "PUT", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

export function useRestorePolicyVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiFetch<SavePolicyResult>(`${base}/versions/${version}/restore`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/**
 * Runs a policy document (the working copy, even unsaved) in the engine for a described endpoint.
 * 503 → the engine is not running (ApiError message says so).
 */
export function useSimulatePolicy() {
  return useMutation({
    mutationFn: (input: PolicySimulationRequest) =>
      apiFetch<PolicySimulationResult>(`${base}/simulate`, { method: "POST", body: input }),
  });
}
