"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type { TestConnectionResult } from "../validation/mdm-connection";
import type { MdmServerFormInput, MdmServerJson, MdmTestConnectionInput } from "../validation/mdm-server";
import { mdmSettingsKeys } from "./mdm-settings";

export const mdmServerKeys = {
  all: ["mdm-servers"] as const,
  lists: () => [...mdmServerKeys.all, "list"] as const,
  detail: (id: string) => [...mdmServerKeys.all, "detail", id] as const,
};

const base = "/api/mdm-servers";

export type SaveMdmServerResponse = {
  server: MdmServerJson;
  test: TestConnectionResult | null;
  savedDisabledBecause: string | null;
};

/** The browser's hard limit for Test Connection and Save (the engine's own deadline is 10 s). */
export const TEST_CONNECTION_TIMEOUT_MS = 30_000;
export const TEST_CONNECTION_TIMEOUT_MESSAGE =
  "Test Connection timed out: no answer within 30 seconds. The engine or the network path to the MDM server is not responding; nothing was changed.";

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ApiError(TEST_CONNECTION_TIMEOUT_MESSAGE, 0, "TIMEOUT")),
      TEST_CONNECTION_TIMEOUT_MS,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export const mdmServerListQuery = () =>
  queryOptions({
    queryKey: mdmServerKeys.lists(),
    queryFn: async () => (await apiFetch<{ servers: MdmServerJson[] }>(base)).servers,
  });

export const mdmServerQuery = (id: string) =>
  queryOptions({
    queryKey: mdmServerKeys.detail(id),
    queryFn: async () => (await apiFetch<{ server: MdmServerJson }>(`${base}/${encodeURIComponent(id)}`)).server,
  });

export function useTestMdmConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MdmTestConnectionInput) =>
      withTimeout(
        apiFetch<{ result: TestConnectionResult; recorded: boolean }>(`${base}/test-connection`, { method: "POST", body: input }),
      ),
    onSuccess: ({ recorded }, input) => {
      if (!recorded || !input.mdmServerId) return;
      void queryClient.invalidateQueries({ queryKey: mdmServerKeys.detail(input.mdmServerId) });
      return queryClient.invalidateQueries({ queryKey: mdmServerKeys.lists() });
    },
  });
}

export function useSaveMdmServer(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MdmServerFormInput) =>
      withTimeout(
        apiFetch<SaveMdmServerResponse>(id ? `${base}/${encodeURIComponent(id)}` : base, {
          method: id ? "PUT" : "POST",
          body: input,
        }),
      ),
    onSuccess: ({ server }) => {
      queryClient.setQueryData(mdmServerKeys.detail(server.id), server);
      void queryClient.invalidateQueries({ queryKey: mdmSettingsKeys.all });
      return queryClient.invalidateQueries({ queryKey: mdmServerKeys.lists() });
    },
  });
}

export function useDeleteMdmServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ deleted: string }>(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: ({ deleted }) => {
      queryClient.removeQueries({ queryKey: mdmServerKeys.detail(deleted) });
      void queryClient.invalidateQueries({ queryKey: mdmSettingsKeys.all });
      return queryClient.invalidateQueries({ queryKey: mdmServerKeys.lists() });
    },
  });
}

export function useDuplicateMdmServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ server: MdmServerJson }>(`${base}/${encodeURIComponent(id)}/duplicate`, { method: "POST" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: mdmSettingsKeys.all });
      return queryClient.invalidateQueries({ queryKey: mdmServerKeys.lists() });
    },
  });
}
