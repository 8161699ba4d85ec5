"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiClientError } from "@/lib/query/fetcher";
import { useDeleteModel } from "@/lib/query/models";

type Group = { id: string; name: string };

/** Delete is refused while groups use the model; the second step removes it from them after an explicit confirmation. */
export function DeleteModelDialog({ model, trigger, onDeleted, defaultOpen = false, onClosed }: {
  model: { id: string; name: string };
  /** Opens the dialog; without one the dialog opens at once (`defaultOpen`) and `onClosed` says when it is done. */
  trigger?: React.ReactNode;
  onDeleted?: () => void;
  defaultOpen?: boolean;
  onClosed?: () => void;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [groups, setGroups] = useState<Group[]>();
  const [error, setError] = useState<string>();
  const del = useDeleteModel();

  async function confirm(cascade: boolean) {
    setError(undefined);
    try {
      await del.mutateAsync({ id: model.id, cascade });
      setOpen(false);
      onClosed?.();
      onDeleted?.();
    } catch (err) {
      if (err instanceof ApiClientError && err.status === 409 && Array.isArray(err.details?.groups)) setGroups(err.details.groups as Group[]);
      else setError(err instanceof Error ? err.message : "Could not delete the model.");
    }
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setGroups(undefined);
          setError(undefined);
          onClosed?.();
        }
      }}
    >
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
          <Dialog.Title className="text-base font-semibold">Delete {model.name}?</Dialog.Title>
          {groups ? (
            <div className="mt-2 space-y-2 text-sm">
              <Dialog.Description>This model is used by {groups.length === 1 ? "a routing group" : `${groups.length} routing groups`}:</Dialog.Description>
              <ul aria-label="Groups that use this model" className="list-inside list-disc">
                {groups.map((g) => (
                  <li key={g.id}>{g.name}</li>
                ))}
              </ul>
              <p>Deleting it also removes it from {groups.length === 1 ? "that group" : "those groups"}.</p>
            </div>
          ) : (
            <Dialog.Description className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              The registration, its stored key and test results are removed. Request logs are kept.
            </Dialog.Description>
          )}
          {error ? (
            <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            {groups ? (
              <Button variant="danger" disabled={del.isPending} onClick={() => confirm(true)}>
                Delete and remove from {groups.length === 1 ? "group" : `${groups.length} groups`}
              </Button>
            ) : (
              <Button variant="danger" disabled={del.isPending} onClick={() => confirm(false)}>
                {del.isPending ? "Deleting…" : "Delete"}
              </Button>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
