"use client";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useCredentials } from "@/lib/query/credentials";

export interface SourceValues {
  credentialId: string;
  apiBase: string;
  apiKey: string;
}

/** Where to list from: a saved credential or an inline key (used once, stored only on the models you register). */
export function ImportSource({
  idPrefix,
  value,
  onChange,
  errors,
  simulatorUrl,
  apiBaseHint,
}: {
  idPrefix: string;
  value: SourceValues;
  onChange: (v: SourceValues) => void;
  errors: Record<string, string[] | undefined>;
  simulatorUrl?: string;
  apiBaseHint: string;
}) {
  const credentials = useCredentials();
  const set = (k: keyof SourceValues) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Field label="Credential" htmlFor={`${idPrefix}-credential`} error={errors.credentialId?.[0]} hint="Or type an API key.">
        <Select id={`${idPrefix}-credential`} value={value.credentialId} onChange={set("credentialId")}>
          <option value="">None (use the key below)</option>
          {credentials.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="API base" htmlFor={`${idPrefix}-apiBase`} error={errors.apiBase?.[0]} hint={apiBaseHint}>
        <Input id={`${idPrefix}-apiBase`} className="font-mono" value={value.apiBase} onChange={set("apiBase")} />
      </Field>
      <Field label="API key" htmlFor={`${idPrefix}-apiKey`} error={errors.apiKey?.[0]} hint="Or env:NAME. Never shown again.">
        <Input id={`${idPrefix}-apiKey`} type="password" autoComplete="off" value={value.apiKey} disabled={Boolean(value.credentialId)} onChange={set("apiKey")} />
      </Field>
      {simulatorUrl ? (
        <div className="sm:col-span-3">
          <Button variant="ghost" size="sm" onClick={() => onChange({ credentialId: "", apiBase: `${simulatorUrl}/v1`, apiKey: "sk-simulator" })}>
            Use the built-in simulator
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export function sourceBody(v: SourceValues) {
  return {
    credentialId: v.credentialId || undefined,
    apiKey: v.credentialId ? undefined : v.apiKey || undefined,
    apiBase: v.apiBase || undefined,
  };
}
