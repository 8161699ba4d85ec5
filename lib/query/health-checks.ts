"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { HealthCheckRun, HealthCheckSettingsUpdate, HealthCheckSettingsView } from "@/lib/groups/health-check-schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./keys";

const keys = queryKeys.health;

export function useHealthCheckSettings() {
  return useQuery({
    queryKey: keys.detail("settings"),
    queryFn: ({ signal }) => apiFetch<HealthCheckSettingsView>("/api/health-checks", { signal }),
  });
}

export function useSaveHealthCheckSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HealthCheckSettingsUpdate) => apiFetch<HealthCheckSettingsView>("/api/health-checks", { method: "PUT", body: input }),
    onSuccess: (saved) => qc.setQueryData(keys.detail("settings"), saved),
  });
}

/** "Check now": the group's health view picks the results up from the request log. */
export function useRunHealthChecks(groupId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<HealthCheckRun>("/api/health-checks/run", { body: groupId ? { groupId } : {} }),
    onSuccess: () => Promise.all([refetchAfterWrite(qc, { queryKey: keys.all }), refetchAfterWrite(qc, { queryKey: queryKeys.groups.details() })]),
  });
}
