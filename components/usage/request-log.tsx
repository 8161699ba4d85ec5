"use client";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { EmptyState, QueryView } from "@/components/ui/states";
import { Table, TablePager, Td, Tr } from "@/components/ui/table";
import type { RequestListQuery } from "@/lib/usage/schema";
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
      <QueryView
        query={log}
        loading="Loading requests…"
        empty={
          <EmptyState title={outcome === "all" ? "No requests logged yet" : "No matching requests"}>
            Every call through the gateway is logged with its key, group, model, status, latency, tokens and cost.
          </EmptyState>
        }
      >
        {(d) => (
          <Table
            caption="Request log"
            dense
            columns={[
              "Time",
              "Key",
              "Group",
              "Model",
              "Status",
              { header: "Latency", align: "right" },
              { header: "TTFT", align: "right" },
              { header: "Tokens", align: "right" },
              { header: "Cost", align: "right" },
              { header: "Details", srOnly: true },
            ]}
            footer={<TablePager label="Request log pages" summary={`${d.total.toLocaleString()} requests · page ${page} of ${pages}`} page={page} pages={pages} onPage={setPage} />}
          >
            {d.items.map((r) => (
              <Fragment key={r.id}>
                <Tr>
                  <Td className="whitespace-nowrap text-xs">{formatDateTime(r.createdAt)}</Td>
                  <Td className="whitespace-nowrap text-xs">{r.key ? `${r.key.name} (••••${r.key.last4})` : r.source === "gateway" ? "master key" : r.source}</Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{r.groupName ?? "—"}</Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{r.modelName ?? "—"}</Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={r.ok ? "green" : "red"}>{r.status}</Badge>
                    {r.errorKind ? <span className="ml-1 text-xs text-zinc-500">{r.errorKind}</span> : null}
                    {r.stream ? <span className="ml-1 text-xs text-zinc-500">stream</span> : null}
                    {r.source === "shadow" ? <Badge tone="indigo" className="ml-1">shadow</Badge> : null}
                  </Td>
                  <Td align="right" className="text-xs">{formatMs(r.latencyMs)}</Td>
                  <Td align="right" className="text-xs">{formatMs(r.ttftMs)}</Td>
                  <Td align="right" className="text-xs">{r.tokensIn === null ? "—" : `${r.tokensIn} / ${r.tokensOut ?? 0}`}</Td>
                  <Td align="right" className="text-xs">{formatUsd(r.costUsd)}</Td>
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" aria-expanded={open === r.id} aria-label={`Details of request ${r.id}`} onClick={() => setOpen(open === r.id ? null : r.id)}>
                      {open === r.id ? "Hide" : "Details"}
                    </Button>
                  </Td>
                </Tr>
                {open === r.id ? (
                  <Tr className="bg-zinc-50 dark:bg-zinc-950">
                    <Td colSpan={10} className="space-y-2 py-3 text-xs">
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
                    </Td>
                  </Tr>
                ) : null}
              </Fragment>
            ))}
          </Table>
        )}
      </QueryView>
    </div>
  );
}
