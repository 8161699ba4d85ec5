import { Badge } from "@/components/ui/badge";
import type { TestResult } from "@/lib/models/schema";

/** The outcome of a connection test: latency, the endpoint called (no secrets) and the mapped error with its hint. */
export function TestResultView({ result, title = "Connection test" }: { result: Pick<TestResult, "ok" | "at" | "latencyMs" | "endpoint" | "message"> & { error?: TestResult["error"] }; title?: string }) {
  return (
    <div
      role="status"
      aria-label={title}
      className={
        result.ok
          ? "rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/50"
          : "rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/50"
      }
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={result.ok ? "green" : "red"}>{result.ok ? "Connected" : "Failed"}</Badge>
        {result.latencyMs !== null ? <span className="text-zinc-700 dark:text-zinc-300">{result.latencyMs} ms</span> : null}
        {result.error ? <Badge tone="amber">{result.error.kind.replaceAll("_", " ")}</Badge> : null}
        <span className="text-xs text-zinc-500">{new Date(result.at).toLocaleString()}</span>
      </div>
      {result.endpoint ? (
        <p className="mt-1 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
          <span className="sr-only">Endpoint: </span>POST {result.endpoint}
        </p>
      ) : null}
      {result.error ? (
        <>
          <p className="mt-1 text-red-800 dark:text-red-200">{result.error.message}</p>
          {result.error.hint ? <p className="mt-1 font-medium text-red-900 dark:text-red-100">Hint: {result.error.hint}</p> : null}
        </>
      ) : result.message ? (
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">{result.message}</p>
      ) : null}
    </div>
  );
}
