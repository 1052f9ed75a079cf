"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { AuthorizationProfileView } from "../db/authorization-profiles";
import type { AuthorizationProfileInput } from "../validation/authorization-profile";

export type { AuthorizationProfileView };

export const authorizationProfileKeys = {
  all: ["authorization-profiles"] as const,
  lists: () => [...authorizationProfileKeys.all, "list"] as const,
};

const base = "/api/authorization-profiles";

export const authorizationProfileListQuery = () =>
  queryOptions({
    queryKey: authorizationProfileKeys.lists(),
    queryFn: () => apiFetch<AuthorizationProfileView[]>(base),
  });

export function useAuthorizationProfiles() {
  return useQuery(authorizationProfileListQuery());
}

export function useCreateAuthorizationProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AuthorizationProfileInput) => apiFetch<AuthorizationProfileView>(base, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authorizationProfileKeys.lists() }),
  });
}

export function useUpdateAuthorizationProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: AuthorizationProfileInput }) =>
      apiFetch<AuthorizationProfileView>(`${base}/${encodeURIComponent(id)}`, { method: "PUT", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authorizationProfileKeys.lists() }),
  });
}

export function useDeleteAuthorizationProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authorizationProfileKeys.lists() }),
  });
}
