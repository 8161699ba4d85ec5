"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CredentialCreateInput, CredentialUpdateInput, PublicCredential } from "@/lib/models/credential-schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./keys";

const keys = queryKeys.credentials;

export function useCredentials() {
  return useQuery({
    queryKey: keys.list(),
    queryFn: ({ signal }) => apiFetch<{ items: PublicCredential[] }>("/api/credentials", { signal }),
  });
}

export function useCreateCredential() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CredentialCreateInput) => apiFetch<PublicCredential>("/api/credentials", { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useDeleteCredential() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ deleted: true }>(`/api/credentials/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useUpdateCredential(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CredentialUpdateInput) => apiFetch<PublicCredential>(`/api/credentials/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}
