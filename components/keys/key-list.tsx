"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import type { KeyStatus, PublicApiKey } from "@/lib/gateway/key-schema";
import { useApiKeys, useRevokeApiKey } from "@/lib/query/keys-api";
import { CreateKeyDialog } from "./create-key-dialog";
import { formatDate, formatRelative } from "./format";

const STATUS_TONE: Record<KeyStatus, "green" | "red" | "amber"> = { active: "green", revoked: "red", expired: "amber" };

export function KeyList() {
  const keys = useApiKeys();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Point any OpenAI client at <code className="font-mono">/v1</code> on this host with one of these keys (or the master key).
        </p>
        <CreateKeyDialog />
      </div>
      {keys.isPending ? (
        <LoadingState label="Loading keys…" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title="No API keys yet">
          Virtual API keys let applications call your routing groups through the OpenAI-compatible endpoint. Usage charts appear here once requests arrive.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">API keys</caption>
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Key</th>
                <th scope="col" className="px-4 py-2">Allowed</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Expires</th>
                <th scope="col" className="px-4 py-2">Last used</th>
                <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <KeyRow key={k.id} k={k} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function KeyRow({ k }: { k: PublicApiKey }) {
  return (
    <tr className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
      <td className="px-4 py-2 font-medium">
        {k.name}
        {k.logPrompts ? <Badge className="ml-2">logs prompts</Badge> : null}
      </td>
      <td className="px-4 py-2 font-mono text-xs" aria-label={`Key ending in ${k.last4}`}>
        tb-••••{k.last4}
      </td>
      <td className="max-w-xs px-4 py-2 text-xs">{k.allowed ? k.allowed.join(", ") : <span className="text-zinc-500">All</span>}</td>
      <td className="px-4 py-2">
        <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
      </td>
      <td className="px-4 py-2 text-xs">{k.expiresAt ? formatDate(k.expiresAt) : "Never"}</td>
      <td className="px-4 py-2 text-xs">{k.lastUsedAt ? formatRelative(k.lastUsedAt) : "Never"}</td>
      <td className="px-4 py-2 text-right">{k.status === "revoked" ? null : <RevokeButton k={k} />}</td>
    </tr>
  );
}

function RevokeButton({ k }: { k: PublicApiKey }) {
  const [open, setOpen] = useState(false);
  const revoke = useRevokeApiKey();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Revoke ${k.name}`}>
          Revoke
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
          <Dialog.Title className="text-lg font-semibold">Revoke “{k.name}”?</Dialog.Title>
          <Dialog.Description className="text-sm text-zinc-600 dark:text-zinc-400">
            Applications using the key ending in {k.last4} get 401 errors from now on. This cannot be undone.
          </Dialog.Description>
          {revoke.isError ? <ErrorState error={revoke.error} /> : null}
          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id, { onSuccess: () => setOpen(false) })}>
              {revoke.isPending ? "Revoking…" : "Revoke key"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
