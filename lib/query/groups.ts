"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GroupHealthView, GroupTestInput, GroupTestResult } from "@/lib/groups/console-schema";
import type { GroupCreateInput, GroupListQuery, GroupUpdateInput, PublicGroup } from "@/lib/groups/schema";
import type { LiteLlmImportResult } from "@/lib/litellm/types";
import type { Page } from "@/lib/models/schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

const keys = queryKeys.groups;
const path = (id: string) => `/api/groups/${encodeURIComponent(id)}`;

export function useGroups(params: Partial<GroupListQuery> = {}) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: ({ signal }) => apiFetch<Page<PublicGroup>>(`/api/groups${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useGroup(id: string) {
  return useQuery({
    queryKey: keys.detail(id),
    queryFn: ({ signal }) => apiFetch<PublicGroup>(path(id), { signal }),
  });
}

export function useCreateGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: GroupCreateInput) => apiFetch<PublicGroup>("/api/groups", { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useUpdateGroup(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: GroupUpdateInput) => apiFetch<PublicGroup>(path(id), { method: "PATCH", body: patch }),
    onSuccess: (g) => {
      qc.setQueryData(keys.detail(id), g);
      return refetchAfterWrite(qc, { queryKey: keys.lists() });
    },
  });
}

export function useDeleteGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ deleted: true; name: string }>(path(id), { method: "DELETE" }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

/** Live health: refreshes on its own while the editor is open. */
export function useGroupHealth(id: string, refetchInterval = 2_000) {
  return useQuery({
    queryKey: [...keys.detail(id), "health"] as const,
    queryFn: ({ signal }) => apiFetch<GroupHealthView>(`${path(id)}/health`, { signal }),
    refetchInterval,
    staleTime: 0,
  });
}

export function useTestGroup(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: GroupTestInput) => apiFetch<GroupTestResult>(`${path(id)}/test`, { body: input }),
    // The calls changed the router state and the request log the health view reads.
    onSettled: () => refetchAfterWrite(qc, { queryKey: [...keys.detail(id), "health"] }),
  });
}

export function useImportLiteLlm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { yaml: string }) => apiFetch<LiteLlmImportResult>("/api/groups/import", { body }),
    onSuccess: () => Promise.all([refetchAfterWrite(qc, { queryKey: keys.all }), refetchAfterWrite(qc, { queryKey: queryKeys.models.all })]),
  });
}

/** The export URL (a YAML download); `ids` empty means every group. */
export function exportUrl(ids: string[] = []): string {
  return `/api/groups/export${toQueryString({ ids: ids.join(",") })}`;
}
