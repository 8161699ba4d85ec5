"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PairPicker, usePair } from "@/components/ui/pair-picker";
import { ErrorState } from "@/components/ui/states";
import { usePlaygroundTargets, useJudge } from "@/lib/query/playground";
import type { PublicRun } from "@/lib/playground/types";
import { JudgeModelField, RubricField, judgeOrFirst } from "./judge-fields";

// A chosen model compares two columns against the user's rubric; its verdict and reason are saved with the run.

const DEFAULT_RUBRIC = "Prefer the answer that is correct, directly addresses the question, and is concise. Penalise made-up facts.";

export function JudgePanel({ run }: { run: PublicRun }) {
  const targets = usePlaygroundTargets();
  const judge = useJudge(run.id);
  const models = targets.data?.families.flatMap((f) => f.models) ?? [];
  const [judgeModel, setJudgeModel] = useState("");
  const [rubric, setRubric] = useState(DEFAULT_RUBRIC);
  const { a, b, setA, setB } = usePair(run.results.length);
  const label = (i: number) => `${i + 1}. ${run.results[i]?.target.name ?? ""}`;
  const chosen = judgeOrFirst(judgeModel, models);
  if (run.results.length < 2) return <p className="text-sm text-zinc-500">A judge needs two columns.</p>;
  return (
    <div className="space-y-3">
      <form
        className="grid gap-3 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          judge.mutate({ judgeModel: chosen, rubric, columnA: a, columnB: b });
        }}
      >
        <JudgeModelField id="judge-model" models={models} value={chosen} onChange={setJudgeModel} />
        <PairPicker id="judge" labels={["Answer A", "Answer B"]} options={run.results.map((_, i) => label(i))} a={a} b={b} onA={setA} onB={setB} />
        <RubricField id="judge-rubric" value={rubric} onChange={setRubric} className="sm:col-span-3" />
        <div className="sm:col-span-3">
          <Button type="submit" size="sm" disabled={judge.isPending || !chosen || a === b || !rubric.trim()}>
            {judge.isPending ? "Judging…" : "Ask the judge"}
          </Button>
          {a === b ? <span className="ml-2 text-xs text-zinc-500">Pick two different answers.</span> : null}
        </div>
      </form>
      {judge.isError ? <ErrorState error={judge.error} /> : null}
      {run.verdicts.length ? (
        <ul className="space-y-2">
          {run.verdicts.map((v) => (
            <li key={v.id} className="rounded-md bg-zinc-50 p-2 text-sm dark:bg-zinc-950">
              <p className="font-medium">
                {v.judgeModel}: {v.winner === -1 ? "tie" : `${label(v.winner)} wins`} ({label(v.columnA)} vs {label(v.columnB)})
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">{v.reason || "No reason given."}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">No verdicts yet.</p>
      )}
    </div>
  );
}
