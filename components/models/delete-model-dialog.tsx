"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
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
    <Dialog
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
      {trigger ? <DialogTrigger>{trigger}</DialogTrigger> : null}
      <DialogContent className="space-y-4">
        <DialogTitle>Delete {model.name}?</DialogTitle>
        {groups ? (
          <div className="space-y-2 text-sm">
            <DialogDescription className="">This model is used by {groups.length === 1 ? "a routing group" : `${groups.length} routing groups`}:</DialogDescription>
            <ul aria-label="Groups that use this model" className="list-inside list-disc">
              {groups.map((g) => (
                <li key={g.id}>{g.name}</li>
              ))}
            </ul>
            <p>Deleting it also removes it from {groups.length === 1 ? "that group" : "those groups"}.</p>
          </div>
        ) : (
          <DialogDescription>The registration, its stored key and test results are removed. Request logs are kept.</DialogDescription>
        )}
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <DialogActions>
          {groups ? (
            <Button variant="danger" disabled={del.isPending} onClick={() => confirm(true)}>
              Delete and remove from {groups.length === 1 ? "group" : `${groups.length} groups`}
            </Button>
          ) : (
            <Button variant="danger" disabled={del.isPending} onClick={() => confirm(false)}>
              {del.isPending ? "Deleting…" : "Delete"}
            </Button>
          )}
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}
