"use client";
import { Field, Select, Textarea } from "@/components/ui/field";

// The judge's model and rubric, as the playground's judge and the eval run's batch judge both ask for them.

/** The chosen judge, or the first model until one is chosen. */
export const judgeOrFirst = (picked: string, models: Array<{ name: string }>) => picked || models[0]?.name || "";

export function JudgeModelField({ id, models, value, onChange, error }: {
  id: string;
  models: Array<{ name: string }>;
  value: string;
  onChange: (name: string) => void;
  error?: string;
}) {
  return (
    <Field label="Judge model" htmlFor={id} error={error}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {models.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function RubricField({ id, value, onChange, error, className }: { id: string; value: string; onChange: (rubric: string) => void; error?: string; className?: string }) {
  return (
    <Field label="Rubric" htmlFor={id} error={error} className={className}>
      <Textarea id={id} rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}
