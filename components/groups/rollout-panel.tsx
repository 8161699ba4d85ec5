"use client";
import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { queryKeys } from "@/lib/query/keys";
import { useCancelRollout, useRollouts, useShadowConfig, useStartRollout } from "@/lib/query/shadow";
import type { RolloutGuards, RolloutStep, RolloutView } from "@/lib/shadow/schema";
import { panel, smallLabel } from "./styles";

// Guarded rollout: promote a shadow candidate to a weighted member step by step; a failed guard rolls back.

const TONE = { running: "indigo", completed: "green", rolled_back: "red", cancelled: "neutral" } as const;
const LABEL = { running: "running", completed: "completed", rolled_back: "rolled back", cancelled: "cancelled" } as const;

/** "5, 25, 50, 100" → steps, each held as the form says. */
type RolloutForm = Record<"modelId" | "steps" | "holdSeconds" | "holdRequests" | "maxErrorRate" | "maxP95Ms" | "minWinRate" | "minRequests", string>;

/** The hold and the guards: numbers, each left empty ("none", "off") to leave it out. */
const NUMBER_FIELDS: Array<{ key: keyof RolloutForm; id: string; label: string; min: number; max?: number; placeholder?: string }> = [
  { key: "holdSeconds", id: "hold-seconds", label: "Hold each (seconds)", min: 1 },
  { key: "holdRequests", id: "hold-requests", label: "and/or (requests)", min: 1, placeholder: "none" },
  { key: "minRequests", id: "min-requests", label: "Guards need (requests)", min: 1 },
  { key: "maxErrorRate", id: "max-error", label: "Max error rate (%)", min: 0, max: 100, placeholder: "off" },
  { key: "maxP95Ms", id: "max-p95", label: "Max p95 (ms)", min: 1, placeholder: "off" },
  { key: "minWinRate", id: "min-win", label: "Min judge win rate (%)", min: 0, max: 100, placeholder: "off" },
];

export function parseSteps(text: string, holdSeconds: string, holdRequests: string): RolloutStep[] | string {
  const parts = text.split(/[,\s→>]+/).filter(Boolean);
  if (!parts.length) return "Enter the step percentages, e.g. 5, 25, 50, 100";
  const hs = holdSeconds.trim() ? Number(holdSeconds) : undefined;
  const hr = holdRequests.trim() ? Number(holdRequests) : undefined;
  if (hs === undefined && hr === undefined) return "Hold each step for some seconds, some requests, or both";
  const steps: RolloutStep[] = [];
  for (const p of parts) {
    const n = Number(p.replace(/%$/, ""));
    if (!Number.isFinite(n) || n <= 0 || n > 100) return `"${p}" is not a percentage from 1 to 100`;
    steps.push({ percent: n, ...(hs !== undefined ? { holdSeconds: hs } : {}), ...(hr !== undefined ? { holdRequests: hr } : {}) });
  }
  return steps;
}

function Current({ r, groupId }: { r: RolloutView; groupId: string }) {
  const cancel = useCancelRollout(groupId);
  const step = r.steps[r.stepIndex];
  return (
    <div className="space-y-2" aria-label="Current rollout">
      <p className="text-sm">
        <span className="font-mono">{r.modelName}</span> <Badge tone={TONE[r.status]}>{LABEL[r.status]}</Badge>
      </p>
      {r.status === "running" && step ? (
        <p className="text-sm" role="status">
          Step {r.stepIndex + 1} of {r.steps.length}: {step.percent}% of traffic
        </p>
      ) : null}
      <ol className="flex gap-1" aria-label="Rollout steps">
        {r.steps.map((s, i) => {
          const done = r.status === "completed" || i < r.stepIndex;
          const now = r.status === "running" && i === r.stepIndex;
          return (
            <li key={i} className={`flex-1 rounded px-2 py-1 text-center text-xs ${done ? "bg-green-100 dark:bg-green-900/40" : now ? "bg-indigo-100 dark:bg-indigo-900/40" : "bg-zinc-100 dark:bg-zinc-800"}`}>
              {s.percent}%
            </li>
          );
        })}
      </ol>
      {r.reason ? (
        <p className={`text-sm ${r.status === "rolled_back" ? "text-red-700 dark:text-red-400" : ""}`} role={r.status === "rolled_back" ? "alert" : undefined}>
          {r.status === "rolled_back" ? "Rolled back: " : ""}
          {r.reason}
        </p>
      ) : null}
      <details>
        <summary className="cursor-pointer text-sm">History ({r.history.length})</summary>
        <ul className="mt-1 space-y-0.5 text-xs" aria-label="Rollout history">
          {r.history.map((h, i) => (
            <li key={i}>
              <span className="text-zinc-500">{new Date(h.at).toLocaleTimeString()}</span> {h.event.replace("_", " ")}
              {h.percent !== undefined ? ` to ${h.percent}%` : ""}
              {h.detail ? ` · ${h.detail}` : ""}
            </li>
          ))}
        </ul>
      </details>
      {r.status === "running" ? (
        <Button type="button" variant="danger" size="sm" disabled={cancel.isPending} onClick={() => cancel.mutate(r.id)}>
          Cancel and restore the members
        </Button>
      ) : null}
      {cancel.isError ? <p role="alert" className="text-sm text-red-600">{cancel.error.message}</p> : null}
    </div>
  );
}

