"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { usePlaygroundTargets, useJudge } from "@/lib/query/playground";
import type { PublicRun } from "@/lib/playground/types";

// A chosen model compares two columns against the user's rubric; its verdict and reason are saved with the run.

const DEFAULT_RUBRIC = "Prefer the answer that is correct, directly addresses the question, and is concise. Penalise made-up facts.";

export function JudgePanel({ run }: { run: PublicRun }) {
  const targets = usePlaygroundTargets();
  const judge = useJudge(run.id);
  const models = targets.data?.families.flatMap((f) => f.models) ?? [];
  const [judgeModel, setJudgeModel] = useState("");
  const [rubric, setRubric] = useState(DEFAULT_RUBRIC);
  const [a, setA] = useState(0);
  const [b, setB] = useState(Math.min(1, run.results.length - 1));
  const label = (i: number) => `${i + 1}. ${run.results[i]?.target.name ?? ""}`;
  const chosen = judgeModel || models[0]?.name || "";
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
        <Field label="Judge model" htmlFor="judge-model">
          <Select id="judge-model" value={chosen} onChange={(e) => setJudgeModel(e.target.value)}>
            {models.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Answer A" htmlFor="judge-a">
          <Select id="judge-a" value={a} onChange={(e) => setA(Number(e.target.value))}>
            {run.results.map((_, i) => (
              <option key={i} value={i}>
                {label(i)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Answer B" htmlFor="judge-b">
          <Select id="judge-b" value={b} onChange={(e) => setB(Number(e.target.value))}>
            {run.results.map((_, i) => (
              <option key={i} value={i}>
                {label(i)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Rubric" htmlFor="judge-rubric" className="sm:col-span-3">
          <Textarea id="judge-rubric" rows={2} value={rubric} onChange={(e) => setRubric(e.target.value)} />
        </Field>
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
