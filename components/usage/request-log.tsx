"use client";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import type { RequestListQuery } from "@/lib/gateway/usage-schema";
import { useRequestLog } from "@/lib/query/usage";
import { formatDateTime, formatMs, formatUsd } from "@/components/keys/format";

const PAGE_SIZE = 25;

export function RequestLog() {
  const [outcome, setOutcome] = useState<RequestListQuery["outcome"]>("all");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const log = useRequestLog({ outcome, page, pageSize: PAGE_SIZE });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <Field label="Outcome" htmlFor="log-outcome" className="w-48">
          <Select
            id="log-outcome"
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value as RequestListQuery["outcome"]);
              setPage(1);
            }}
          >
            <option value="all">All requests</option>
            <option value="ok">Successful</option>
            <option value="error">Errors</option>
          </Select>
        </Field>
        <Button variant="secondary" onClick={() => log.refetch()} disabled={log.isFetching}>
          {log.isFetching ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
      {log.isPending ? (
        <LoadingState label="Loading requests…" />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : log.data.items.length === 0 ? (
        <EmptyState title={outcome === "all" ? "No requests logged yet" : "No matching requests"}>
          Every call through the gateway is logged with its key, group, model, status, latency, tokens and cost.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Request log</caption>
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-3 py-2">Time</th>
                <th scope="col" className="px-3 py-2">Key</th>
                <th scope="col" className="px-3 py-2">Group</th>
                <th scope="col" className="px-3 py-2">Model</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2 text-right">Latency</th>
                <th scope="col" className="px-3 py-2 text-right">TTFT</th>
                <th scope="col" className="px-3 py-2 text-right">Tokens</th>
                <th scope="col" className="px-3 py-2 text-right">Cost</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Details</span></th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((r) => (
                <Fragment key={r.id}>
                  <tr className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                    <td className="whitespace-nowrap px-3 py-2 text-xs">{formatDateTime(r.createdAt)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-xs">{r.key ? `${r.key.name} (••••${r.key.last4})` : r.source === "gateway" ? "master key" : r.source}</td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{r.groupName ?? "—"}</td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{r.modelName ?? "—"}</td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <Badge tone={r.ok ? "green" : "red"}>{r.status}</Badge>
                      {r.errorKind ? <span className="ml-1 text-xs text-zinc-500">{r.errorKind}</span> : null}
                      {r.stream ? <span className="ml-1 text-xs text-zinc-500">stream</span> : null}
                      {r.source === "shadow" ? <Badge tone="indigo" className="ml-1">shadow</Badge> : null}
                    </td>
                    <td className="px-3 py-2 text-right text-xs tabular-nums">{formatMs(r.latencyMs)}</td>
                    <td className="px-3 py-2 text-right text-xs tabular-nums">{formatMs(r.ttftMs)}</td>
                    <td className="px-3 py-2 text-right text-xs tabular-nums">{r.tokensIn === null ? "—" : `${r.tokensIn} / ${r.tokensOut ?? 0}`}</td>
                    <td className="px-3 py-2 text-right text-xs tabular-nums">{formatUsd(r.costUsd)}</td>
                    <td className="px-3 py-2 text-right">
                      <Button variant="ghost" size="sm" aria-expanded={open === r.id} aria-label={`Details of request ${r.id}`} onClick={() => setOpen(open === r.id ? null : r.id)}>
                        {open === r.id ? "Hide" : "Details"}
                      </Button>
                    </td>
                  </tr>
                  {open === r.id ? (
                    <tr className="border-b border-zinc-100 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950">
                      <td colSpan={10} className="space-y-2 px-3 py-3 text-xs">
                        <p>
                          <span className="font-mono">{r.id}</span> · {r.attempts} attempt{r.attempts === 1 ? "" : "s"} · {r.fallbacks} fallback{r.fallbacks === 1 ? "" : "s"}
                          {r.provider ? ` · ${r.provider}` : ""}
                          {r.shadowOf ? ` · shadow of ${r.shadowOf}` : ""}
                        </p>
                        {r.prompt ? (
                          <>
                            <p className="font-medium">Prompt</p>
                            <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-white p-2 dark:bg-zinc-900">{r.prompt}</pre>
                            <p className="font-medium">Response</p>
                            <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-white p-2 dark:bg-zinc-900">{r.response ?? ""}</pre>
                          </>
                        ) : (
                          <p className="text-zinc-500">Prompt bodies are not kept for this key.</p>
                        )}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
          <nav aria-label="Request log pages" className="flex items-center justify-between px-4 py-2 text-xs text-zinc-500">
            <span>
              {log.data.total.toLocaleString()} requests · page {page} of {pages}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Previous
              </Button>
              <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Next
              </Button>
            </span>
          </nav>
        </div>
      )}
    </div>
  );
}
