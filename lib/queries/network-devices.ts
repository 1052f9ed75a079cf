"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { CreateNetworkDeviceInput, UpdateNetworkDeviceInput, vendorProfiles } from "../validation/network-device";

/** A network device as the API returns it: never the shared secret. */
export type NetworkDeviceRow = {
  id: string;
  name: string;
  address: string;
  vendorProfile: (typeof vendorProfiles)[number];
  coaPort: number;
  requireMessageAuthenticator: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
};

export const networkDeviceKeys = {
  all: ["network-devices"] as const,
  lists: () => [...networkDeviceKeys.all, "list"] as const,
};

const base = "/api/network-devices";

export const networkDeviceListQuery = () =>
  queryOptions({
    queryKey: networkDeviceKeys.lists(),
    queryFn: async () => (await apiFetch<{ networkDevices: NetworkDeviceRow[] }>(base)).networkDevices,
  });

export function useCreateNetworkDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateNetworkDeviceInput) =>
      apiFetch<{ networkDevice: NetworkDeviceRow }>(base, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: networkDeviceKeys.lists() }),
  });
}

export function useUpdateNetworkDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateNetworkDeviceInput }) =>
      apiFetch<{ networkDevice: NetworkDeviceRow }>(`${base}/${encodeURIComponent(id)}`, { method: "PUT", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: networkDeviceKeys.lists() }),
  });
}

export function useDeleteNetworkDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: networkDeviceKeys.lists() }),
  });
}
