"use client";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Input, Select } from "@/components/ui/field";
import { LoadingState } from "@/components/ui/states";
import type { ModelListQuery, Page, PublicModel } from "@/lib/models/schema";
import { DEFAULT_MODEL_SORT, MODEL_PAGE_SIZE } from "./list-defaults";
import { ProviderOptions } from "./provider-options";
import { useDebounced } from "./use-debounced";

// The filters load with the page; the table, its queries and its actions load after first paint
// (the server has rendered the first page of rows into the HTML by then).
const ModelResults = lazy(() => import("./model-results").then((m) => ({ default: m.ModelResults })));

const SORTS: Array<{ value: string; label: string }> = [
  { value: "name:asc", label: "Name (A–Z)" },
  { value: "name:desc", label: "Name (Z–A)" },
  { value: "createdAt:desc", label: "Newest first" },
  { value: "createdAt:asc", label: "Oldest first" },
  { value: "updatedAt:desc", label: "Recently edited" },
  { value: "provider:asc", label: "Provider" },
  { value: "baseModel:asc", label: "Base model" },
];

/** A filter's label over its control (smaller than a form field's: the bar is a toolbar, not a form). */
function Filter({ id, label, className, children }: { id: string; label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      {children}
    </div>
  );
}

/** `initial`: the first page with no filters and the default sort, as the server read it. */
export function ModelList({ initial }: { initial?: { data: Page<PublicModel>; at: number } }) {
  const [q, setQ] = useState("");
  const [provider, setProvider] = useState("");
  const [kind, setKind] = useState("");
  const [tag, setTag] = useState("");
  const [baseModel, setBaseModel] = useState("");
  const [sort, setSort] = useState(`${DEFAULT_MODEL_SORT.sort}:${DEFAULT_MODEL_SORT.order}`);
  const [page, setPage] = useState(1);

  const [sortField, order] = sort.split(":") as [ModelListQuery["sort"], ModelListQuery["order"]];
  const params = {
    q: useDebounced(q.trim(), 250) || undefined,
    provider: (provider || undefined) as ModelListQuery["provider"],
    kind: (kind || undefined) as ModelListQuery["kind"],
    tag: useDebounced(tag.trim(), 250) || undefined,
    baseModel: useDebounced(baseModel.trim(), 250) || undefined,
    sort: sortField,
    order,
    page,
    pageSize: MODEL_PAGE_SIZE,
  };
  const filtered = Boolean(params.q || params.provider || params.kind || params.tag || params.baseModel);
  const firstView = !filtered && page === 1 && sortField === DEFAULT_MODEL_SORT.sort && order === DEFAULT_MODEL_SORT.order;
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setPage(1);
  };

  return (
    <div className="space-y-4">
      {/* Seven columns for the search (two) and five filters, so "Sort by" stays on the filters' row. */}
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7" role="search" aria-label="Filter models">
        <Filter id="model-search" label="Search" className="sm:col-span-2">
          <Input id="model-search" type="search" placeholder="Name, model id or description" value={q} onChange={change(setQ)} />
        </Filter>
        <Filter id="filter-provider" label="Provider">
          <Select id="filter-provider" value={provider} onChange={change(setProvider)}>
            <option value="">All providers</option>
            <ProviderOptions />
          </Select>
        </Filter>
        <Filter id="filter-kind" label="Kind">
          <Select id="filter-kind" value={kind} onChange={change(setKind)}>
            <option value="">All kinds</option>
            <option value="base">Base</option>
            <option value="fine_tuned">Fine-tuned</option>
          </Select>
        </Filter>
        <Filter id="filter-tag" label="Tag">
          <Input id="filter-tag" value={tag} onChange={change(setTag)} />
        </Filter>
        <Filter id="filter-base" label="Base model">
          <Input id="filter-base" value={baseModel} onChange={change(setBaseModel)} />
        </Filter>
        <Filter id="sort" label="Sort by">
          <Select id="sort" value={sort} onChange={change(setSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </Filter>
      </div>

      <Suspense fallback={<LoadingState label="Loading models…" />}>
        <ModelResults params={params} filtered={filtered} initial={firstView ? initial : undefined} onPage={setPage} />
      </Suspense>
    </div>
  );
}
