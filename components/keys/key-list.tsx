"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState, ErrorState, QueryView } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import type { KeyStatus, PublicApiKey } from "@/lib/keys/schema";
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
      <QueryView
        query={keys}
        loading="Loading keys…"
        empty={
          <EmptyState title="No API keys yet">
            Virtual API keys let applications call your routing groups through the OpenAI-compatible endpoint. Usage charts appear here once requests arrive.
          </EmptyState>
        }
      >
        {(d) => (
          <Table caption="API keys" columns={["Name", "Key", "Allowed", "Status", "Expires", "Last used", { header: "Actions", srOnly: true }]}>
            {d.items.map((k) => (
              <KeyRow key={k.id} k={k} />
            ))}
          </Table>
        )}
      </QueryView>
    </div>
  );
}

function KeyRow({ k }: { k: PublicApiKey }) {
  return (
    <Tr>
      <Td className="font-medium">
        {k.name}
        {k.logPrompts ? <Badge className="ml-2">logs prompts</Badge> : null}
      </Td>
      <Td className="font-mono text-xs" aria-label={`Key ending in ${k.last4}`}>
        tb-••••{k.last4}
      </Td>
      <Td className="max-w-xs text-xs">{k.allowed ? k.allowed.join(", ") : <span className="text-zinc-500">All</span>}</Td>
      <Td>
        <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
      </Td>
      <Td className="text-xs">{k.expiresAt ? formatDate(k.expiresAt) : "Never"}</Td>
      <Td className="text-xs">{k.lastUsedAt ? formatRelative(k.lastUsedAt) : "Never"}</Td>
      <Td className="text-right">{k.status === "revoked" ? null : <RevokeButton k={k} />}</Td>
    </Tr>
  );
}

function RevokeButton({ k }: { k: PublicApiKey }) {
  const [open, setOpen] = useState(false);
  const revoke = useRevokeApiKey();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger>
        <Button variant="ghost" size="sm" aria-label={`Revoke ${k.name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent className="space-y-4">
        <DialogTitle>Revoke “{k.name}”?</DialogTitle>
        <DialogDescription>Applications using the key ending in {k.last4} get 401 errors from now on. This cannot be undone.</DialogDescription>
        {revoke.isError ? <ErrorState error={revoke.error} /> : null}
        <DialogActions>
          <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id, { onSuccess: () => setOpen(false) })}>
            {revoke.isPending ? "Revoking…" : "Revoke key"}
          </Button>
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}
