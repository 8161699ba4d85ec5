"use client";
import { useDeferredValue, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ColumnMetrics, PublicResult, RoutingTraceView } from "@/lib/playground/types";
import { ColumnMetricsView } from "./column-metrics";
import { MarkdownView } from "./markdown-view";

// One column's answer: status, live or saved output (rendered or raw), copy, stop, error with hint, metrics.

export type OutputStatus = "waiting" | "streaming" | "done" | "stopped" | "error" | "pending";

const TONE = { waiting: "neutral", pending: "neutral", streaming: "indigo", done: "green", stopped: "amber", error: "red" } as const;
const LABEL = { waiting: "Waiting", pending: "Not run", streaming: "Streaming", done: "Done", stopped: "Stopped", error: "Error" } as const;

export interface ColumnOutputProps {
  index: number;
  title: string;
  subtitle?: string;
  status: OutputStatus;
  output: string;
  metrics: ColumnMetrics | null;
  liveTtftMs?: number | null;
  error?: { kind: string; message: string; hint: string | null } | null;
  failure?: string | null;
  servedBy?: string | null;
  trace?: RoutingTraceView | null;
  onStop?: () => void;
  highlight?: boolean;
}

export function resultProps(r: PublicResult): Pick<ColumnOutputProps, "status" | "output" | "metrics" | "error" | "servedBy" | "trace"> {
  return { status: r.status, output: r.output, metrics: r.metrics, error: r.error, servedBy: r.servedBy, trace: r.trace };
}

export function ColumnOutput(p: ColumnOutputProps) {
  const [raw, setRaw] = useState(false);
  // Rendering Markdown costs far more than showing text: it runs in a deferred render that yields to the
  // browser, so a first token (shown as plain text until the Markdown catches up) and other columns paint first.
  const rendered = useDeferredValue(p.output);
  const [copied, setCopied] = useState(false);
  const name = `Column ${p.index + 1}: ${p.title}`;
  const copy = async () => {
    await navigator.clipboard?.writeText(p.output).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <section
      aria-label={name}
      className={`flex min-w-0 flex-col gap-2 rounded-lg border bg-white p-3 dark:bg-zinc-900 ${p.highlight ? "border-emerald-500 ring-1 ring-emerald-500" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-semibold" title={p.title}>
            <span className="text-zinc-500">{p.index + 1}.</span> {p.title}
          </h3>
          {p.subtitle ? <p className="truncate text-xs text-zinc-500">{p.subtitle}</p> : null}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <Badge tone={TONE[p.status]}>{LABEL[p.status]}</Badge>
          {p.onStop && (p.status === "streaming" || p.status === "waiting") ? (
            <Button variant="secondary" size="sm" aria-label={`Stop column ${p.index + 1}`} onClick={p.onStop}>
              ■ Stop
            </Button>
          ) : null}
        </div>
      </header>
      {p.status === "error" ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <p className="font-medium">{p.error ? `${p.error.kind.replaceAll("_", " ")}: ${p.error.message}` : (p.failure ?? "The column failed.")}</p>
          {p.error?.hint ? <p className="mt-1">Hint: {p.error.hint}</p> : null}
        </div>
      ) : null}
      <div aria-live="polite" aria-busy={p.status === "streaming"} data-testid={`column-${p.index + 1}-output`} className="min-h-24 flex-1 overflow-auto rounded-md bg-zinc-50 p-2 dark:bg-zinc-950">
        {p.output ? (
          raw ? (
            <pre className="font-mono text-xs whitespace-pre-wrap">{p.output}</pre>
          ) : rendered ? (
            <MarkdownView text={rendered} />
          ) : (
            <div className="text-sm leading-relaxed whitespace-pre-wrap break-words">{p.output}</div>
          )
        ) : (
          <p className="text-xs text-zinc-500">{p.status === "waiting" || p.status === "streaming" ? "Waiting for the first token…" : p.status === "error" ? "No output." : "No output yet."}</p>
        )}
      </div>
      <div className="flex items-center gap-1">
        <Button variant="ghost" size="sm" aria-pressed={raw} onClick={() => setRaw((r) => !r)}>
          {raw ? "Rendered" : "Raw"}
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Copy output of column ${p.index + 1}`} onClick={copy} disabled={!p.output}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <ColumnMetricsView metrics={p.metrics} liveTtftMs={p.liveTtftMs} servedBy={p.servedBy} trace={p.trace} label={name} />
    </section>
  );
}
