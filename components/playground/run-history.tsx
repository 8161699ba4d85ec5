"use client";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { EmptyState, QueryView } from "@/components/ui/states";
import { useRuns } from "@/lib/query/playground";

// Saved runs, newest first, with a search box and paging.

export function RunHistory() {
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const runs = useRuns({ q: q || undefined, page, pageSize: 20 });
  const pages = runs.data ? Math.max(1, Math.ceil(runs.data.total / runs.data.pageSize)) : 1;
  return (
    <div className="space-y-4">
      <Field label="Search runs" htmlFor="history-q" className="max-w-sm">
        <Input
          id="history-q"
          type="search"
          placeholder="Prompt text or model name"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </Field>
      <QueryView
        query={runs}
        loading="Loading runs…"
        empty={
          <EmptyState title={q ? "No run matches" : "No runs yet"} action={<Link href="/playground" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Open the playground</Link>}>
            {q ? "Try another search." : "Runs appear here as soon as you run a prompt."}
          </EmptyState>
        }
      >
        {(d) => (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {d.items.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <Link href={`/playground/runs/${r.id}`} className="block truncate font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                    {r.title || r.preview || "(empty prompt)"}
                  </Link>
                  <p className="truncate text-xs text-zinc-500">
                    {new Date(r.createdAt).toLocaleString()} · {r.targets.join(" vs ")}
                  </p>
                </div>
                <div className="flex gap-1">
                  {r.voteColumn !== null ? <Badge tone="green">{r.voteColumn === -1 ? "Tie" : `Winner: ${r.targets[r.voteColumn] ?? r.voteColumn + 1}`}</Badge> : <Badge>No vote</Badge>}
                  {r.errors ? <Badge tone="red">{r.errors} error{r.errors > 1 ? "s" : ""}</Badge> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {pages > 1 ? (
        <div className="flex items-center gap-2 text-sm">
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <span>
            Page {page} of {pages}
          </span>
          <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
