"use client";
import { Button } from "@/components/ui/button";
import { Input, Select, inputClass } from "@/components/ui/field";
import { RESPONSE_FORMATS, type ColumnParams, type Target } from "@/lib/playground/schema";
import type { TargetCatalog } from "@/lib/playground/types";
import type { ColumnDraft } from "./draft";

// One column's target and parameters. Every control has a visible label tied to its column.

const encode = (t: Target | null) => (t ? `${t.type}:${t.name}` : "");
function decode(value: string): Target | null {
  const at = value.indexOf(":");
  if (at < 0) return null;
  const type = value.slice(0, at);
  return type === "model" || type === "group" ? { type, name: value.slice(at + 1) } : null;
}

function numberOrUndefined(raw: string, integer = false): number | undefined {
  if (raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) return undefined;
  return integer ? Math.trunc(n) : n;
}

export function TargetSelect({ id, label, value, catalog, onChange }: { id: string; label: string; value: Target | null; catalog: TargetCatalog | undefined; onChange: (t: Target | null) => void }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <Select id={id} value={encode(value)} onChange={(e) => onChange(decode(e.target.value))} disabled={!catalog}>
        <option value="">{catalog ? "Pick a model or group…" : "Loading models…"}</option>
        {catalog?.families.map((f) => (
          <optgroup key={f.base} label={`${f.base} family`}>
            {f.models.map((m) => (
              <option key={m.name} value={`model:${m.name}`}>
                {m.name}
                {m.kind === "fine_tuned" ? " (fine-tune)" : ""}
              </option>
            ))}
          </optgroup>
        ))}
        {catalog && catalog.groups.length > 0 ? (
          <optgroup label="Routing groups">
            {catalog.groups.map((g) => (
              <option key={g.name} value={`group:${g.name}`}>
                {g.name} (group)
              </option>
            ))}
          </optgroup>
        ) : null}
      </Select>
    </div>
  );
}

export function ColumnSettings({
  index,
  column,
  catalog,
  canRemove,
  onTarget,
  onParams,
  onRemove,
  onApplyToAll,
}: {
  index: number;
  column: ColumnDraft;
  catalog: TargetCatalog | undefined;
  canRemove: boolean;
  onTarget: (t: Target | null) => void;
  onParams: (p: ColumnParams) => void;
  onRemove: () => void;
  onApplyToAll: () => void;
}) {
  const n = index + 1;
  const id = (name: string) => `col-${column.key}-${name}`;
  const p = column.params;
  const set = (patch: Partial<ColumnParams>) => {
    const next: ColumnParams = { ...p, ...patch };
    for (const k of Object.keys(next) as Array<keyof ColumnParams>) if (next[k] === undefined) delete next[k];
    onParams(next);
  };
  return (
    <fieldset className="space-y-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <legend className="sr-only">Column {n}</legend>
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <TargetSelect id={id("target")} label={`Column ${n} model`} value={column.target} catalog={catalog} onChange={onTarget} />
        </div>
        {canRemove ? (
          <Button variant="ghost" size="sm" aria-label={`Remove column ${n}`} onClick={onRemove}>
            ✕
          </Button>
        ) : null}
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer select-none text-zinc-600 dark:text-zinc-400">Parameters{Object.keys(p).length ? ` (${Object.keys(p).length} set)` : ""}</summary>
        <div className="mt-2 grid grid-cols-2 gap-2">
          <ParamInput id={id("temperature")} label="Temperature" value={p.temperature} step="0.1" min={0} max={2} onChange={(v) => set({ temperature: numberOrUndefined(v) })} />
          <ParamInput id={id("top-p")} label="Top p" value={p.top_p} step="0.05" min={0} max={1} onChange={(v) => set({ top_p: numberOrUndefined(v) })} />
          <ParamInput id={id("max-tokens")} label="Max tokens" value={p.max_tokens} step="1" min={1} onChange={(v) => set({ max_tokens: numberOrUndefined(v, true) })} />
          <ParamInput id={id("seed")} label="Seed" value={p.seed} step="1" onChange={(v) => set({ seed: numberOrUndefined(v, true) })} />
          <div className="col-span-2 space-y-1">
            <label htmlFor={id("stop")} className="block font-medium text-zinc-700 dark:text-zinc-300">
              Stop sequences (comma-separated)
            </label>
            <Input
              id={id("stop")}
              defaultValue={p.stop?.join(", ") ?? ""}
              onBlur={(e) => {
                const stop = e.target.value.split(",").map((s) => s.trim()).filter(Boolean).slice(0, 4);
                set({ stop: stop.length ? stop : undefined });
              }}
            />
          </div>
          <div className="col-span-2 space-y-1">
            <label htmlFor={id("format")} className="block font-medium text-zinc-700 dark:text-zinc-300">
              Response format
            </label>
            <select id={id("format")} className={inputClass} value={p.response_format ?? "text"} onChange={(e) => set({ response_format: e.target.value === "text" ? undefined : (e.target.value as ColumnParams["response_format"]) })}>
              {RESPONSE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f === "text" ? "Text" : "JSON object"}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" size="sm" className="col-span-2" onClick={onApplyToAll}>
            Apply column {n} parameters to all
          </Button>
        </div>
      </details>
    </fieldset>
  );
}

function ParamInput({ id, label, value, onChange, ...rest }: { id: string; label: string; value: number | undefined; onChange: (v: string) => void; step?: string; min?: number; max?: number }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <Input id={id} type="number" inputMode="decimal" placeholder="default" value={value ?? ""} onChange={(e) => onChange(e.target.value)} {...rest} />
    </div>
  );
}
