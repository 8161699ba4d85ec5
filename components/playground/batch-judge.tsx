"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/field";
import { apiFetch } from "@/lib/query/fetcher";
import { queryKeys } from "@/lib/query/keys";
import { usePlaygroundTargets } from "@/lib/query/playground";
import type { BatchDetail } from "@/lib/playground/batch-types";

// Judge every finished row of a batch for one pair of columns; the verdicts feed the judge win rate.

const RUBRIC = "Prefer the answer that is correct, directly addresses the question, and is concise. Penalise made-up facts.";

export function BatchJudge({ batch }: { batch: BatchDetail }) {
  const qc = useQueryClient();
  const targets = usePlaygroundTargets();
  const models = targets.data?.families.flatMap((f) => f.models) ?? [];
  const [judgeModel, setJudgeModel] = useState("");
  const [rubric, setRubric] = useState(RUBRIC);
  const [a, setA] = useState(0);
  const [b, setB] = useState(1);
  const [progress, setProgress] = useState<{ done: number; total: number; failed: number } | null>(null);
  const stop = useRef(false);
  const [running, setRunning] = useState(false);
  const chosen = judgeModel || models[0]?.name || "";
  if (batch.targets.length < 2) return null;

  const judgeAll = async () => {
    const rows = batch.runs.filter((r) => r.results[a]?.status === "done" && r.results[b]?.status === "done" && !r.verdicts.some((v) => v.columnA === a && v.columnB === b && v.judgeModel === chosen));
    stop.current = false;
    setRunning(true);
    setProgress({ done: 0, total: rows.length, failed: 0 });
    const queue = [...rows];
    const worker = async () => {
      while (queue.length && !stop.current) {
        const run = queue.shift()!;
        let failed = 0;
        try {
          await apiFetch(`/api/playground/runs/${run.id}/judge`, { body: { judgeModel: chosen, rubric, columnA: a, columnB: b } });
        } catch {
          failed = 1;
        }
        setProgress((p) => (p ? { ...p, done: p.done + 1, failed: p.failed + failed } : p));
      }
    };
    await Promise.all([worker(), worker()]);
    setRunning(false);
    void qc.invalidateQueries({ queryKey: queryKeys.batches.detail(batch.id) });
  };

  return (
    <details className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="cursor-pointer text-sm font-medium">Judge every row with a model</summary>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <Field label="Judge model" htmlFor="bj-model">
          <Select id="bj-model" value={chosen} onChange={(e) => setJudgeModel(e.target.value)}>
            {models.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </Select>
        </Field>
        <Field label="Answer A" htmlFor="bj-a">
          <Select id="bj-a" value={a} onChange={(e) => setA(Number(e.target.value))}>
            {batch.targets.map((t, i) => (
              <option key={i} value={i}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Answer B" htmlFor="bj-b">
          <Select id="bj-b" value={b} onChange={(e) => setB(Number(e.target.value))}>
            {batch.targets.map((t, i) => (
              <option key={i} value={i}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Rubric" htmlFor="bj-rubric" className="sm:col-span-3">
          <Textarea id="bj-rubric" rows={2} value={rubric} onChange={(e) => setRubric(e.target.value)} />
        </Field>
        <div className="flex items-center gap-3 sm:col-span-3">
          {running ? (
            <Button variant="secondary" onClick={() => {
                stop.current = true;
              }}>
              Stop judging
            </Button>
          ) : (
            <Button onClick={() => void judgeAll()} disabled={!chosen || a === b || !rubric.trim()}>
              Judge all rows
            </Button>
          )}
          {progress ? (
            <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              Judged {progress.done} of {progress.total}
              {progress.failed ? ` (${progress.failed} failed)` : ""}
            </span>
          ) : null}
        </div>
      </div>
    </details>
  );
}
