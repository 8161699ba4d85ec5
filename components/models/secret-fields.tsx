"use client";
import Link from "next/link";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { Field, FormSection, Input, Select } from "@/components/ui/field";
import type { PublicModel } from "@/lib/models/schema";
import { useCredentials } from "@/lib/query/credentials";
import type { ModelFormValues } from "./form-values";

/** Where the key comes from: a saved credential, an inline key, an env reference, or none. Never shown back. */
export function SecretFields({ provider, form, editing }: { provider: string; form: UseFormReturn<ModelFormValues>; editing?: PublicModel }) {
  const { register, control, formState, setValue } = form;
  const errors = formState.errors;
  const mode = useWatch({ control, name: "secretMode" });
  const loadedKey = useWatch({ control, name: "apiKey" });
  const credentials = useCredentials();
  const vertex = provider === "vertex_ai";
  const stored = editing?.secret;

  async function onFile(file: File | undefined) {
    if (!file) return;
    setValue("apiKey", await file.text(), { shouldDirty: true });
  }

  return (
    <FormSection title="Credentials">
      <Field
        label="Key source"
        htmlFor="secretMode"
        error={errors.secretMode?.message}
        hint={
          stored && stored.source !== "none"
            ? `Stored: ${stored.source === "inline" ? `key ending in ${stored.last4}` : stored.source === "env" ? stored.envRef : "a saved credential"}`
            : "Keys are encrypted at rest (AES-256-GCM) and only their last 4 characters are ever shown."
        }
      >
        <Select id="secretMode" {...register("secretMode")}>
          {editing && editing.secret.source !== "none" ? <option value="keep">Keep the stored key</option> : null}
          <option value="none">No key</option>
          <option value="inline">{vertex ? "Service-account JSON" : "API key"}</option>
          <option value="credential">Saved credential</option>
          <option value="env">Environment variable</option>
        </Select>
      </Field>
      {mode === "inline" && !vertex ? (
        <Field label="API key" htmlFor="apiKey" error={errors.apiKey?.message} hint={editing ? "Leave empty to keep the stored key." : undefined}>
          <Input id="apiKey" type="password" autoComplete="off" {...register("apiKey")} />
        </Field>
      ) : null}
      {mode === "inline" && vertex ? (
        <Field label="Service-account JSON key file" htmlFor="serviceAccount" error={errors.apiKey?.message} hint={loadedKey ? "Loaded; it is sent once and stored encrypted." : "The .json key downloaded from Google Cloud IAM."}>
          <Input id="serviceAccount" type="file" accept="application/json,.json" onChange={(e) => onFile(e.target.files?.[0])} />
        </Field>
      ) : null}
      {mode === "env" ? (
        <Field label="Environment reference" htmlFor="envRef" error={errors.apiKey?.message ?? errors.envRef?.message} hint="Read from the server's environment at call time.">
          <Input id="envRef" className="font-mono" placeholder="env:OPENAI_API_KEY" {...register("envRef")} />
        </Field>
      ) : null}
      {mode === "credential" ? (
        <Field label="Credential" htmlFor="credentialId" error={errors.credentialId?.message} hint={<Link className="underline" href="/models/credentials">Manage credentials</Link>}>
          <Select id="credentialId" {...register("credentialId")}>
            <option value="">{credentials.isPending ? "Loading…" : credentials.data?.items.length ? "Choose a credential" : "No credentials saved yet"}</option>
            {credentials.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.secret.source === "env" ? c.secret.envRef : `••••${c.secret.last4}`})
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
    </FormSection>
  );
}
