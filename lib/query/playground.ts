"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BatchCreateInput, JudgeInput, RunCreateInput, RunListQuery } from "@/lib/playground/schema";
import type { Paged, PublicRun, PublicVerdict, RunSummaryRow, TargetCatalog } from "@/lib/playground/types";
import type { BatchDetail, BatchSummaryRow } from "@/lib/playground/batch-types";
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
      void qc.invalidateQueries({ queryKey: queryKeys.runs.lists() });
    },
  });
}

export function useVote(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (voteColumn: number | null) => apiFetch<PublicRun>(`/api/playground/runs/${runId}`, { method: "PATCH", body: { voteColumn } }),
    onSuccess: (run) => {
      qc.setQueryData(queryKeys.runs.detail(run.id), run);
      void qc.invalidateQueries({ queryKey: queryKeys.runs.lists() });
      if (run.batchId) void qc.invalidateQueries({ queryKey: queryKeys.batches.detail(run.batchId) });
    },
  });
}

export function useJudge(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: JudgeInput) => apiFetch<PublicVerdict>(`/api/playground/runs/${runId}/judge`, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.runs.detail(runId) }),
  });
}

export function useBatches(params: { page?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.batches.list(params),
    queryFn: ({ signal }) => apiFetch<Paged<BatchSummaryRow>>(`/api/playground/batches${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useBatch(id: string) {
  return useQuery({
    queryKey: queryKeys.batches.detail(id),
    queryFn: ({ signal }) => apiFetch<BatchDetail>(`/api/playground/batches/${id}`, { signal }),
  });
}

export function useCreateBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: BatchCreateInput) => apiFetch<BatchDetail>("/api/playground/batches", { body: input }),
    onSuccess: (batch) => {
      qc.setQueryData(queryKeys.batches.detail(batch.id), batch);
      void qc.invalidateQueries({ queryKey: queryKeys.batches.lists() });
    },
  });
}

export function usePatchBatch(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: "running" | "paused" | "cancelled") => apiFetch<BatchDetail>(`/api/playground/batches/${id}`, { method: "PATCH", body: { status } }),
    onSuccess: (batch) => {
      qc.setQueryData(queryKeys.batches.detail(id), batch);
      void qc.invalidateQueries({ queryKey: queryKeys.batches.lists() });
    },
  });
}
