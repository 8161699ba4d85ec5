"use client";
import Link from "next/link";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import type { ImportIssue, LiteLlmImportResult } from "@/lib/litellm/types";
import { ApiClientError } from "@/lib/query/fetcher";
import { useImportLiteLlm } from "@/lib/query/groups";
import { panel, smallLabel } from "./styles";

// Paste or upload a LiteLLM config.yaml; the summary says what was created, skipped and rejected, and why.

const SAMPLE = `model_list:
  - model_name: support-canary
    litellm_params:
      model: simulator/tb-sim-8b
      weight: 9
  - model_name: support-canary
    litellm_params:
      model: simulator/ft:tb-sim-8b:acme:support:sim01
      weight: 1
router_settings:
  routing_strategy: simple-shuffle
  num_retries: 2
  timeout: 30
  allowed_fails: 3
  cooldown_time: 30
`;

function Issues({ title, items, tone }: { title: string; items: ImportIssue[]; tone: "amber" | "red" }) {
  if (!items.length) return null;
  return (
    <div role="group" aria-label={title}>
      <h3 className="text-sm font-semibold">
        {title} <Badge tone={tone}>{items.length}</Badge>
      </h3>
      <ul className="mt-1 space-y-1 text-sm">
        {items.map((i, n) => (
          <li key={n}>
            <span className="font-mono">{i.name}</span> <span className="text-xs text-zinc-500">({i.kind}{i.line ? `, line ${i.line}` : ""})</span> — {i.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Summary({ result }: { result: LiteLlmImportResult }) {
  const { created } = result;
  return (
    <section className={`${panel} space-y-4`} aria-label="Import summary">
      <h2 className="text-base font-semibold">Import summary</h2>
      <div role="group" aria-label="Created">
        <h3 className="text-sm font-semibold">
          Created <Badge tone="green">{created.groups.length} groups, {created.models.length} models</Badge>
        </h3>
        {created.groups.length + created.models.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing new was created.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm">
            {created.groups.map((g) => (
              <li key={g.id}>
                Group{" "}
                <Link href={`/groups/${g.id}`} className="font-mono underline">
                  {g.name}
                </Link>{" "}
                with {g.members} member{g.members === 1 ? "" : "s"}
              </li>
            ))}
            {created.models.map((m) => (
              <li key={m.name}>
                Model <span className="font-mono">{m.name}</span> <span className="text-xs text-zinc-500">({m.provider}/{m.model})</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Issues title="Skipped" items={result.skipped} tone="amber" />
      <Issues title="Rejected" items={result.rejected} tone="red" />
    </section>
  );
}

export function ImportPanel() {
  const [yaml, setYaml] = useState("");
  const imp = useImportLiteLlm();
  const error = imp.error instanceof ApiClientError ? imp.error : null;
  const lineErrors = error?.fields ? Object.entries(error.fields).map(([f, m]) => `${f}: ${m.join(", ")}`) : [];

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setYaml(await file.text());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    imp.mutate({ yaml });
  };

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className={`${panel} space-y-4`} noValidate>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Reads <code className="font-mono">model_list</code>, <code className="font-mono">router_settings</code> and <code className="font-mono">litellm_settings</code>{" "}
          fallbacks. Each group is imported whole or not at all; <code className="font-mono">os.environ/NAME</code> keys become environment references.
        </p>
        <div>
          <label htmlFor="config-file" className={smallLabel}>
            Upload config.yaml
          </label>
          <input id="config-file" type="file" accept=".yaml,.yml,text/yaml" onChange={onFile} className="mt-1 text-sm" />
        </div>
        <Field label="LiteLLM config (YAML)" htmlFor="config-yaml" error={lineErrors.length ? undefined : error?.fields?.yaml?.[0]}>
          <Textarea id="config-yaml" rows={16} value={yaml} onChange={(e) => setYaml(e.target.value)} className="font-mono text-xs" spellCheck={false} />
        </Field>
        {imp.isError ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            <p>{imp.error.message}</p>
            {lineErrors.length > 1 ? (
              <ul className="mt-1 list-disc pl-5 text-xs">
                {lineErrors.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setYaml(SAMPLE)}>
            Load a sample
          </Button>
          <Button type="submit" disabled={imp.isPending || !yaml.trim()}>
            {imp.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
      </form>
      {imp.isPending ? <p role="status" className="text-sm text-zinc-500">Registering models and creating groups…</p> : null}
      {imp.data ? <Summary result={imp.data} /> : null}
    </div>
  );
}
