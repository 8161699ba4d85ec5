"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/states";
import type { DiscoveredModel } from "@/lib/models/import-schema";
import { useDiscoverModels } from "@/lib/query/models";
import { ImportResultView } from "./import-result";
import { ImportSource, sourceBody } from "./import-source";
import { ListingError, RegisterSelected, secretOf, useImporter } from "./use-importer";

type ServerKind = "hosted_vllm" | "ollama" | "openai";

/** /v1/models of a vLLM, Ollama or OpenAI-compatible server: base models and LoRA adapters. */
export function DiscoverModels({ simulatorUrl }: { simulatorUrl?: string }) {
  const [provider, setProvider] = useState<ServerKind>("hosted_vllm");
  const discover = useDiscoverModels();
  const { source, setSource, selected, result, fieldErrors, sectionRef, importer, reset, toggle, register: registerItems } = useImporter(discover);

  function run() {
    reset();
    discover.mutate({ ...sourceBody(source), apiBase: source.apiBase, provider });
  }

  function register(all: DiscoveredModel[]) {
    const src = sourceBody(source);
    const items = all
      .filter((m) => selected.has(m.id))
      .map((m) => ({
        name: m.id,
        model: m.id,
        provider,
        kind: m.kind,
        baseModel: m.parent ?? undefined,
        apiBase: source.apiBase,
        contextWindow: m.contextWindow,
        ...secretOf(src),
        tags: ["discovered"],
      }));
    return registerItems(items, () => discover.mutate({ ...src, apiBase: source.apiBase, provider }));
  }

  return (
    <section ref={sectionRef} aria-labelledby="discover-heading" className="space-y-4">
      <h2 id="discover-heading" className="text-base font-semibold">
        Discover from a server&apos;s /v1/models
      </h2>
      <Field label="Server type" htmlFor="discover-provider" className="max-w-xs">
        <Select id="discover-provider" value={provider} onChange={(e) => setProvider(e.target.value as ServerKind)}>
          <option value="hosted_vllm">vLLM (LoRA adapters)</option>
          <option value="ollama">Ollama</option>
          <option value="openai">Other OpenAI-compatible</option>
        </Select>
      </Field>
      <ImportSource
        idPrefix="discover"
        value={source}
        onChange={setSource}
        errors={fieldErrors}
        simulatorUrl={simulatorUrl}
        apiBaseHint="e.g. http://gpu-box:8000/v1 or http://localhost:11434/v1"
      />
      <Button onClick={run} disabled={discover.isPending}>
        {discover.isPending ? "Discovering…" : "Discover models"}
      </Button>
      <ListingError error={discover.error} fieldErrors={fieldErrors} />
      {result ? <ImportResultView result={result} /> : null}
      {discover.data ? (
        discover.data.models.length === 0 ? (
          <EmptyState title="The server lists no models" />
        ) : (
          <div className="space-y-3">
            <ul aria-label="Discovered models" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
              {discover.data.models.map((m) => (
                <li key={m.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                  {m.registeredAs ? (
                    <span className="w-40 text-xs text-zinc-500">Registered as {m.registeredAs}</span>
                  ) : (
                    <input
                      type="checkbox"
                      aria-label={`Select ${m.id}`}
                      checked={selected.has(m.id)}
                      onChange={() => toggle(m.id)}
                    />
                  )}
                  <span className="font-mono text-xs">{m.id}</span>
                  <Badge tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "adapter" : "base"}</Badge>
                  {m.parent ? <span className="text-xs text-zinc-500">of {m.parent}</span> : null}
                  {m.contextWindow ? <span className="ml-auto text-xs text-zinc-500">{m.contextWindow.toLocaleString()} tokens</span> : null}
                </li>
              ))}
            </ul>
            <RegisterSelected importer={importer} count={selected.size} onRegister={() => register(discover.data.models)} />
          </div>
        )
      ) : null}
    </section>
  );
}
