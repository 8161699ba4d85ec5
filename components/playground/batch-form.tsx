"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { detectFormat, parsePromptSet, type BatchFormat } from "@/lib/playground/batch-parse";
import { MAX_COLUMNS, type Target } from "@/lib/playground/schema";
import { useCreateBatch, usePlaygroundTargets } from "@/lib/query/playground";
import { TargetSelect } from "./column-settings";
import { QuickCompare } from "./quick-compare";

// New batch: columns, a shared system prompt, and a prompt set pasted or loaded from a CSV / JSONL file.

const FORMAT_LABEL: Record<BatchFormat, string> = { lines: "one prompt per line", csv: "CSV with a prompt column", jsonl: "JSONL" };

export function BatchForm() {
  const router = useRouter();
  const targets = usePlaygroundTargets();
  const create = useCreateBatch();
  const [name, setName] = useState("");
  const [systemPrompt, setSystemPrompt] = useState("");
  const [columns, setColumns] = useState<Array<Target | null>>([null, null]);
  const [text, setText] = useState("");
  const [format, setFormat] = useState<BatchFormat | "auto">("auto");
  const [concurrency, setConcurrency] = useState(4);
  const [error, setError] = useState<string | null>(null);
  const effective = format === "auto" ? detectFormat(text) : format;
  const parsed = useMemo(() => parsePromptSet(text, effective), [text, effective]);

  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    if (!name) setName(file.name.replace(/\.[^.]+$/, ""));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const picked = columns.filter((c): c is Target => !!c);
    if (!picked.length) return setError("Pick a model for at least one column.");
    if (!parsed.prompts.length) return setError("Add at least one prompt.");
    try {
      const batch = await create.mutateAsync({ name: name.trim() || "Untitled batch", systemPrompt, columns: picked.map((target) => ({ target })), prompts: parsed.prompts, concurrency });
      router.push(`/playground/batches/${batch.id}?start=1`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not create the batch.");
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">New batch</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Batch name" htmlFor="batch-name">
          <Input id="batch-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Support tickets, November" />
        </Field>
        <Field label="Concurrency" htmlFor="batch-concurrency" hint="Prompts in flight at once (each runs every column in parallel).">
          <Input id="batch-concurrency" type="number" min={1} max={16} value={concurrency} onChange={(e) => setConcurrency(Math.min(16, Math.max(1, Number(e.target.value) || 1)))} />
        </Field>
      </div>
      <div className="space-y-2">
        <QuickCompare catalog={targets.data} onPick={(list) => setColumns(list)} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {columns.map((c, i) => (
            <div key={i} className="flex items-end gap-1">
              <div className="flex-1">
                <TargetSelect id={`batch-col-${i}`} label={`Column ${i + 1} model`} value={c} catalog={targets.data} onChange={(t) => setColumns(columns.map((x, j) => (i === j ? t : x)))} />
              </div>
              {columns.length > 1 ? (
                <Button variant="ghost" size="sm" aria-label={`Remove column ${i + 1}`} onClick={() => setColumns(columns.filter((_, j) => j !== i))}>
                  ✕
                </Button>
              ) : null}
            </div>
          ))}
        </div>
        <Button variant="secondary" size="sm" disabled={columns.length >= MAX_COLUMNS} onClick={() => setColumns([...columns, null])}>
          + Add column
        </Button>
      </div>
      <Field label="System prompt" htmlFor="batch-system">
        <Textarea id="batch-system" rows={2} value={systemPrompt} onChange={(e) => setSystemPrompt(e.target.value)} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <Field label="Prompts" htmlFor="batch-prompts" hint={`${parsed.prompts.length} prompt${parsed.prompts.length === 1 ? "" : "s"} read as ${FORMAT_LABEL[effective]}. Use {{variables}}; CSV columns and JSONL fields fill them.`}>
          <Textarea id="batch-prompts" rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={"How do I reset my password?\nCan I get a refund after 30 days?"} className="font-mono text-xs" />
        </Field>
        <div className="space-y-3">
          <Field label="Format" htmlFor="batch-format">
            <Select id="batch-format" value={format} onChange={(e) => setFormat(e.target.value as BatchFormat | "auto")}>
              <option value="auto">Detect</option>
              <option value="lines">Lines</option>
              <option value="csv">CSV</option>
              <option value="jsonl">JSONL</option>
            </Select>
          </Field>
          <Field label="Load a file" htmlFor="batch-file">
            <input id="batch-file" type="file" accept=".csv,.jsonl,.txt,text/csv,application/jsonl" onChange={(e) => void loadFile(e.target.files?.[0])} className="block w-full text-xs" />
          </Field>
        </div>
      </div>
      {parsed.errors.length ? (
        <ul role="alert" className="list-disc pl-5 text-xs text-amber-700 dark:text-amber-400">
          {parsed.errors.slice(0, 5).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {parsed.errors.length > 5 ? <li>…and {parsed.errors.length - 5} more</li> : null}
        </ul>
      ) : null}
      {error ? <ErrorState error={new Error(error)} /> : null}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create and run batch"}
      </Button>
    </form>
  );
}
