"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { MAX_TARGETS, SCORER_KINDS, type ScorerKind } from "@/lib/evals/schema";
import { useCreateEvalRun, useDatasets } from "@/lib/query/evals";
import { ApiClientError } from "@/lib/query/fetcher";
import { usePlaygroundTargets } from "@/lib/query/playground";
import { JudgeModelField, RubricField, judgeOrFirst } from "@/components/playground/judge-fields";

// A new eval run: a dataset, 2–6 targets (the first is the baseline), scorers, and an optional LLM judge.

const SCORER_NAMES: Record<ScorerKind, string> = {
  exact: "Exact match (reference)",
  contains: "Contains text",
  regex: "Matches regex",
  json: "Valid JSON",
  json_schema: "Matches JSON Schema",
  length: "Length bounds",
  similarity: "Similarity to reference (token F1)",
};

interface ScorerDraft {
  kind: ScorerKind;
  value: string;
  min: string;
  max: string;
  threshold: string;
}

const DEFAULT_RUBRIC = "Prefer the answer that solves the user's problem correctly, concisely and politely.";

export function EvalRunForm() {
  const id = useId();
  const router = useRouter();
  const datasets = useDatasets();
  const catalog = usePlaygroundTargets();
  const create = useCreateEvalRun();
  const [name, setName] = useState("");
  const [datasetId, setDatasetId] = useState("");
  const [targets, setTargets] = useState<string[]>(["", ""]);
  const [scorers, setScorers] = useState<ScorerDraft[]>([{ kind: "similarity", value: "", min: "", max: "", threshold: "0.3" }]);
  const [useJudge, setUseJudge] = useState(false);
  const [judgeModel, setJudgeModel] = useState("");
  const [rubric, setRubric] = useState(DEFAULT_RUBRIC);
  const [concurrency, setConcurrency] = useState(4);

  const models = catalog.data?.families.flatMap((f) => f.models) ?? [];
  const groups = catalog.data?.groups ?? [];
  const dataset = datasetId || datasets.data?.items[0]?.id || "";

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        name: name || `Eval ${new Date().toLocaleString()}`,
        datasetId: dataset,
        targets: targets.map((t) => {
          const [type, ...rest] = t.split(":");
          return { type: type === "group" ? "group" : "model", name: rest.join(":") };
        }),
        baseline: 0,
        scorers: scorers.map((s) => ({
          kind: s.kind,
          ...(s.value ? { value: s.value } : {}),
          ...(s.min !== "" ? { min: Number(s.min) } : {}),
          ...(s.max !== "" ? { max: Number(s.max) } : {}),
          ...(s.kind === "similarity" && s.threshold !== "" ? { threshold: Number(s.threshold) } : {}),
        })),
        judge: useJudge ? { model: judgeOrFirst(judgeModel, models), rubric } : null,
        concurrency,
      },
      { onSuccess: (run) => router.push(`/evals/${run.id}`) },
    );
  }

  const setScorer = (i: number, patch: Partial<ScorerDraft>) => setScorers((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const fields = create.error instanceof ApiClientError ? create.error.fields : undefined;
  const fieldError = (prefix: string) => Object.entries(fields ?? {}).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1][0];

  if (datasets.data && !datasets.data.items.length) return null;
  return (
    <form onSubmit={submit} aria-label="New eval run" className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">New eval run</h2>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Run name" htmlFor={`${id}-name`}>
          <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="support-ft vs base" />
        </Field>
        <Field label="Dataset" htmlFor={`${id}-dataset`} error={fieldError("datasetId")}>
          <Select id={`${id}-dataset`} value={dataset} onChange={(e) => setDatasetId(e.target.value)} required>
            {datasets.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} (v{d.latestVersion}, {d.caseCount} cases)
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Concurrency per target" htmlFor={`${id}-conc`}>
          <Input id={`${id}-conc`} type="number" min={1} max={32} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value) || 1)} />
        </Field>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Targets (the first is the baseline)</legend>
        {targets.map((t, i) => (
          <div key={i} className="flex items-end gap-2">
            <Field label={i === 0 ? "Target 1 (baseline)" : `Target ${i + 1}`} htmlFor={`${id}-t${i}`} className="flex-1" error={fieldError(`targets.${i}`)}>
              <Select id={`${id}-t${i}`} value={t} onChange={(e) => setTargets((all) => all.map((x, j) => (j === i ? e.target.value : x)))} required>
                <option value="">Choose a model or group…</option>
                <optgroup label="Models">
                  {models.map((m) => (
                    <option key={m.name} value={`model:${m.name}`}>
                      {m.name}
                    </option>
                  ))}
                </optgroup>
                {groups.length ? (
                  <optgroup label="Routing groups">
                    {groups.map((g) => (
                      <option key={g.name} value={`group:${g.name}`}>
                        {g.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </Select>
            </Field>
            {targets.length > 2 ? (
              <Button variant="ghost" size="sm" aria-label={`Remove target ${i + 1}`} onClick={() => setTargets((all) => all.filter((_, j) => j !== i))}>
                ✕
              </Button>
            ) : null}
          </div>
        ))}
        {targets.length < MAX_TARGETS ? (
          <Button variant="secondary" size="sm" onClick={() => setTargets((all) => [...all, ""])}>
            + Add target
          </Button>
        ) : null}
        {fieldError("targets") && !fields?.["targets.0.target"] ? <p className="text-xs text-red-600">{fieldError("targets")}</p> : null}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Scorers</legend>
        {scorers.map((s, i) => (
          <div key={i} className="grid items-end gap-2 sm:grid-cols-[14rem_1fr_auto]">
            <Field label={`Scorer ${i + 1}`} htmlFor={`${id}-s${i}`}>
              <Select id={`${id}-s${i}`} value={s.kind} onChange={(e) => setScorer(i, { kind: e.target.value as ScorerKind })}>
                {SCORER_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {SCORER_NAMES[k]}
                  </option>
                ))}
              </Select>
            </Field>
            {s.kind === "contains" || s.kind === "regex" || s.kind === "json_schema" ? (
              <Field label={s.kind === "contains" ? "Text" : s.kind === "regex" ? "Pattern" : "JSON Schema"} htmlFor={`${id}-s${i}-v`} error={fieldError(`scorers.${i}`)}>
                <Input id={`${id}-s${i}-v`} value={s.value} onChange={(e) => setScorer(i, { value: e.target.value })} className="font-mono" />
              </Field>
            ) : s.kind === "length" ? (
              <div className="grid grid-cols-2 gap-2">
                <Field label="Min chars" htmlFor={`${id}-s${i}-min`} error={fieldError(`scorers.${i}`)}>
                  <Input id={`${id}-s${i}-min`} type="number" min={0} value={s.min} onChange={(e) => setScorer(i, { min: e.target.value })} />
                </Field>
                <Field label="Max chars" htmlFor={`${id}-s${i}-max`}>
                  <Input id={`${id}-s${i}-max`} type="number" min={0} value={s.max} onChange={(e) => setScorer(i, { max: e.target.value })} />
                </Field>
              </div>
            ) : s.kind === "similarity" ? (
              <Field label="Pass at token F1 ≥" htmlFor={`${id}-s${i}-th`}>
                <Input id={`${id}-s${i}-th`} type="number" min={0} max={1} step={0.05} value={s.threshold} onChange={(e) => setScorer(i, { threshold: e.target.value })} />
              </Field>
            ) : (
              <div />
            )}
            <Button variant="ghost" size="sm" aria-label={`Remove scorer ${i + 1}`} onClick={() => setScorers((all) => all.filter((_, j) => j !== i))}>
              ✕
            </Button>
          </div>
        ))}
        <Button variant="secondary" size="sm" onClick={() => setScorers((all) => [...all, { kind: "contains", value: "", min: "", max: "", threshold: "0.5" }])}>
          + Add scorer
        </Button>
        {fieldError("scorers") && !scorers.length ? <p className="text-xs text-red-600">{fieldError("scorers")}</p> : null}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">LLM judge</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={useJudge} onChange={(e) => setUseJudge(e.target.checked)} />
          Judge each target against the baseline (pairwise, both orders)
        </label>
        {useJudge ? (
          <div className="grid gap-4 sm:grid-cols-[16rem_1fr]">
            <JudgeModelField id={`${id}-judge`} models={models} value={judgeOrFirst(judgeModel, models)} onChange={setJudgeModel} error={fieldError("judge.model")} />
            <RubricField id={`${id}-rubric`} value={rubric} onChange={setRubric} error={fieldError("judge.rubric")} />
          </div>
        ) : null}
      </fieldset>

      {create.error ? (
        <p role="alert" className="text-sm text-red-600">
          {create.error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={create.isPending || !dataset}>
        {create.isPending ? "Starting…" : "Start eval run"}
      </Button>
    </form>
  );
}
