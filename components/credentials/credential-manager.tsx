"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, Input, Select } from "@/components/ui/field";
import { EmptyState, QueryView } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import type { PublicCredential } from "@/lib/models/credential-schema";
import type { ProviderId } from "@/lib/models/providers";
import { ProviderOptions, providerLabel } from "@/components/models/provider-options";
import { SecretErrorBadge } from "@/components/models/secret-error-badge";
import { ApiClientError } from "@/lib/query/fetcher";
import { useCreateCredential, useCredentials, useDeleteCredential } from "@/lib/query/credentials";
import { EditCredentialForm } from "./edit-credential-form";

/** Reusable named keys: list (masked), add, edit (rename, API base, key rotation), delete (refused while models use one). */
export function CredentialManager() {
  const credentials = useCredentials();
  const create = useCreateCredential();
  const del = useDeleteCredential();
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string>();
  const [editingId, setEditingId] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save moves focus to the first field it marked invalid.
  useFocusFirstInvalid(formRef, fields);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setFields({});
    setMessage(undefined);
    try {
      await create.mutateAsync({
        name: String(data.get("name") ?? ""),
        provider: String(data.get("provider") ?? "openai") as ProviderId,
        apiKey: String(data.get("apiKey") ?? ""),
        apiBase: String(data.get("apiBase") ?? "") || null,
      });
      form.reset();
    } catch (err) {
      if (err instanceof ApiClientError && err.fields) setFields(err.fields);
      else setMessage(err instanceof Error ? err.message : "Could not save the credential.");
    }
  }

  async function remove(id: string) {
    setMessage(undefined);
    try {
      await del.mutateAsync(id);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : "Could not delete the credential.");
    }
  }

  return (
    <div className="space-y-8">
      <section aria-labelledby="saved-credentials" className="space-y-3">
        <h2 id="saved-credentials" className="text-base font-semibold">
          Saved credentials
        </h2>
        {message ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {message}
          </p>
        ) : null}
        <QueryView
          query={credentials}
          loading="Loading credentials…"
            empty={<EmptyState title="No credentials yet">Add a key once and choose it on every model that uses it.</EmptyState>}
        >
          {(d) => (
            <Table columns={["Name", "Provider", "Key", "API base", "Models", { header: "Actions", srOnly: true }]}>
              {d.items.map((c) => (
                <CredentialRow key={c.id} c={c} onEdit={() => setEditingId(c.id)} onDelete={() => remove(c.id)} />
              ))}
            </Table>
          )}
        </QueryView>
      </section>

      {editingId && credentials.data?.items.some((c) => c.id === editingId) ? (
        <EditCredentialForm key={editingId} credential={credentials.data.items.find((c) => c.id === editingId)!} onDone={() => setEditingId(undefined)} />
      ) : null}

      <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="add-credential" className="max-w-2xl space-y-4">
        <h2 id="add-credential" className="text-base font-semibold">
          Add a credential
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Credential name" htmlFor="cred-name" error={fields.name?.[0]}>
            <Input id="cred-name" name="name" autoComplete="off" />
          </Field>
          <Field label="Provider" htmlFor="cred-provider" error={fields.provider?.[0]}>
            <Select id="cred-provider" name="provider" defaultValue="openai">
              <ProviderOptions />
            </Select>
          </Field>
          <Field label="Key" htmlFor="cred-key" error={fields.apiKey?.[0]} hint="An API key, a service-account JSON, or env:NAME.">
            <Input id="cred-key" name="apiKey" type="password" autoComplete="off" />
          </Field>
          <Field label="API base (optional)" htmlFor="cred-base" error={fields.apiBase?.[0]}>
            <Input id="cred-base" name="apiBase" className="font-mono" />
          </Field>
        </div>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Save credential"}
        </Button>
      </form>
    </div>
  );
}

function CredentialRow({ c, onEdit, onDelete }: { c: PublicCredential; onEdit: () => void; onDelete: () => void }) {
  return (
    <Tr>
      <Td className="font-medium">{c.name}</Td>
      <Td>{providerLabel(c.provider)}</Td>
      <Td className="font-mono text-xs">
        {c.secret.source === "env" ? c.secret.envRef : `••••${c.secret.last4}`}
        <SecretErrorBadge error={c.secretError} label="Unreadable here" className="ml-2 font-sans" />
      </Td>
      <Td className="font-mono text-xs">{c.apiBase ?? "default"}</Td>
      <Td>{c.modelCount}</Td>
      <Td className="whitespace-nowrap text-right">
        <Button variant="ghost" size="sm" aria-label={`Edit credential ${c.name}`} onClick={onEdit}>
          Edit
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Delete credential ${c.name}`} onClick={onDelete}>
          Delete
        </Button>
      </Td>
    </Tr>
  );
}
