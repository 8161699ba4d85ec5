"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TablePager, Td, Tr } from "@/components/ui/table";
import { distinguishingEnd } from "@/lib/models/describe";
import { ProviderOptions, providerLabel } from "./provider-options";
import { SecretErrorBadge } from "./secret-error-badge";
import type { ModelListQuery, PublicModel } from "@/lib/models/schema";
import { useModels, useTestModel } from "@/lib/query/models";
import { LastTestBadge } from "./last-test-badge";
import { useDebounced } from "./use-debounced";

// The dialog (and Radix with it) loads when a Delete button is about to be used, not with the list.
const loadDeleteDialog = () => import("./delete-model-dialog");
const DeleteModelDialog = dynamic(() => loadDeleteDialog().then((m) => m.DeleteModelDialog), { ssr: false });

const PAGE_SIZE = 25;
const SORTS: Array<{ value: string; label: string }> = [
  { value: "name:asc", label: "Name (A–Z)" },
  { value: "name:desc", label: "Name (Z–A)" },
  { value: "createdAt:desc", label: "Newest first" },
  { value: "createdAt:asc", label: "Oldest first" },
  { value: "updatedAt:desc", label: "Recently edited" },
  { value: "provider:asc", label: "Provider" },
  { value: "baseModel:asc", label: "Base model" },
];

const labelClass = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

export function ModelList() {
  const [q, setQ] = useState("");
  const [provider, setProvider] = useState("");
  const [kind, setKind] = useState("");
  const [tag, setTag] = useState("");
  const [baseModel, setBaseModel] = useState("");
  const [sort, setSort] = useState("name:asc");
  const [page, setPage] = useState(1);
  const [announce, setAnnounce] = useState("");
  const [deleting, setDeleting] = useState<PublicModel>();
  const test = useTestModel();

  const [sortField, order] = sort.split(":") as [ModelListQuery["sort"], ModelListQuery["order"]];
  const params: Partial<ModelListQuery> = {
    q: useDebounced(q.trim(), 250) || undefined,
    provider: (provider || undefined) as ModelListQuery["provider"],
    kind: (kind || undefined) as ModelListQuery["kind"],
    tag: useDebounced(tag.trim(), 250) || undefined,
    baseModel: useDebounced(baseModel.trim(), 250) || undefined,
    sort: sortField,
    order,
    page,
    pageSize: PAGE_SIZE,
  };
  const models = useModels(params);
  const filtered = Boolean(params.q || params.provider || params.kind || params.tag || params.baseModel);
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setPage(1);
  };

  async function runTest(id: string, name: string) {
    setAnnounce(`Testing ${name}…`);
    try {
      const r = await test.mutateAsync(id);
      setAnnounce(r.ok ? `${name}: connected in ${r.latencyMs} ms` : `${name}: ${r.message ?? "failed"}`);
    } catch (err) {
      setAnnounce(`${name}: ${err instanceof Error ? err.message : "test failed"}`);
    }
  }

  const totalPages = models.data ? Math.max(1, Math.ceil(models.data.total / PAGE_SIZE)) : 1;

  return (
    <div className="space-y-4">
      {/* Seven columns for the search (two) and five filters, so "Sort by" stays on the filters' row. */}
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7" role="search" aria-label="Filter models">
        <div className="sm:col-span-2">
          <label htmlFor="model-search" className={labelClass}>
            Search
          </label>
          <Input id="model-search" type="search" placeholder="Name, model id or description" value={q} onChange={change(setQ)} />
        </div>
        <div>
          <label htmlFor="filter-provider" className={labelClass}>
            Provider
          </label>
          <Select id="filter-provider" value={provider} onChange={change(setProvider)}>
            <option value="">All providers</option>
            <ProviderOptions />
          </Select>
        </div>
        <div>
          <label htmlFor="filter-kind" className={labelClass}>
            Kind
          </label>
          <Select id="filter-kind" value={kind} onChange={change(setKind)}>
            <option value="">All kinds</option>
            <option value="base">Base</option>
            <option value="fine_tuned">Fine-tuned</option>
          </Select>
        </div>
        <div>
          <label htmlFor="filter-tag" className={labelClass}>
            Tag
          </label>
          <Input id="filter-tag" value={tag} onChange={change(setTag)} />
        </div>
        <div>
          <label htmlFor="filter-base" className={labelClass}>
            Base model
          </label>
          <Input id="filter-base" value={baseModel} onChange={change(setBaseModel)} />
        </div>
        <div>
          <label htmlFor="sort" className={labelClass}>
            Sort by
          </label>
          <Select id="sort" value={sort} onChange={change(setSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
      </div>

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
                onPage={setPage}
                previous="Previous page"
                next="Next page"
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
                    <CopyButton text={m.model} label={`Copy model id of ${m.name}`} className="px-1.5" />
                  </span>
                </Td>
                <Td className="font-mono text-xs">{m.baseModel ?? "—"}</Td>
                <Td>
                  <LastTestBadge lastTest={m.lastTest} />
                </Td>
                <Td className="whitespace-nowrap text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Test connection of ${m.name}`}
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
          {deleting ? <DeleteModelDialog key={deleting.id} model={deleting} defaultOpen onClosed={() => setDeleting(undefined)} /> : null}
        </>
      )}
    </div>
  );
}
