"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { MdmSettingsInput } from "../validation/mdm-server";

export type MdmSettingsJson = {
  fallbackOnNotRegistered: boolean;
  fallbackOnError: boolean;
  servers: { id: string; name: string; isEnabled: boolean; host: string; port: number; lookupOrder: number }[];
};

export const mdmSettingsKeys = {
  all: ["mdm-settings"] as const,
};

export const mdmSettingsQuery = () =>
  queryOptions({
    queryKey: mdmSettingsKeys.all,
    queryFn: async () => (await apiFetch<{ settings: MdmSettingsJson }>("/api/mdm-settings")).settings,
  });

export function useUpdateMdmSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MdmSettingsInput) =>
      apiFetch<{ settings: MdmSettingsJson }>("/api/mdm-settings", { method: "PUT", body: input }),
    onSuccess: ({ settings }) => {
      queryClient.setQueryData(mdmSettingsKeys.all, settings);
      // The list shows the lookup order.
      return queryClient.invalidateQueries({ queryKey: ["mdm-servers", "list"] });
    },
  });
}
