"use client";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { RowIssues } from "./row-issues";
import { useImportDataset } from "@/lib/query/evals";

// Import a dataset from a JSONL or CSV file, or pasted text. The server parses it and refuses the whole file
// when any row is bad, naming each bad line and field.


export function DatasetImportForm() {
  const id = useId();
  const importDataset = useImportDataset();
  const [name, setName] = useState("");
  const [format, setFormat] = useState<"jsonl" | "csv">("jsonl");
  const [content, setContent] = useState("");
  const [holdout, setHoldout] = useState(100);
  const [fileName, setFileName] = useState<string | null>(null);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    if (/\.csv$/i.test(file.name)) setFormat("csv");
    else if (/\.jsonl?$/i.test(file.name)) setFormat("jsonl");
    if (!name) setName(file.name.replace(/\.[^.]+$/, ""));
    setContent(await file.text());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    importDataset.mutate({ name, format, content, holdoutPercent: holdout }, { onSuccess: () => (setContent(""), setName(""), setFileName(null)) });
  }

  const error = importDataset.error;
  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Import a dataset">
      <h2 className="text-base font-semibold">Import a dataset</h2>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Dataset name" htmlFor={`${id}-name`}>
          <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </Field>
        <Field label="Format" htmlFor={`${id}-format`}>
          <Select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as "jsonl" | "csv")}>
            <option value="jsonl">JSONL (cases or OpenAI fine-tuning)</option>
            <option value="csv">CSV</option>
          </Select>
        </Field>
        <Field label="Held-out split (%)" htmlFor={`${id}-holdout`} hint="For a fine-tuning file: keep only its last N% of lines. 100 keeps all.">
          <Input id={`${id}-holdout`} type="number" min={1} max={100} value={holdout} onChange={(e) => setHoldout(Number(e.target.value) || 100)} disabled={format !== "jsonl"} />
        </Field>
      </div>
      <Field label="Dataset file" htmlFor={`${id}-file`} hint={fileName ? `Loaded ${fileName}` : ".jsonl or .csv"}>
        <Input id={`${id}-file`} type="file" accept=".jsonl,.json,.csv,text/csv,application/jsonl" onChange={(e) => void onFile(e.target.files?.[0])} />
      </Field>
      <Field
        label="Cases"
        htmlFor={`${id}-content`}
        hint={format === "jsonl" ? 'One JSON object per line: {"prompt": "…", "reference": "…", "tags": […]} or {"messages": […]}' : "A header row with a prompt column; reference, system and tags (a|b) are optional; other columns are variables."}
      >
        <Textarea id={`${id}-content`} rows={6} value={content} onChange={(e) => setContent(e.target.value)} className="font-mono text-xs" />
      </Field>
      {error ? <RowIssues error={error} refused="Nothing was imported" /> : null}
      {importDataset.isSuccess ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">Imported {importDataset.data.name} ({importDataset.data.caseCount} cases).</p> : null}
      <Button type="submit" disabled={importDataset.isPending || !content.trim() || !name.trim()}>
        {importDataset.isPending ? "Importing…" : "Import dataset"}
      </Button>
    </form>
  );
}
