"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";
import { ApiClientError } from "@/lib/query/fetcher";
import { queryKeys } from "@/lib/query/keys";
import { useCreateRun, usePlaygroundTargets, useRun } from "@/lib/query/playground";
import { MAX_COLUMNS, type ColumnParams, type Target } from "@/lib/playground/schema";
import { extractVariables, missingVariables } from "@/lib/playground/variables";
import { LiveColumnOutput } from "./live-column-output";
import { ColumnSettings } from "./column-settings";
import { CompareTools } from "./compare-tools";
import { draftToInput, emptyColumn, emptyDraft, runToDraft, type Draft } from "./draft";
import { loadMarkdown } from "./markdown-view";
import { PromptEditor } from "./prompt-editor";
import { QuickCompare } from "./quick-compare";
import { useColumnStreams } from "./use-column-streams";

// The composer: columns, prompt and variables; runs every column in parallel and streams them side by side.

export function PlaygroundWorkspace() {
  const search = useSearchParams();
  const router = useRouter();
  const from = search.get("from");
  const qc = useQueryClient();
  const targets = usePlaygroundTargets();
  const source = useRun(from);
  const createRun = useCreateRun();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [sync, setSync] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const loadedFrom = useRef<string | null>(null);
  // A stopped column is saved by the server just after the connection closes: look again shortly after.
  const streams = useColumnStreams((id) => {
    void qc.invalidateQueries({ queryKey: queryKeys.runs.detail(id) });
    setTimeout(() => void qc.invalidateQueries({ queryKey: queryKeys.runs.detail(id) }), 700);
  });
  const current = useRun(streams.running ? null : streams.runId);
  // The Markdown renderer loads while the user writes the prompt, not when the first token arrives.
  useEffect(() => void loadMarkdown(), []);

  // Reopen a saved run in the composer (?from=id), and run it again at once with &rerun=1.
  useEffect(() => {
    if (!source.data || loadedFrom.current === source.data.id) return;
    loadedFrom.current = source.data.id;
    setDraft(runToDraft(source.data));
  }, [source.data]);

  const variableNames = useMemo(() => extractVariables(draft.systemPrompt, ...draft.messages.map((m) => m.content)), [draft.systemPrompt, draft.messages]);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setColumnParams = (i: number, params: ColumnParams) =>
    setDraft((d) => ({ ...d, columns: d.columns.map((c, j) => (sync || i === j ? { ...c, params } : c)) }));
  const applyToAll = (i: number) => setDraft((d) => ({ ...d, columns: d.columns.map((c) => ({ ...c, params: d.columns[i].params })) }));
  const setTarget = (i: number, target: Target | null) => setDraft((d) => ({ ...d, columns: d.columns.map((c, j) => (i === j ? { ...c, target } : c)) }));
  const quickPick = (list: Target[]) => setDraft((d) => ({ ...d, columns: list.map((t, i) => emptyColumn(t, d.columns[i]?.params ?? {})) }));

  const run = useCallback(async () => {
    if (streams.running || createRun.isPending) return;
    setFormError(null);
    const missing = missingVariables([draft.systemPrompt, ...draft.messages.map((m) => m.content)], draft.variables);
    if (missing.length) return setFormError(`Fill in ${missing.map((m) => `{{${m}}}`).join(", ")}.`);
    if (!draft.columns.some((c) => c.target)) return setFormError("Pick a model for at least one column.");
    if (!draft.messages.at(-1)?.content.trim()) return setFormError("Write a prompt.");
    try {
      const saved = await createRun.mutateAsync(draftToInput(draft, variableNames));
      streams.start(saved);
    } catch (err) {
      setFormError(err instanceof ApiClientError && err.fields ? `${err.message}` : err instanceof Error ? err.message : "Could not start the run.");
    }
  }, [createRun, draft, streams, variableNames]);

  const autoRan = useRef(false);
  useEffect(() => {
    if (search.get("rerun") === "1" && source.data && loadedFrom.current === source.data.id && !autoRan.current) {
      autoRan.current = true;
      router.replace("/playground");
      void run();
    }
  }, [search, source.data, run, router]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  };

  const runColumns = createRun.data && streams.runId === createRun.data.id ? createRun.data.results : [];
  const finished = current.data && !streams.running && current.data.id === streams.runId ? current.data : null;

  return (
    <div className="space-y-6" onKeyDown={onKeyDown}>
      {from && source.isError ? <ErrorState error={source.error} /> : null}
      {targets.isError ? <ErrorState error={targets.error} onRetry={() => targets.refetch()} /> : null}
      <section aria-labelledby="pg-columns" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="pg-columns" className="text-base font-semibold">
            Columns
          </h2>
          <div className="flex items-center gap-3">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={sync}
                onChange={(e) => {
                  setSync(e.target.checked);
                  // Turning sync on makes every column use column 1's parameters from then on.
                  if (e.target.checked) applyToAll(0);
                }}
                className="h-4 w-4 accent-indigo-600"
              />
              Sync settings
            </label>
            <Button variant="secondary" size="sm" disabled={draft.columns.length >= MAX_COLUMNS} onClick={() => update({ columns: [...draft.columns, emptyColumn(null, sync ? draft.columns[0]?.params : {})] })}>
              + Add column
            </Button>
          </div>
        </div>
        <QuickCompare catalog={targets.data} onPick={quickPick} />
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          {draft.columns.map((c, i) => (
            <ColumnSettings
              key={c.key}
              index={i}
              column={c}
              catalog={targets.data}
              canRemove={draft.columns.length > 1}
              onTarget={(t) => setTarget(i, t)}
              onParams={(p) => setColumnParams(i, p)}
              onRemove={() => update({ columns: draft.columns.filter((_, j) => j !== i) })}
              onApplyToAll={() => applyToAll(i)}
            />
          ))}
        </div>
      </section>

      <section aria-label="Prompt and conversation" className="space-y-3">
        <PromptEditor
          systemPrompt={draft.systemPrompt}
          messages={draft.messages}
          variables={draft.variables}
          variableNames={variableNames}
          onSystemPrompt={(systemPrompt) => update({ systemPrompt })}
          onMessages={(messages) => update({ messages })}
          onVariable={(name, value) => update({ variables: { ...draft.variables, [name]: value } })}
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={() => void run()} disabled={streams.running || createRun.isPending}>
            {createRun.isPending ? "Starting…" : "Run"} <kbd className="text-xs opacity-70">Ctrl+Enter</kbd>
          </Button>
          {streams.running ? (
            <Button variant="danger" onClick={streams.stopAll}>
              Stop all
            </Button>
          ) : null}
          {formError ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {formError}
            </p>
          ) : null}
        </div>
      </section>

      {runColumns.length ? (
        <section aria-label="Answers" className="space-y-4">
          <div className={`grid gap-3 ${runColumns.length === 1 ? "" : runColumns.length === 2 ? "md:grid-cols-2" : "md:grid-cols-2 xl:grid-cols-3"}`}>
            {runColumns.map((r, i) => {
              const saved = finished?.results[i];
              return (
                <LiveColumnOutput
                  key={`${streams.runId}-${i}`}
                  store={streams.store}
                  index={i}
                  title={r.target.name}
                  subtitle={r.target.type === "group" ? "routing group" : undefined}
                  saved={saved}
                  onStop={() => streams.stop(i)}
                  highlight={finished?.voteColumn === i}
                />
              );
            })}
          </div>
          {finished ? <CompareTools run={finished} /> : null}
        </section>
      ) : (
        <p className="text-sm text-zinc-500">
          Pick models, write a prompt and press Run. Past runs are in the <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href="/playground/history">history</Link>.
        </p>
      )}
    </div>
  );
}
