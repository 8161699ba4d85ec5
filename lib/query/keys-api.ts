"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatedApiKey, KeyCreateInput, PublicApiKey } from "@/lib/keys/schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./keys";

// Virtual API keys. The created secret lives only in the mutation's result (component state), never in the query cache.

export interface KeyTargets {
  groups: string[];
  models: string[];
}

export function useApiKeys() {
  return useQuery({
    queryKey: queryKeys.keys.list(),
    queryFn: ({ signal }) => apiFetch<{ items: PublicApiKey[] }>("/api/keys", { signal }),
  });
}

export function useKeyTargets() {
  return useQuery({
    queryKey: queryKeys.keys.detail("targets"),
    queryFn: ({ signal }) => apiFetch<KeyTargets>("/api/keys/targets", { signal }),
    staleTime: 30_000,
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: KeyCreateInput) => apiFetch<CreatedApiKey>("/api/keys", { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: queryKeys.keys.lists() }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<PublicApiKey>(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: queryKeys.keys.lists() }),
  });
}
