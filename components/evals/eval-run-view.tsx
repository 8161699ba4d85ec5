"use client";
import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { useEvalRun, useEvalRunAction } from "@/lib/query/evals";
import { EvalCases } from "./eval-cases";
import { ReportTable, Verdicts } from "./eval-report";
import { ProgressBar, StatusBadge } from "./progress";

const EvalCharts = dynamic(() => import("./eval-charts"), { ssr: false, loading: () => <LoadingState label="Loading charts…" /> });

export function EvalRunView({ id }: { id: string }) {
  const run = useEvalRun(id);
  const act = useEvalRunAction(id);
  if (run.isPending) return <LoadingState label="Loading eval run…" />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => run.refetch()} />;
  const r = run.data;
  const canPause = r.status === "queued" || r.status === "running";
  const canResume = r.status === "paused" || r.status === "cancelled" || r.status === "failed";
  const canCancel = canPause || r.status === "paused";
  return (
    <div className="space-y-6">
      <PageHeader
        title={r.name}
        description={
          <>
            {r.dataset.name} v{r.dataset.version} · {r.targets.map((t) => t.name).join(" vs ")} · runs on the server: you can leave this page.
          </>
        }
        actions={
          <>
            {canPause ? (
              <Button variant="secondary" onClick={() => act.mutate("pause")} disabled={act.isPending}>
                Pause
              </Button>
            ) : null}
            {canResume ? (
              <Button variant="secondary" onClick={() => act.mutate("resume")} disabled={act.isPending}>
                Resume
              </Button>
            ) : null}
            {canCancel ? (
              <Button variant="danger" onClick={() => act.mutate("cancel")} disabled={act.isPending}>
                Cancel
              </Button>
            ) : null}
            <a className="self-center text-sm text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/evals/${r.id}/export?format=csv`}>
              Export CSV
            </a>
            <a className="self-center text-sm text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/evals/${r.id}/export?format=json`}>
              Export JSON
            </a>
          </>
        }
      />
      <div className="flex items-center gap-3">
        <span className="text-sm">Status</span>
        <span data-testid="eval-status">
          <StatusBadge status={r.status} />
        </span>
      </div>
      <ProgressBar progress={r.progress} label="Eval progress" />
      {act.error ? <ErrorState error={act.error} /> : null}
      {r.failure ? <ErrorState error={new Error(r.failure)} /> : null}
      <Verdicts run={r} />
      <ReportTable run={r} />
      {r.progress.done > 0 ? <EvalCharts report={r.report} /> : null}
      <EvalCases run={r} />
    </div>
  );
}
