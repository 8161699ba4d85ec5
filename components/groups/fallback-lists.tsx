"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Select, errorId } from "@/components/ui/field";
import type { FallbackField } from "@/lib/groups/schema";
import { useGroups } from "@/lib/query/groups";
import { smallLabel } from "./styles";

// Ordered fallback groups: the general list, and the lists used only for context-window and content-policy errors.

const LISTS: Array<{ field: FallbackField; title: string; hint: string }> = [
  { field: "fallbacks", title: "Fallback groups", hint: "Tried in order once this group's members are exhausted by retryable errors." },
  { field: "contextWindowFallbacks", title: "Context-window fallbacks", hint: "Used only when every attempt was too long for the model (e.g. a larger-context group)." },
  { field: "contentPolicyFallbacks", title: "Content-policy fallbacks", hint: "Used only when a provider refused the prompt on content policy." },
];

type Errors = Record<string, string[] | undefined>;

function OrderedList({ field, title, hint, names, options, errors, onChange }: {
  field: FallbackField;
  title: string;
  hint: string;
  names: string[];
  options: string[];
  errors: Errors;
  onChange: (names: string[]) => void;
}) {
  const [pick, setPick] = useState("");
  const move = (i: number, d: number) => {
    const next = [...names];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    onChange(next);
  };
  const listErrors = Object.entries(errors).filter(([k]) => k === field || k.startsWith(`${field}.`)).flatMap(([, v]) => v ?? []);
  const errorText = errorId(field);
  // An entry's error marks its Remove button (removing it is the fix); a list-wide one marks the picker.
  const entryAria = (i: number) => (errors[`${field}.${i}`] ? { "aria-invalid": true, "aria-describedby": errorText, "data-field-label": title } : {});
  const listInvalid = Boolean(errors[field]?.length);
  const free = options.filter((o) => !names.includes(o));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{title}</legend>
      <p className="text-xs text-zinc-500">{hint}</p>
      {names.length ? (
        <ol className="space-y-1" aria-label={title}>
          {names.map((n, i) => (
            <li
              key={n}
              className={`flex items-center gap-2 rounded-md border px-2 py-1 text-sm ${errors[`${field}.${i}`] ? "border-red-500 dark:border-red-400" : "border-zinc-200 dark:border-zinc-800"}`}
            >
              <span className="w-5 text-xs tabular-nums text-zinc-500">{i + 1}.</span>
              <span className="flex-1 font-mono">{n}</span>
              <Button variant="ghost" size="sm" aria-label={`Move ${n} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</Button>
              <Button variant="ghost" size="sm" aria-label={`Move ${n} down`} disabled={i === names.length - 1} onClick={() => move(i, 1)}>↓</Button>
              <Button variant="ghost" size="sm" id={`${field}-${i}-remove`} aria-label={`Remove ${n} from ${title.toLowerCase()}`} {...entryAria(i)} onClick={() => onChange(names.filter((x) => x !== n))}>✕</Button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-xs text-zinc-500">None.</p>
      )}
      {listErrors.length ? <FieldError id={errorText}>{listErrors.join(" · ")}</FieldError> : null}
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor={`add-${field}`} className={smallLabel}>Group to add to {title.toLowerCase()}</label>
          <Select
            id={`add-${field}`}
            aria-invalid={listInvalid ? true : undefined}
            aria-describedby={listInvalid ? errorText : undefined}
            data-field-label={title}
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            disabled={free.length === 0}
          >
            <option value="">{free.length ? "Choose a group…" : "No other groups"}</option>
            {free.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </Select>
        </div>
        <Button variant="secondary" disabled={!pick} aria-label={`Add to ${title.toLowerCase()}`} onClick={() => { onChange([...names, pick]); setPick(""); }}>
          Add
        </Button>
      </div>
    </fieldset>
  );
}

export function FallbackLists({ self, value, errors, onChange }: { self: string; value: Record<FallbackField, string[]>; errors: Errors; onChange: (field: FallbackField, names: string[]) => void }) {
  const groups = useGroups({ pageSize: 100 });
  const options = (groups.data?.items ?? []).map((g) => g.name).filter((n) => n !== self);
  return (
    <div className="grid gap-6 md:grid-cols-2 2xl:grid-cols-3">
      {LISTS.map((l) => (
        <OrderedList key={l.field} {...l} names={value[l.field]} options={options} errors={errors} onChange={(n) => onChange(l.field, n)} />
      ))}
    </div>
  );
}
