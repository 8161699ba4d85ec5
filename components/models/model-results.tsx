"use client";
import Link from "next/link";
import { lazy, Suspense, useState, useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { distinguishingEnd } from "@/lib/models/describe";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/models/providers";
import type { ModelListQuery, Page, PublicModel } from "@/lib/models/schema";
import { useModels, useTestModel } from "@/lib/query/models";
import { LastTestBadge } from "./last-test-badge";

// The table of models with its actions. The list loads this after first paint; the server has already
// rendered the first page into the HTML, so the table shows before any of this code arrives.

// The dialog (and Radix with it) loads when a Delete button is about to be used, not with the list.
const loadDeleteDialog = () => import("./delete-model-dialog");
const DeleteModelDialog = lazy(() => loadDeleteDialog().then((m) => ({ default: m.DeleteModelDialog })));

const noSubscription = () => () => {};
/** False while the server's HTML is being hydrated, true from then on. */
const useHydrated = () => useSyncExternalStore(noSubscription, () => true, () => false);

export function ModelResults({ params, filtered, initial, onPage }: {
  params: Partial<ModelListQuery> & { page: number; pageSize: number };
  filtered: boolean;
  /** The page the server rendered, when `params` ask for it. */
  initial?: { data: Page<PublicModel>; at: number };
  onPage: (page: number) => void;
}) {
  const [announce, setAnnounce] = useState("");
  const [deleting, setDeleting] = useState<PublicModel>();
  const models = useModels(params, initial);
  const test = useTestModel();
  // Buttons in server-rendered rows do nothing until hydrated; say so, rather than drop a click silently.
  const inert = useHydrated() ? undefined : true;

  async function runTest(id: string, name: string) {
    setAnnounce(`Testing ${name}…`);
    try {
      const r = await test.mutateAsync(id);
      setAnnounce(r.ok ? `${name}: connected in ${r.latencyMs} ms` : `${name}: ${r.message ?? "failed"}`);
    } catch (err) {
      setAnnounce(`${name}: ${err instanceof Error ? err.message : "test failed"}`);
    }
  }

  const page = params.page;
  const totalPages = models.data ? Math.max(1, Math.ceil(models.data.total / params.pageSize)) : 1;

  return (
    <>
      <p aria-live="polite" className="min-h-5 text-sm text-zinc-600 dark:text-zinc-400">
        {announce}
      </p>

      {models.isPending ? (
        <LoadingState label="Loading models…" />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : models.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No models match these filters" : "No models registered yet"}
          action={
            filtered ? undefined : (
              <>
                <Link className={buttonClass()} href="/models/new">
                  Register a model
                </Link>
                <Link className="rounded-md border border-zinc-300 px-3.5 py-2 text-sm font-medium dark:border-zinc-700" href="/models/import">
                  Import
                </Link>
              </>
            )
          }
        >
          {filtered
            ? "Try another name, provider or tag."
            : "Register a fine-tuned model under its provider id (for example ft:gpt-4o-mini-2024-07-18:org:suffix:id), or import it from your fine-tuning jobs."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Provider</th>
                <th scope="col" className="px-4 py-2">Kind</th>
                <th scope="col" className="px-4 py-2">Model id</th>
                <th scope="col" className="px-4 py-2">Base model</th>
                <th scope="col" className="px-4 py-2">Last test</th>
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.data.items.map((m) => (
                <tr key={m.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <td className="px-4 py-2 font-medium break-words hyphens-none">
                    <Link href={`/models/${m.id}`} className="hover:underline">
                      {m.name}
                    </Link>
                    {m.secretError ? (
                      <span title={m.secretError} className="ml-2">
                        <Badge tone="red">Key unreadable</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    {m.provider === "simulator" ? <Badge tone="amber">Simulator</Badge> : (PROVIDER_LABELS[m.provider as ProviderId] ?? m.provider)}
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>
                  </td>
                  <td className="px-4 py-2">
                    {/* The end that tells fine-tunes of one base apart; the whole id on hover and to copy. */}
                    <span className="flex items-center gap-1">
                      <span className="whitespace-nowrap font-mono text-xs" title={m.model}>
                        <span aria-hidden>{distinguishingEnd(m.model)}</span>
                        <span className="sr-only">{m.model}</span>
                      </span>
                      <CopyButton text={m.model} label={`Copy model id of ${m.name}`} className="px-1.5" aria-disabled={inert} />
                    </span>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{m.baseModel ?? "—"}</td>
                  <td className="px-4 py-2">
                    {/* The time in the browser's time zone, so only once hydrated (the server's may differ). */}
                    <LastTestBadge lastTest={m.lastTest} withTime={!inert} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Test connection of ${m.name}`}
                      aria-disabled={inert}
                      disabled={test.isPending && test.variables === m.id}
                      onClick={() => runTest(m.id, m.name)}
                    >
                      {test.isPending && test.variables === m.id ? "Testing…" : "Test"}
                    </Button>
                    <Link
                      href={`/models/${m.id}/edit`}
                      aria-label={`Edit ${m.name}`}
                      className={buttonClass({ variant: "ghost", size: "sm" })}
                    >
                      Edit
                    </Link>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Delete ${m.name}`}
                      aria-disabled={inert}
                      className="text-red-700 dark:text-red-400"
                      onPointerEnter={() => void loadDeleteDialog()}
                      onFocus={() => void loadDeleteDialog()}
                      onClick={() => setDeleting(m)}
                    >
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {deleting ? (
            <Suspense fallback={null}>
              <DeleteModelDialog key={deleting.id} model={deleting} defaultOpen onClosed={() => setDeleting(undefined)} />
            </Suspense>
          ) : null}
          <nav aria-label="Pagination" className="flex items-center justify-between gap-2 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
            <span>
              {models.data.total} {filtered ? "matching" : "registered"} · page {models.data.page} of {totalPages}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" size="sm" aria-disabled={inert} disabled={page <= 1} onClick={() => onPage(page - 1)}>
                Previous page
              </Button>
              <Button variant="secondary" size="sm" aria-disabled={inert} disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
                Next page
              </Button>
            </span>
          </nav>
        </div>
      )}
    </>
  );
}
