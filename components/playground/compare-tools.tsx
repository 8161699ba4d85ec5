"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { LoadingState } from "@/components/ui/states";
import type { PublicRun } from "@/lib/playground/types";
import { VoteBar } from "./vote-bar";

// The diff library and the judge load once a run has finished, not with the playground.
const DiffView = dynamic(() => import("./diff-view").then((m) => m.DiffView), { ssr: false, loading: () => <LoadingState label="Loading the diff…" /> });
const JudgePanel = dynamic(() => import("./judge-panel").then((m) => m.JudgePanel), { ssr: false, loading: () => <LoadingState label="Loading the judge…" /> });

// What you do with a finished run: vote, diff two columns, ask a judge, export, open its page.

export function CompareTools({ run, showLink = true }: { run: PublicRun; showLink?: boolean }) {
  const labels = run.results.map((r) => r.target.name);
  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Compare</h2>
        <div className="flex flex-wrap gap-2 text-sm">
          {showLink ? (
            <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={`/playground/runs/${run.id}`}>
              Saved run page
            </Link>
          ) : null}
          <a className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/playground/runs/${run.id}/export?format=json`} download>
            Export JSON
          </a>
          <a className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/playground/runs/${run.id}/export?format=csv`} download>
            Export CSV
          </a>
        </div>
      </div>
      <VoteBar runId={run.id} labels={labels} voteColumn={run.voteColumn} />
      <details open={run.results.length === 2}>
        <summary className="cursor-pointer text-sm font-medium">Word diff</summary>
        <div className="mt-2">
          <DiffView columns={run.results.map((r) => ({ label: r.target.name, output: r.output }))} />
        </div>
      </details>
      <details>
        <summary className="cursor-pointer text-sm font-medium">LLM judge{run.verdicts.length ? ` (${run.verdicts.length})` : ""}</summary>
        <div className="mt-2">
          <JudgePanel run={run} />
        </div>
      </details>
    </div>
  );
}
