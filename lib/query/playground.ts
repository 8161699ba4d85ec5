"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { JudgeInput, RunCreateInput, RunListQuery } from "@/lib/playground/schema";
import type { Paged, PublicRun, PublicVerdict, RunSummaryRow, TargetCatalog } from "@/lib/playground/types";
import { refetchAfterWrite } from "./refresh";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

// Playground resources. Streaming a column is not a query: see components/playground/use-column-streams.ts.

export function usePlaygroundTargets() {
  return useQuery({
    queryKey: [...queryKeys.runs.all, "targets"],
    queryFn: ({ signal }) => apiFetch<TargetCatalog>("/api/playground/targets", { signal }),
  });
}

export function useRuns(params: Partial<RunListQuery> = {}) {
  return useQuery({
    queryKey: queryKeys.runs.list(params),
    queryFn: ({ signal }) => apiFetch<Paged<RunSummaryRow>>(`/api/playground/runs${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRun(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.runs.detail(id ?? ""),
    queryFn: ({ signal }) => apiFetch<PublicRun>(`/api/playground/runs/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useCreateRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RunCreateInput) => apiFetch<PublicRun>("/api/playground/runs", { body: input }),
    onSuccess: (run) => {
      qc.setQueryData(queryKeys.runs.detail(run.id), run);
      void refetchAfterWrite(qc, { queryKey: queryKeys.runs.lists() });
    },
  });
}

export function useVote(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (voteColumn: number | null) => apiFetch<PublicRun>(`/api/playground/runs/${runId}`, { method: "PATCH", body: { voteColumn } }),
    onSuccess: (run) => {
      qc.setQueryData(queryKeys.runs.detail(run.id), run);
      void refetchAfterWrite(qc, { queryKey: queryKeys.runs.lists() });
    },
  });
}

export function useJudge(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: JudgeInput) => apiFetch<PublicVerdict>(`/api/playground/runs/${runId}/judge`, { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: queryKeys.runs.detail(runId) }),
  });
}
