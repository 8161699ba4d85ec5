"use client";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { EmptyState, QueryView } from "@/components/ui/states";
import { Table, TableCount, Td, Tr } from "@/components/ui/table";
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
      <QueryView
        query={groups}
        loading="Loading routing groups…"
        empty={
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
        }
      >
        {(d) => (
          <Table
            label="Routing groups"
            columns={["Name", "Strategy", "Members and split", "Fallbacks", { header: "Actions", srOnly: true }]}
            footer={<TableCount>{d.total} routing groups</TableCount>}
          >
            {d.items.map((g) => (
              <Tr key={g.id} className="align-top">
                <Td>
                  <Link href={`/groups/${g.id}`} className="font-mono font-medium hover:underline">
                    {g.name}
                  </Link>
                  {g.description ? <p className="mt-0.5 max-w-xs text-xs text-zinc-500">{g.description}</p> : null}
                </Td>
                <Td className="text-xs">{g.strategy}</Td>
                <Td>
                  <Split g={g} />
                </Td>
                <Td className="text-xs">
                  {g.fallbacks.length + g.contextWindowFallbacks.length + g.contentPolicyFallbacks.length === 0 ? (
                    <span className="text-zinc-500">none</span>
                  ) : (
                    <span className="font-mono">{[...g.fallbacks, ...g.contextWindowFallbacks, ...g.contentPolicyFallbacks].join(", ")}</span>
                  )}
                  {g.usedAsFallbackBy.length ? <p className="mt-0.5 text-zinc-500">fallback of {g.usedAsFallbackBy.join(", ")}</p> : null}
                </Td>
                <Td className="whitespace-nowrap text-right">
                  <Link href={`/groups/${g.id}`} aria-label={`Edit ${g.name}`} className={buttonClass({ variant: "ghost", size: "sm" })}>
                    Edit
                  </Link>
                  <a href={exportUrl([g.id])} download aria-label={`Export ${g.name} as LiteLLM YAML`} className={buttonClass({ variant: "ghost", size: "sm" })}>
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
                </Td>
              </Tr>
            ))}
          </Table>
        )}
      </QueryView>
    </div>
  );
}
