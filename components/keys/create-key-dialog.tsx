"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, FieldError, Input, errorId } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import type { CreatedApiKey } from "@/lib/keys/schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useCreateApiKey, useKeyTargets } from "@/lib/query/keys-api";

// Create a virtual key; the secret is shown once, in this dialog, and dropped from memory when it closes.

export function CreateKeyDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setCreated(null);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger>
        <Button>Create key</Button>
      </DialogTrigger>
      <DialogContent size="lg">
        {created ? <ShowOnce created={created} onDone={() => onOpenChange(false)} /> : <CreateForm onCreated={setCreated} onCancel={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ onCreated, onCancel }: { onCreated: (k: CreatedApiKey) => void; onCancel: () => void }) {
  const create = useCreateApiKey();
  const targets = useKeyTargets();
  const [name, setName] = useState("");
  const [restrict, setRestrict] = useState(false);
  const [allowed, setAllowed] = useState<string[]>([]);
  const [expires, setExpires] = useState("");
  const [logPrompts, setLogPrompts] = useState(false);
  const fields = create.error instanceof ApiClientError ? create.error.fields : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save moves focus to the first field it marked invalid.
  useFocusFirstInvalid(formRef, fields);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name,
        allowed: restrict ? allowed : null,
        // End of the chosen day, local time.
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
        logPrompts,
      },
      { onSuccess: onCreated },
    );
  };
  const toggle = (n: string) => setAllowed((a) => (a.includes(n) ? a.filter((x) => x !== n) : [...a, n]));

  return (
    <form ref={formRef} onSubmit={submit} className="space-y-4" noValidate>
      <DialogTitle>Create API key</DialogTitle>
      <DialogDescription>
        Applications send it as <code className="font-mono">Authorization: Bearer …</code> to <code className="font-mono">/v1/chat/completions</code>.
      </DialogDescription>
      <Field label="Name" htmlFor="key-name" error={fields?.name?.[0]} hint="Who or what uses it, e.g. support-widget-prod.">
        <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Allowed groups and models</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="restrict" checked={!restrict} onChange={() => setRestrict(false)} /> All groups and models
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="restrict"
            id="key-restrict"
            checked={restrict}
            onChange={() => setRestrict(true)}
            aria-describedby={fields?.allowed ? errorId("key-allowed") : undefined}
          />{" "}
          Only the ones I pick
        </label>
        {restrict ? (
          targets.isPending ? (
            <LoadingState label="Loading groups and models…" />
          ) : targets.isError ? (
            <ErrorState error={targets.error} onRetry={() => targets.refetch()} />
          ) : targets.data.groups.length + targets.data.models.length === 0 ? (
            <p className="text-sm text-zinc-500">No groups or models registered yet.</p>
          ) : (
            <div className="max-h-48 space-y-3 overflow-y-auto rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              {(
                [
                  ["Routing groups", targets.data.groups],
                  ["Models", targets.data.models],
                ] as const
              ).map(([title, names]) =>
                names.length ? (
                  <div key={title}>
                    <p className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</p>
                    {names.map((n) => (
                      <label key={n} className="flex items-center gap-2 py-0.5 text-sm">
                        <input type="checkbox" checked={allowed.includes(n)} onChange={() => toggle(n)} />
                        <span className="font-mono text-xs">{n}</span>
                      </label>
                    ))}
                  </div>
                ) : null,
              )}
            </div>
          )
        ) : null}
        {fields?.allowed ? <FieldError id={errorId("key-allowed")}>{fields.allowed[0]}</FieldError> : null}
      </fieldset>
      <Field label="Expires on (optional)" htmlFor="key-expires" error={fields?.expiresAt?.[0]} hint="Leave empty for a key that does not expire.">
        <Input id="key-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </Field>
      <div className="flex items-start gap-2">
        <input id="key-log-prompts" type="checkbox" className="mt-1" checked={logPrompts} onChange={(e) => setLogPrompts(e.target.checked)} />
        <label htmlFor="key-log-prompts" className="text-sm">
          Keep prompt and response bodies in the request log
          <span className="block text-xs text-zinc-500">Off by default: only metadata (tokens, latency, cost) is logged.</span>
        </label>
      </div>
      {create.isError && !fields ? <ErrorState error={create.error} /> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || (restrict && allowed.length === 0)}>
          {create.isPending ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}

function ShowOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="space-y-4">
      <DialogTitle>Copy your new key</DialogTitle>
      <DialogDescription className="text-amber-700 dark:text-amber-300">
        This is the only time “{created.name}” is shown. Store it in your application’s secrets now; afterwards only its last four characters are visible.
      </DialogDescription>
      <Field label="API key" htmlFor="new-key">
        <div className="flex gap-2">
          <Input id="new-key" readOnly value={created.key} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <Button variant="secondary" onClick={copy} aria-label="Copy API key">
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </Field>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
