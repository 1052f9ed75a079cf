"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { SystemDictionary } from "../validation/dictionaries";

/** A System dictionary as GET /api/dictionaries returns it. */
export type DictionaryView = SystemDictionary & {
  /** False for the MDM dictionary until an MDM server's Test Connection has succeeded once. */
  available: boolean;
  note?: string;
};

export const dictionaryKeys = {
  all: ["dictionaries"] as const,
  lists: () => [...dictionaryKeys.all, "list"] as const,
};

export const dictionaryListQuery = () =>
  queryOptions({
    queryKey: dictionaryKeys.lists(),
    queryFn: async () => (await apiFetch<{ dictionaries: DictionaryView[] }>("/api/dictionaries")).dictionaries,
    // Static apart from the MDM availability, which changes once in a deployment's life.
    staleTime: 60_000,
  });

export function useDictionaries() {
  return useQuery(dictionaryListQuery());
}
