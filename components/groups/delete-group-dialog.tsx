"use client";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
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
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger>{trigger}</DialogTrigger>
      <DialogContent size="md" className="space-y-4">
        <DialogTitle>Delete “{group.name}”?</DialogTitle>
        <DialogDescription>
          Callers that send <code className="font-mono">{group.name}</code> as the model name will get a 404. The models stay registered.
        </DialogDescription>
        {group.usedAsFallbackBy.length ? (
          <p className="text-sm text-amber-700 dark:text-amber-300">
            It is a fallback of {group.usedAsFallbackBy.map((n) => `“${n}”`).join(", ")}; remove it from their fallbacks first.
          </p>
        ) : null}
        {del.isError ? <ErrorState error={del.error} /> : null}
        <DialogActions>
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
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}
