"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RolloutCreate, RolloutView, ShadowComparison, ShadowConfigView, ShadowUpdate } from "@/lib/shadow/schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

// Shadow candidates, the live comparison and rollouts: all hang under the group's detail key, so a group
// invalidation refreshes them too.

const keys = queryKeys.groups;
const path = (id: string) => `/api/groups/${encodeURIComponent(id)}`;
const shadowKey = (id: string) => [...keys.detail(id), "shadow"] as const;
const comparisonKey = (id: string, windowMinutes: number) => [...keys.detail(id), "shadow-comparison", windowMinutes] as const;
const rolloutsKey = (id: string) => [...keys.detail(id), "rollouts"] as const;

export function useShadowConfig(groupId: string) {
  return useQuery({ queryKey: shadowKey(groupId), queryFn: ({ signal }) => apiFetch<ShadowConfigView>(`${path(groupId)}/shadow`, { signal }) });
}

export function useSaveShadowConfig(groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ShadowUpdate) => apiFetch<ShadowConfigView>(`${path(groupId)}/shadow`, { method: "PUT", body }),
    onSuccess: (view) => {
      qc.setQueryData(shadowKey(groupId), view);
      // The group's version moved with this edit.
      return refetchAfterWrite(qc, { queryKey: keys.detail(groupId), exact: true });
    },
  });
}

/** Refreshes on its own while the page is open. */
export function useShadowComparison(groupId: string, windowMinutes: number, refetchInterval = 3_000) {
  return useQuery({
    queryKey: comparisonKey(groupId, windowMinutes),
    queryFn: ({ signal }) => apiFetch<ShadowComparison>(`${path(groupId)}/shadow/comparison${toQueryString({ windowMinutes })}`, { signal }),
    refetchInterval,
    staleTime: 0,
  });
}

export function useRollouts(groupId: string, refetchInterval = 2_000) {
  return useQuery({ queryKey: rolloutsKey(groupId), queryFn: ({ signal }) => apiFetch<RolloutView[]>(`${path(groupId)}/rollouts`, { signal }), refetchInterval, staleTime: 0 });
}

export function useStartRollout(groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RolloutCreate) => apiFetch<RolloutView>(`${path(groupId)}/rollouts`, { body }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.detail(groupId) }),
  });
}

export function useCancelRollout(groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rolloutId: string) => apiFetch<RolloutView>(`${path(groupId)}/rollouts/${encodeURIComponent(rolloutId)}/cancel`, { method: "POST" }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.detail(groupId) }),
  });
}
