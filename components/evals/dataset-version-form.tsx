"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { RowIssues } from "./row-issues";
import { useAddDatasetVersion } from "@/lib/query/evals";

// Editing a dataset makes a new version: upload (or paste) the full case list; earlier versions stay for the
// runs that used them.


export function DatasetVersionForm({ id, onSaved }: { id: string; onSaved: (version: number) => void }) {
  const add = useAddDatasetVersion(id);
  const [format, setFormat] = useState<"jsonl" | "csv">("jsonl");
  const [content, setContent] = useState("");

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (/\.csv$/i.test(file.name)) setFormat("csv");
    else if (/\.jsonl?$/i.test(file.name)) setFormat("jsonl");
    setContent(await file.text());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate({ format, content }, { onSuccess: (d) => (setContent(""), onSaved(d.latestVersion)) });
  }

  return (
    <form onSubmit={submit} aria-label="Save a new version" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">Save a new version</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Export this version, edit it, and upload the whole file: it becomes the next version.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Version format" htmlFor="version-format">
          <Select id="version-format" value={format} onChange={(e) => setFormat(e.target.value as "jsonl" | "csv")}>
            <option value="jsonl">JSONL</option>
            <option value="csv">CSV</option>
          </Select>
        </Field>
        <Field label="Version file" htmlFor="version-file">
          <Input id="version-file" type="file" accept=".jsonl,.json,.csv" onChange={(e) => void onFile(e.target.files?.[0])} />
        </Field>
      </div>
      <Field label="Version cases" htmlFor="version-content">
        <Textarea id="version-content" rows={5} value={content} onChange={(e) => setContent(e.target.value)} className="font-mono text-xs" />
      </Field>
      {add.error ? <RowIssues error={add.error} refused="Nothing was saved" /> : null}
      <Button type="submit" disabled={add.isPending || !content.trim()}>
        {add.isPending ? "Saving…" : "Save as new version"}
      </Button>
    </form>
  );
}