export function RolloutPanel({ groupId }: { groupId: string }) {
  const rollouts = useRollouts(groupId);
  const shadow = useShadowConfig(groupId);
  const start = useStartRollout(groupId);
  const qc = useQueryClient();
  const [form, setForm] = useState<RolloutForm>({ modelId: "", steps: "5, 25, 50, 100", holdSeconds: "300", holdRequests: "", maxErrorRate: "5", maxP95Ms: "", minWinRate: "", minRequests: "5" });
  const [problem, setProblem] = useState<string | null>(null);

  // A step or a rollback edits the group's members: refresh the group when the rollout moves.
  const latest = rollouts.data?.[0];
  const marker = latest ? `${latest.id}:${latest.status}:${latest.stepIndex}` : "";
  const seen = useRef(marker);
  useEffect(() => {
    if (seen.current === marker) return;
    seen.current = marker;
    void qc.invalidateQueries({ queryKey: queryKeys.groups.detail(groupId) });
  }, [marker, groupId, qc]);

  if (rollouts.isPending) return <LoadingState label="Loading rollouts…" />;
  if (rollouts.isError) return <ErrorState error={rollouts.error} onRetry={() => rollouts.refetch()} />;
  const running = rollouts.data.find((r) => r.status === "running");
  const candidates = shadow.data?.candidates ?? [];

  const submit = () => {
    const steps = parseSteps(form.steps, form.holdSeconds, form.holdRequests);
    if (typeof steps === "string") return setProblem(steps);
    if (!form.modelId) return setProblem("Choose the candidate to roll out");
    setProblem(null);
    const guards: RolloutGuards = { minRequests: Number(form.minRequests) || 5 };
    if (form.maxErrorRate.trim()) guards.maxErrorRate = Number(form.maxErrorRate) / 100;
    if (form.maxP95Ms.trim()) guards.maxP95Ms = Number(form.maxP95Ms);
    if (form.minWinRate.trim()) guards.minWinRate = Number(form.minWinRate) / 100;
    start.mutate({ modelId: form.modelId, steps, guards });
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <section className={panel} aria-label="Guarded rollout">
      <h2 className="text-base font-semibold">Guarded rollout</h2>
      <p className="mb-3 text-xs text-zinc-500">Promote a shadow candidate to a weighted member step by step. Each step checks the guards; a failed guard restores the members at once.</p>
      {latest ? <Current r={latest} groupId={groupId} /> : null}
      {!running ? (
        <div className="mt-4 space-y-3 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          <h3 className="text-sm font-medium">Start a rollout</h3>
          <div>
            <label htmlFor="rollout-model" className={smallLabel}>Candidate</label>
            <Select id="rollout-model" value={form.modelId} onChange={set("modelId")}>
              <option value="">{candidates.length ? "Choose a shadow candidate…" : "Add a shadow candidate first"}</option>
              {candidates.map((c) => (
                <option key={c.modelId} value={c.modelId}>{c.modelName}</option>
              ))}
            </Select>
          </div>
          <div className="grid grid-cols-3 gap-2">
            <div className="col-span-3">
              <label htmlFor="rollout-steps" className={smallLabel}>Steps (% of traffic)</label>
              <Input id="rollout-steps" value={form.steps} onChange={set("steps")} placeholder="5, 25, 50, 100" />
            </div>
            {NUMBER_FIELDS.map((f) => (
              <div key={f.key}>
                <label htmlFor={`rollout-${f.id}`} className={smallLabel}>{f.label}</label>
                <Input id={`rollout-${f.id}`} type="number" min={f.min} max={f.max} value={form[f.key]} onChange={set(f.key)} placeholder={f.placeholder} />
              </div>
            ))}
          </div>
          {problem ? <p role="alert" className="text-sm text-red-600">{problem}</p> : null}
          {start.isError ? <p role="alert" className="text-sm text-red-600">{start.error.message}</p> : null}
          <Button type="button" onClick={submit} disabled={start.isPending}>
            {start.isPending ? "Starting…" : "Start rollout"}
          </Button>
        </div>
      ) : null}
      {rollouts.data.length > 1 ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm">Earlier rollouts ({rollouts.data.length - 1})</summary>
          <ul className="mt-1 space-y-1 text-xs">
            {rollouts.data.slice(1).map((r) => (
              <li key={r.id}>
                {new Date(r.createdAt).toLocaleString()} · <span className="font-mono">{r.modelName}</span> · {LABEL[r.status]}
                {r.reason ? ` · ${r.reason}` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
