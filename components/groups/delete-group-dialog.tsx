"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";
import { useDeleteGroup } from "@/lib/query/groups";

// Deleting a group another group falls back to is refused by the API; its message names those groups.

export function DeleteGroupDialog({ group, trigger, onDeleted }: { group: { id: string; name: string; usedAsFallbackBy: string[] }; trigger: ReactNode; onDeleted?: () => void }) {
  const [open, setOpen] = useState(false);
  const del = useDeleteGroup();
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) del.reset();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(30rem,92vw)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
          <Dialog.Title className="text-lg font-semibold">Delete “{group.name}”?</Dialog.Title>
          <Dialog.Description className="text-sm text-zinc-600 dark:text-zinc-400">
            Callers that send <code className="font-mono">{group.name}</code> as the model name will get a 404. The models stay registered.
          </Dialog.Description>
          {group.usedAsFallbackBy.length ? (
            <p className="text-sm text-amber-700 dark:text-amber-300">
              It is a fallback of {group.usedAsFallbackBy.map((n) => `“${n}”`).join(", ")}; remove it from their fallbacks first.
            </p>
          ) : null}
          {del.isError ? <ErrorState error={del.error} /> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={del.isPending}
              onClick={() =>
                del.mutate(group.id, {
                  onSuccess: () => {
                    setOpen(false);
                    onDeleted?.();
                  },
                })
              }
            >
              {del.isPending ? "Deleting…" : "Delete group"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
