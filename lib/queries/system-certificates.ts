"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  GenerateSelfSignedInput,
  ImportSystemCertificateInput,
  SystemCertificateJson,
} from "../validation/system-certificates";

export const systemCertificateKeys = {
  all: ["system-certificates"] as const,
  lists: () => [...systemCertificateKeys.all, "list"] as const,
  detail: (id: string) => [...systemCertificateKeys.all, "detail", id] as const,
};

const base = "/api/system-certificates";
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const systemCertificateListQuery = () =>
  queryOptions({
    queryKey: systemCertificateKeys.lists(),
    queryFn: async () => (await apiFetch<{ certificates: SystemCertificateJson[] }>(base)).certificates,
  });

export const systemCertificateQuery = (id: string) =>
  queryOptions({
    queryKey: systemCertificateKeys.detail(id),
    queryFn: async () => (await apiFetch<{ certificate: SystemCertificateJson }>(one(id))).certificate,
  });

type Saved = { certificate: SystemCertificateJson };

export function useGenerateSelfSignedCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GenerateSelfSignedInput) => apiFetch<Saved>(`${base}/self-signed`, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemCertificateKeys.lists() }),
  });
}

export function useImportSystemCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ImportSystemCertificateInput) => apiFetch<Saved>(`${base}/import`, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemCertificateKeys.lists() }),
  });
}

/** The badge moves from one certificate to another: the list and every open detail change. */
export function useSetEapCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Saved>(`${one(id)}/use-for-eap`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: systemCertificateKeys.all }),
  });
}

export function useDeleteSystemCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ deleted: string }>(one(id), { method: "DELETE" }),
    onSuccess: ({ deleted }) => {
      queryClient.removeQueries({ queryKey: systemCertificateKeys.detail(deleted) });
      return queryClient.invalidateQueries({ queryKey: systemCertificateKeys.lists() });
    },
  });
}

export const systemCertificatePemUrl = (id: string) => `${one(id)}/pem`;
