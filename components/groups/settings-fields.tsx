"use client";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ROUTING_STRATEGIES, type RoutingStrategyName } from "@/lib/groups/schema";
import { STRATEGY_HELP, type GroupDraft, type SettingKey } from "./group-draft";

type Errors = Record<string, string[] | undefined>;
type Set = <K extends keyof GroupDraft>(key: K, value: GroupDraft[K]) => void;

export function GeneralFields({ draft, set, errors }: { draft: GroupDraft; set: Set; errors: Errors }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field label="Logical name" htmlFor="group-name" error={errors.name?.[0]} hint="Callers send this as the model name, e.g. support-assistant.">
        <Input id="group-name" value={draft.name} onChange={(e) => set("name", e.target.value)} maxLength={100} autoComplete="off" className="font-mono" />
      </Field>
      <Field label="Strategy" htmlFor="group-strategy" error={errors.strategy?.[0]} hint={STRATEGY_HELP[draft.strategy]}>
        <Select id="group-strategy" value={draft.strategy} onChange={(e) => set("strategy", e.target.value as RoutingStrategyName)}>
          {ROUTING_STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Description" htmlFor="group-description" error={errors.description?.[0]} className="md:col-span-2">
        <Textarea id="group-description" rows={2} value={draft.description} onChange={(e) => set("description", e.target.value)} maxLength={2000} />
      </Field>
    </div>
  );
}

const SETTINGS: Array<{ key: SettingKey; label: string; hint: string }> = [
  { key: "retries", label: "Retries", hint: "Extra attempts inside this group after the first one fails." },
  { key: "maxAttempts", label: "Max attempts", hint: "Cap over the whole call, fallbacks included." },
  { key: "timeoutMs", label: "Timeout (ms)", hint: "Per attempt; for streams, the longest silence allowed." },
  { key: "streamTtftTimeoutMs", label: "Stream first-token timeout (ms)", hint: "Streams fail over if no token arrives in time." },
  { key: "allowedFails", label: "Allowed fails", hint: "Failures inside the window before a member cools down." },
  { key: "cooldownWindowSeconds", label: "Failure window (s)", hint: "How far back failures count." },
  { key: "cooldownSeconds", label: "Cooldown (s)", hint: "How long a failing member is skipped; 0 never cools down." },
];

export function ReliabilityFields({ draft, set, errors }: { draft: GroupDraft; set: Set; errors: Errors }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {SETTINGS.map((s) => (
        <Field key={s.key} label={s.label} htmlFor={`group-${s.key}`} error={errors[s.key]?.[0]} hint={s.hint}>
          <Input id={`group-${s.key}`} type="number" inputMode="numeric" min={0} value={draft[s.key]} onChange={(e) => set(s.key, e.target.value)} />
        </Field>
      ))}
    </div>
  );
}
