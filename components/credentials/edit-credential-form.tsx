"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, Input } from "@/components/ui/field";
import type { CredentialUpdateInput, PublicCredential } from "@/lib/models/credential-schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useUpdateCredential } from "@/lib/query/credentials";

// Edit one credential: rename, change its API base, or rotate its key. The stored key never comes back to the
// browser, so the key field starts empty and an empty field keeps it. Saved with the version it was loaded at:
// an edit made elsewhere in the meantime is refused with a reload, never silently overwritten.

export function EditCredentialForm({ credential, onDone }: { credential: PublicCredential; onDone: () => void }) {
  const [base, setBase] = useState(credential);
  const update = useUpdateCredential(credential.id);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save moves focus to the first field it marked invalid.
  useFocusFirstInvalid(formRef, fields);
  const [message, setMessage] = useState<string>();
  const [conflict, setConflict] = useState<PublicCredential>();

  function reload(latest: PublicCredential) {
    setBase(latest);
    setConflict(undefined);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const apiBase = String(data.get("apiBase") ?? "").trim();
    const apiKey = String(data.get("apiKey") ?? "").trim();
    const patch: CredentialUpdateInput = { version: base.version };
    if (name !== base.name) patch.name = name;
    if ((apiBase || null) !== base.apiBase) patch.apiBase = apiBase || null;
    if (apiKey) patch.apiKey = apiKey;
    setFields({});
    setMessage(undefined);
    setConflict(undefined);
    try {
      await update.mutateAsync(patch);
      onDone();
    } catch (err) {
      if (err instanceof ApiClientError && err.code === "version_conflict") setConflict(err.details?.current as PublicCredential);
      else if (err instanceof ApiClientError && err.fields) setFields(err.fields);
      else setMessage(err instanceof Error ? err.message : "Could not save the credential.");
    }
  }

  return (
    // Keyed by version: reloading after a conflict resets the inputs to the latest values.
    <form ref={formRef} key={base.version} onSubmit={onSubmit} noValidate aria-labelledby="edit-credential" className="max-w-2xl space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="edit-credential" className="text-base font-semibold">
        Edit {credential.name}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Credential name" htmlFor="edit-cred-name" error={fields.name?.[0]}>
          <Input id="edit-cred-name" name="name" defaultValue={base.name} autoComplete="off" />
        </Field>
        <Field label="API base (optional)" htmlFor="edit-cred-base" error={fields.apiBase?.[0]}>
          <Input id="edit-cred-base" name="apiBase" defaultValue={base.apiBase ?? ""} className="font-mono" />
        </Field>
        <Field
          label="New key"
          htmlFor="edit-cred-key"
          error={fields.apiKey?.[0]}
          hint={`Leave empty to keep the current key (${base.secret.source === "env" ? base.secret.envRef : `••••${base.secret.last4}`}). Models using it switch at once.`}
        >
          <Input id="edit-cred-key" name="apiKey" type="password" autoComplete="off" />
        </Field>
      </div>
      {conflict ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          Someone changed this credential since you opened it.{" "}
          <Button type="button" variant="secondary" size="sm" onClick={() => reload(conflict)}>
            Reload latest version
          </Button>
        </div>
      ) : null}
      {message ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
