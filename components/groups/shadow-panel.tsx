"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useModels } from "@/lib/query/models";
import { useSaveShadowConfig, useShadowConfig } from "@/lib/query/shadow";
import type { ShadowConfigView } from "@/lib/shadow/schema";
import { panel, smallLabel } from "./styles";

// Shadow candidates: registered models that receive a sampled copy of the group's traffic in the background.
// Clients never wait for them; their answers are logged as pairs beside production's for the comparison below.

interface Draft {
  modelId: string;
  modelName: string;
  sampleRate: string;
  timeoutMs: string;
  maxConcurrent: string;
}

const toDraft = (v: ShadowConfigView): Draft[] =>
  v.candidates.map((c) => ({ modelId: c.modelId, modelName: c.modelName, sampleRate: String(c.sampleRate), timeoutMs: String(c.timeoutMs), maxConcurrent: String(c.maxConcurrent) }));

export function ShadowPanel({ groupId, memberIds }: { groupId: string; memberIds: string[] }) {
  const config = useShadowConfig(groupId);
  const save = useSaveShadowConfig(groupId);
  if (config.isPending) return <LoadingState label="Loading shadow settings…" />;
  if (config.isError) return <ErrorState error={config.error} onRetry={() => config.refetch()} />;
  // Keyed by version: a save (here or elsewhere) starts the form again from what is stored.
  return <ShadowForm key={config.data.version} view={config.data} memberIds={memberIds} save={save} />;
}

