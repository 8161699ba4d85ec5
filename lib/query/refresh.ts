"use client";
import type { InvalidateQueryFilters, QueryClient } from "@tanstack/react-query";

/**
 * After a write: the matching queries fetched again, from after the write. An invalidation alone is not enough:
 * TanStack Query answers it, for a query that has no data yet (a search just typed, say), with the fetch already
 * in flight, which may have left before the write was committed, so a test's result or a rename would not show.
 * Cancelling first makes the refetch a new request.
 */
export async function refetchAfterWrite(qc: QueryClient, filters: InvalidateQueryFilters): Promise<void> {
  await qc.cancelQueries(filters);
  await qc.invalidateQueries(filters);
}
