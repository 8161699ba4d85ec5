"use client";
import { useMutation, useQuery, useQueryClient, keepPreviousData } from "@tanstack/react-query";
import type { ModelInput, ModelListQuery, Page, PublicModel } from "@/lib/models/schema";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

export function useModels(params: Partial<ModelListQuery> = {}) {
  return useQuery({
    queryKey: queryKeys.models.list(params),
    queryFn: ({ signal }) => apiFetch<Page<PublicModel>>(`/api/models${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ModelInput) => apiFetch<PublicModel>("/api/models", { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }),
  });
}
