"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  ImportTrustedCertificateInput,
  TrustedCertificateJson,
  UpdateTrustedCertificateInput,
} from "../validation/trusted-certificate";

export const trustedCertificateKeys = {
  all: ["trusted-certificates"] as const,
  lists: () => [...trustedCertificateKeys.all, "list"] as const,
  detail: (id: string) => [...trustedCertificateKeys.all, "detail", id] as const,
};

const base = "/api/trusted-certificates";

export const trustedCertificateListQuery = () =>
  queryOptions({
    queryKey: trustedCertificateKeys.lists(),
    queryFn: async () => (await apiFetch<{ certificates: TrustedCertificateJson[] }>(base)).certificates,
  });

export const trustedCertificateQuery = (id: string) =>
  queryOptions({
    queryKey: trustedCertificateKeys.detail(id),
    queryFn: async () =>
      (await apiFetch<{ certificate: TrustedCertificateJson }>(`${base}/${encodeURIComponent(id)}`)).certificate,
  });

export function useImportTrustedCertificates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ImportTrustedCertificateInput) =>
      apiFetch<{ certificates: { id: string; friendlyName: string; subject: string }[] }>(base, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trustedCertificateKeys.lists() }),
  });
}

export function useUpdateTrustedCertificate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateTrustedCertificateInput) =>
      apiFetch<{ certificate: TrustedCertificateJson }>(`${base}/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: ({ certificate }) => {
      queryClient.setQueryData(trustedCertificateKeys.detail(id), certificate);
      return queryClient.invalidateQueries({ queryKey: trustedCertificateKeys.lists() });
    },
  });
}

export function useDeleteTrustedCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force: boolean }) =>
      apiFetch<{ deleted: string }>(`${base}/${encodeURIComponent(id)}${force ? "?force=true" : ""}`, { method: "DELETE" }),
    onSuccess: ({ deleted }) => {
      queryClient.removeQueries({ queryKey: trustedCertificateKeys.detail(deleted) });
      return queryClient.invalidateQueries({ queryKey: trustedCertificateKeys.lists() });
    },
  });
}

export const trustedCertificatePemUrl = (id: string) => `${base}/${encodeURIComponent(id)}/pem`;
