"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { DatasetImportSchema, EvalRunCreateInput } from "@/lib/evals/schema";
import type { RunComparison } from "@/lib/evals/compare";
import type { DatasetDetail, DatasetSummary, EvalRunDetail, EvalRunSummary } from "@/lib/evals/types";
import { refetchAfterWrite } from "./refresh";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

// Datasets and eval runs. A run executes on the server; these hooks only read its progress (polling while it
// is unfinished) and send pause/resume/cancel.

const UNFINISHED = new Set(["queued", "running"]);
const POLL_MS = 1000;

export function useDatasets() {
  return useQuery({
    queryKey: queryKeys.datasets.lists(),
    queryFn: ({ signal }) => apiFetch<{ items: DatasetSummary[] }>("/api/datasets", { signal }),
  });
}

export function useDataset(id: string, version?: number) {
  return useQuery({
    queryKey: [...queryKeys.datasets.detail(id), version ?? "latest"],
    queryFn: ({ signal }) => apiFetch<DatasetDetail>(`/api/datasets/${id}${toQueryString({ version })}`, { signal }),
  });
}

export function useImportDataset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof DatasetImportSchema>) => apiFetch<DatasetDetail>("/api/datasets", { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: queryKeys.datasets.all }),
  });
}

export function useEvalRuns() {
  return useQuery({
    queryKey: queryKeys.evals.lists(),
    queryFn: ({ signal }) => apiFetch<{ items: EvalRunSummary[] }>("/api/evals", { signal }),
    refetchInterval: (q) => (q.state.data?.items.some((r) => UNFINISHED.has(r.status)) ? POLL_MS : false),
  });
}

export function useEvalRun(id: string) {
  return useQuery({
    queryKey: queryKeys.evals.detail(id),
    queryFn: ({ signal }) => apiFetch<EvalRunDetail>(`/api/evals/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data && UNFINISHED.has(q.state.data.status) ? POLL_MS : false),
  });
}

export function useCreateEvalRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: EvalRunCreateInput) => apiFetch<EvalRunDetail>("/api/evals", { body: input }),
    onSuccess: (run) => {
      qc.setQueryData(queryKeys.evals.detail(run.id), run);
      void refetchAfterWrite(qc, { queryKey: queryKeys.evals.lists() });
    },
  });
}

export function useEvalRunAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: "pause" | "resume" | "cancel") => apiFetch<EvalRunDetail>(`/api/evals/${id}`, { method: "PATCH", body: { action } }),
    onSuccess: (run) => {
      qc.setQueryData(queryKeys.evals.detail(run.id), run);
      void refetchAfterWrite(qc, { queryKey: queryKeys.evals.lists() });
    },
  });
}

export function useCompareEvalRuns(q: { a: string; aTarget: number; b: string; bTarget: number } | null) {
  return useQuery({
    queryKey: [...queryKeys.evals.all, "compare", q],
    queryFn: ({ signal }) => apiFetch<RunComparison>(`/api/evals/compare${toQueryString(q ?? {})}`, { signal }),
    enabled: !!q,
    retry: false,
  });
}

export function useAddDatasetVersion(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { format: "jsonl" | "csv"; content: string }) => apiFetch<DatasetDetail>(`/api/datasets/${id}/versions`, { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: queryKeys.datasets.all }),
  });
}

export function useVoteEvalCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { caseIndex: number; winner: number | null }) => apiFetch<EvalRunDetail>(`/api/evals/${id}/votes`, { method: "PUT", body: input }),
    onSuccess: (run) => qc.setQueryData(queryKeys.evals.detail(run.id), run),
  });
}
