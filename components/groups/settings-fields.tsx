"use client";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ROUTING_STRATEGIES, type RoutingStrategyName } from "@/lib/groups/schema";
import { SETTING_KEYS, STRATEGY_HELP, type GroupDraft, type SettingKey } from "./group-draft";

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

const SETTINGS: Record<SettingKey, { label: string; hint: string }> = {
  retries: { label: "Retries", hint: "Extra attempts inside this group after the first one fails; each goes to another member when there is one." },
  maxAttempts: { label: "Max attempts", hint: "Cap over the whole call, fallbacks included." },
  deadlineMs: { label: "Deadline (ms)", hint: "The whole call, retries and fallbacks included; for streams, until the first token." },
  timeoutMs: { label: "Timeout (ms)", hint: "Per attempt; for streams, the longest silence allowed." },
  firstByteTimeoutMs: { label: "First-byte timeout (ms)", hint: "Per attempt, until the upstream answers at all. Plain calls get their answer in one piece, so it bounds them too." },
  streamTtftTimeoutMs: { label: "Stream first-token timeout (ms)", hint: "Streams fail over if no token arrives in time." },
  maxInFlight: { label: "Max in flight per member", hint: "A member with this many requests open is skipped until one ends." },
  allowedFails: { label: "Allowed fails", hint: "Failures inside the window before a member cools down." },
  cooldownWindowSeconds: { label: "Failure window (s)", hint: "How far back failures count." },
  cooldownSeconds: { label: "Cooldown (s)", hint: "How long a failing member is skipped, then one trial request decides; 0 never cools down." },
};

export function ReliabilityFields({ draft, set, errors }: { draft: GroupDraft; set: Set; errors: Errors }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {SETTING_KEYS.map((key) => (
        <Field key={key} label={SETTINGS[key].label} htmlFor={`group-${key}`} error={errors[key]?.[0]} hint={SETTINGS[key].hint}>
          <Input id={`group-${key}`} type="number" inputMode="numeric" min={0} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
        </Field>
      ))}
    </div>
  );
}
