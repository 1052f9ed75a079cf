"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { CreateAdminInput, Role, UpdateAdminInput } from "../validation/admin";

export type AdminRow = {
  id: string;
  username: string;
  role: Role;
  isDisabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
};

export const adminKeys = {
  all: ["admins"] as const,
  lists: () => [...adminKeys.all, "list"] as const,
};

export const adminListQuery = () =>
  queryOptions({
    queryKey: adminKeys.lists(),
    queryFn: async () => (await apiFetch<{ admins: AdminRow[] }>("/api/admins")).admins,
  });

export function useCreateAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAdminInput) => apiFetch<{ admin: AdminRow }>("/api/admins", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.lists() }),
  });
}

export function useUpdateAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateAdminInput }) =>
      apiFetch<{ admin: AdminRow }>(`/api/admins/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.lists() }),
  });
}
