"use client";
import { useMutation, useQuery, useQueryClient, keepPreviousData } from "@tanstack/react-query";
import type { ResolvedModel } from "@/lib/completion/resolve-model";
import type { DiscoverSource, DiscoveredModel, FineTuneJob, ImportBody, ImportResult, JobsSource } from "@/lib/models/import-schema";
import type { ModelCreateInput, ModelDetail, ModelListQuery, ModelPatchInput, ModelRegisterInput, ModelSaveInput, Page, PublicModel, TestResult } from "@/lib/models/schema";
import { refetchAfterWrite } from "./refresh";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

const keys = queryKeys.models;

/** `initial`: this list as the server rendered it (and when), used until the cache has its own copy. */
export function useModels(params: Partial<ModelListQuery> = {}, initial?: { data: Page<PublicModel>; at: number }) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: ({ signal }) => apiFetch<Page<PublicModel>>(`/api/models${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: keys.detail(id),
    queryFn: ({ signal }) => apiFetch<ModelDetail>(`/api/models/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Provider and base model detection as the user types (the caller debounces `model`). */
export function useResolve(params: { model: string; apiBase?: string; provider?: string }) {
  return useQuery({
    queryKey: [...keys.all, "resolve", params] as const,
    queryFn: ({ signal }) => apiFetch<ResolvedModel>(`/api/resolve${toQueryString(params)}`, { signal }),
    enabled: params.model.trim().length > 0,
    retry: false,
    staleTime: 60_000,
  });
}

export function useCreateModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ModelRegisterInput) => apiFetch<PublicModel>("/api/models", { body: input }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useUpdateModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ModelSaveInput) => apiFetch<PublicModel>(`/api/models/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useDeleteModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, cascade }: { id: string; cascade?: boolean }) =>
      apiFetch<{ deleted: true }>(`/api/models/${encodeURIComponent(id)}${cascade ? "?cascade=true" : ""}`, { method: "DELETE" }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

export function useTestModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<TestResult>(`/api/models/${encodeURIComponent(id)}/test`, { method: "POST" }),
    onSettled: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}

/** Test the edit form's unsaved changes (a PATCH body) against the stored model; nothing is saved. */
export function useTestEdits(id: string) {
  return useMutation({
    mutationFn: (patch: ModelPatchInput) => apiFetch<TestResult>(`/api/models/${encodeURIComponent(id)}/test-edits`, { body: patch }),
  });
}

export function useTestDraft() {
  return useMutation({
    mutationFn: (input: Partial<ModelCreateInput>) => apiFetch<TestResult>("/api/models/test", { body: input }),
  });
}

export function useFineTuneJobs() {
  return useMutation({
    mutationFn: (src: JobsSource) => apiFetch<{ jobs: FineTuneJob[] }>("/api/models/import/jobs", { body: src }),
  });
}

export function useDiscoverModels() {
  return useMutation({
    mutationFn: (src: DiscoverSource) => apiFetch<{ models: DiscoveredModel[] }>("/api/models/import/discover", { body: src }),
  });
}

export function useImportModels() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportBody) => apiFetch<ImportResult>("/api/models/import", { body }),
    onSuccess: () => refetchAfterWrite(qc, { queryKey: keys.all }),
  });
}
