"use client";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useDebounced } from "@/components/models/use-debounced";
import type { PublicGroup } from "@/lib/groups/schema";
import { exportUrl, useGroups } from "@/lib/query/groups";
import { DeleteGroupDialog } from "./delete-group-dialog";
import { formatShare, memberShares } from "./group-draft";
import { linkButton } from "./styles";



function Split({ g }: { g: PublicGroup }) {
  const shares = memberShares(g.members);
  return (
    <ul className="space-y-0.5">
      {g.members.map((m, i) => (
        <li key={m.modelId} className="flex items-center gap-1.5 text-xs">
          <span className="font-mono">{m.modelName}</span>
          <Badge tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>
          <span className="tabular-nums text-zinc-500">
            {formatShare(shares[i])}
            {m.order ? ` · tier ${m.order}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function GroupList() {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250) || undefined;
  const groups = useGroups({ q: query, pageSize: 100 });

  return (
    <div className="space-y-4">
      <div className="max-w-sm" role="search" aria-label="Filter routing groups">
        <label htmlFor="group-search" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Search
        </label>
        <Input id="group-search" type="search" placeholder="Name or description" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {groups.isPending ? (
        <LoadingState label="Loading routing groups…" />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => groups.refetch()} />
      ) : groups.data.items.length === 0 ? (
        <EmptyState
          title={query ? "No routing groups match" : "No routing groups yet"}
          action={
            query ? undefined : (
              <>
                <Link className={`${linkButton} bg-indigo-600 text-white hover:bg-indigo-500`} href="/groups/new">
                  New group
                </Link>
                <Link className={`${linkButton} border border-zinc-300 dark:border-zinc-700`} href="/groups/import">
                  Import LiteLLM config
                </Link>
              </>
            )
          }
        >
          {query
            ? "Try another name."
            : "A routing group is one logical model name over base and fine-tuned deployments, with load balancing, retries, cooldowns and fallbacks. Create one to split traffic between a base model and its fine-tune."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" aria-label="Routing groups">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Strategy</th>
                <th scope="col" className="px-4 py-2">Members and split</th>
                <th scope="col" className="px-4 py-2">Fallbacks</th>
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.data.items.map((g) => (
                <tr key={g.id} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800">
                  <td className="px-4 py-2">
                    <Link href={`/groups/${g.id}`} className="font-mono font-medium hover:underline">
                      {g.name}
                    </Link>
                    {g.description ? <p className="mt-0.5 max-w-xs text-xs text-zinc-500">{g.description}</p> : null}
                  </td>
                  <td className="px-4 py-2 text-xs">{g.strategy}</td>
                  <td className="px-4 py-2">
                    <Split g={g} />
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {g.fallbacks.length + g.contextWindowFallbacks.length + g.contentPolicyFallbacks.length === 0 ? (
                      <span className="text-zinc-500">none</span>
                    ) : (
                      <span className="font-mono">{[...g.fallbacks, ...g.contextWindowFallbacks, ...g.contentPolicyFallbacks].join(", ")}</span>
                    )}
                    {g.usedAsFallbackBy.length ? <p className="mt-0.5 text-zinc-500">fallback of {g.usedAsFallbackBy.join(", ")}</p> : null}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <Link
                      href={`/groups/${g.id}`}
                      aria-label={`Edit ${g.name}`}
                      className={buttonClass({ variant: "ghost", size: "sm" })}
                    >
                      Edit
                    </Link>
                    <a
                      href={exportUrl([g.id])}
                      download
                      aria-label={`Export ${g.name} as LiteLLM YAML`}
                      className={buttonClass({ variant: "ghost", size: "sm" })}
                    >
                      Export
                    </a>
                    <DeleteGroupDialog
                      group={g}
                      trigger={
                        <Button variant="ghost" size="sm" aria-label={`Delete ${g.name}`} className="text-red-700 dark:text-red-400">
                          Delete
                        </Button>
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">{groups.data.total} routing groups</p>
        </div>
      )}
    </div>
  );
}