function ShadowForm({ view, memberIds, save }: { view: ShadowConfigView; memberIds: string[]; save: ReturnType<typeof useSaveShadowConfig> }) {
  const models = useModels({ pageSize: 100 });
  const [draft, setDraft] = useState<Draft[]>(() => toDraft(view));
  const [judge, setJudge] = useState({ modelId: view.judge?.modelId ?? "", sampleRate: String(view.judge?.sampleRate ?? 100) });
  const [pick, setPick] = useState("");
  // Edited since the last save: hides the "Saved" note until the next one.
  const [dirty, setDirty] = useState(false);
  const saved = !dirty && save.isSuccess && save.data.version === view.version;
  const setSaved = (v: boolean) => setDirty(!v);
  const config = { data: view };

  const available = models.data?.items.filter((m) => !draft.some((d) => d.modelId === m.id) && !memberIds.includes(m.id)) ?? [];
  const update = (i: number, patch: Partial<Draft>) => {
    setSaved(false);
    setDraft(draft.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  };
  const add = () => {
    const m = models.data?.items.find((x) => x.id === pick);
    if (!m) return;
    setDraft([...draft, { modelId: m.id, modelName: m.name, sampleRate: "10", timeoutMs: "30000", maxConcurrent: "20" }]);
    setPick("");
    setSaved(false);
  };
  const submit = () =>
    save.mutate(
      {
        version: config.data.version,
        candidates: draft.map((d) => ({ modelId: d.modelId, sampleRate: Number(d.sampleRate), timeoutMs: Number(d.timeoutMs), maxConcurrent: Number(d.maxConcurrent) })),
        judge: judge.modelId ? { modelId: judge.modelId, sampleRate: Number(judge.sampleRate) } : null,
      },
      { onSuccess: () => setSaved(true) },
    );
  const fields = save.error && "fields" in save.error ? (save.error.fields as Record<string, string[]> | undefined) : undefined;

  return (
    <section className={panel} aria-label="Shadow traffic">
      <h2 className="text-base font-semibold">Shadow traffic</h2>
      <p className="mb-3 text-xs text-zinc-500">
        Candidates get a sampled copy of this group&apos;s requests in the background. Clients never wait for them; answers are logged in pairs with production&apos;s, and count as cost but not against a key&apos;s limits.
      </p>
      {draft.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-3 text-sm text-zinc-500 dark:border-zinc-700">No shadow candidates yet. Add a fine-tune to see how it would answer live traffic.</p>
      ) : (
        <ul className="space-y-2" aria-label="Shadow candidates">
          {draft.map((d, i) => (
            <li key={d.modelId} className="grid grid-cols-2 items-end gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))_auto] dark:border-zinc-800">
              <span className="col-span-2 break-all font-mono text-xs sm:col-span-1">{d.modelName}</span>
              <div>
                <label htmlFor={`shadow-rate-${i}`} className={smallLabel}>Sample rate (%) for {d.modelName}</label>
                <Input id={`shadow-rate-${i}`} type="number" min={0} max={100} step="any" value={d.sampleRate} onChange={(e) => update(i, { sampleRate: e.target.value })} />
              </div>
              <div>
                <label htmlFor={`shadow-timeout-${i}`} className={smallLabel}>Timeout (ms)</label>
                <Input id={`shadow-timeout-${i}`} type="number" min={100} value={d.timeoutMs} onChange={(e) => update(i, { timeoutMs: e.target.value })} />
              </div>
              <div>
                <label htmlFor={`shadow-cap-${i}`} className={smallLabel}>Max in flight</label>
                <Input id={`shadow-cap-${i}`} type="number" min={1} value={d.maxConcurrent} onChange={(e) => update(i, { maxConcurrent: e.target.value })} />
              </div>
              <Button type="button" variant="secondary" size="sm" aria-label={`Remove shadow candidate ${d.modelName}`} onClick={() => (setSaved(false), setDraft(draft.filter((_, j) => j !== i)))}>
                Remove
              </Button>
              {fields ? <FieldErrors fields={fields} prefix={`candidates.${i}.`} /> : null}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor="add-shadow" className={smallLabel}>Add a shadow candidate</label>
          <Select id="add-shadow" value={pick} onChange={(e) => setPick(e.target.value)} disabled={models.isPending || available.length === 0}>
            <option value="">{models.isPending ? "Loading models…" : available.length ? "Choose a model…" : "No other registered model"}</option>
            {available.map((m) => (
              <option key={m.id} value={m.id} title={m.kind === "fine_tuned" ? "fine-tuned" : "base"}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <Button type="button" variant="secondary" onClick={add} disabled={!pick}>
          Add candidate
        </Button>
      </div>
      <div className="mt-3 grid grid-cols-[minmax(0,2fr)_minmax(0,1fr)] gap-2">
        <div>
          <label htmlFor="shadow-judge" className={smallLabel}>Judge model (optional)</label>
          <Select id="shadow-judge" value={judge.modelId} onChange={(e) => (setSaved(false), setJudge({ ...judge, modelId: e.target.value }))}>
            <option value="">No judge: compare metrics only</option>
            {models.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="shadow-judge-rate" className={smallLabel}>Pairs judged (%)</label>
          <Input id="shadow-judge-rate" type="number" min={0} max={100} value={judge.sampleRate} disabled={!judge.modelId} onChange={(e) => (setSaved(false), setJudge({ ...judge, sampleRate: e.target.value }))} />
        </div>
      </div>
      <p className="mt-1 text-xs text-zinc-500">The judge only sees pairs whose prompts were stored (keys that log prompts), and asks in both orders.</p>
      {save.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
      <div className="mt-3 flex items-center gap-3">
        <Button type="button" onClick={submit} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save shadow settings"}
        </Button>
        {saved ? <span role="status" className="text-sm text-green-700 dark:text-green-400">Saved · group version {config.data.version}</span> : null}
      </div>
    </section>
  );
}

function FieldErrors({ fields, prefix }: { fields: Record<string, string[]>; prefix: string }) {
  const own = Object.entries(fields).filter(([k]) => k.startsWith(prefix));
  if (!own.length) return null;
  return (
    <p role="alert" className="col-span-full text-xs text-red-600 dark:text-red-400">
      {own.map(([, v]) => v[0]).join(" · ")}
    </p>
  );
}
