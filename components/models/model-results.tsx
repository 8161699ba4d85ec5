"use client";
import Link from "next/link";
import { lazy, Suspense, useState, useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TablePager, Td, Tr } from "@/components/ui/table";
import { distinguishingEnd } from "@/lib/models/describe";
import type { ModelListQuery, Page, PublicModel } from "@/lib/models/schema";
import { useModels, useTestModel } from "@/lib/query/models";
import { LastTestBadge } from "./last-test-badge";
import { providerLabel } from "./provider-options";
import { SecretErrorBadge } from "./secret-error-badge";

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
        <>
          <Table
            columns={["Name", "Provider", "Kind", "Model id", "Base model", "Last test", { header: "Actions", srOnly: true }]}
            footer={
              <TablePager
                label="Pagination"
                summary={`${models.data.total} ${filtered ? "matching" : "registered"} · page ${models.data.page} of ${totalPages}`}
                page={page}
                pages={totalPages}
                onPage={onPage}
                previous="Previous page"
                next="Next page"
                inert={inert}
              />
            }
          >
            {models.data.items.map((m) => (
              <Tr key={m.id}>
                <Td className="font-medium break-words hyphens-none">
                  <Link href={`/models/${m.id}`} className="hover:underline">
                    {m.name}
                  </Link>
                  <SecretErrorBadge error={m.secretError} label="Key unreadable" />
                </Td>
                <Td>{m.provider === "simulator" ? <Badge tone="amber">Simulator</Badge> : providerLabel(m.provider)}</Td>
                <Td>
                  <Badge tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>
                </Td>
                <Td>
                  {/* The end that tells fine-tunes of one base apart; the whole id on hover and to copy. */}
                  <span className="flex items-center gap-1">
                    <span className="whitespace-nowrap font-mono text-xs" title={m.model}>
                      <span aria-hidden>{distinguishingEnd(m.model)}</span>
                      <span className="sr-only">{m.model}</span>
                    </span>
                    <CopyButton text={m.model} label={`Copy model id of ${m.name}`} className="px-1.5" aria-disabled={inert} />
                  </span>
                </Td>
                <Td className="font-mono text-xs">{m.baseModel ?? "—"}</Td>
                <Td>
                  {/* The time in the browser's time zone, so only once hydrated (the server's may differ). */}
                  <LastTestBadge lastTest={m.lastTest} withTime={!inert} />
                </Td>
                <Td className="whitespace-nowrap text-right">
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
                </Td>
              </Tr>
            ))}
          </Table>
          {deleting ? (
            <Suspense fallback={null}>
              <DeleteModelDialog key={deleting.id} model={deleting} defaultOpen onClosed={() => setDeleting(undefined)} />
            </Suspense>
          ) : null}
        </>
      )}
    </>
  );
}
