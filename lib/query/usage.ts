"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RequestListQuery, RequestLogPage, UsageQuery, UsageReport } from "@/lib/usage/schema";
import { apiFetch, toQueryString } from "./fetcher";
import { queryKeys } from "./keys";

const REFRESH_MS = 10_000;

export function useUsage(params: Partial<UsageQuery>) {
  return useQuery({
    queryKey: queryKeys.usage.list({ kind: "report", ...params }),
    queryFn: ({ signal }) => apiFetch<UsageReport>(`/api/usage${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function useRequestLog(params: Partial<RequestListQuery>) {
  return useQuery({
    queryKey: queryKeys.usage.list({ kind: "requests", ...params }),
    queryFn: ({ signal }) => apiFetch<RequestLogPage>(`/api/usage/requests${toQueryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}
