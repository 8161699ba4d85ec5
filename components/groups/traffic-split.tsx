"use client";
import * as Slider from "@radix-ui/react-slider";
import { canaryPercent, setCanary, type MemberDraft } from "./group-draft";

// The common case — a base model and its fine-tune — as one slider: how much traffic the fine-tune gets.

export function TrafficSplit({ members, pair, onChange }: { members: MemberDraft[]; pair: { base: number; tuned: number }; onChange: (m: MemberDraft[]) => void }) {
  const pct = canaryPercent(members, pair);
  const base = members[pair.base];
  const tuned = members[pair.tuned];
  const set = (p: number) => onChange(setCanary(members, pair, p));
  return (
    <div className="rounded-md border border-indigo-200 bg-indigo-50/50 p-3 dark:border-indigo-900 dark:bg-indigo-950/30">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id="split-label" className="font-medium">
          Traffic split (canary)
        </span>
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400" aria-live="polite">
          <span className="font-mono">{base.modelName}</span> {100 - pct}% · <span className="font-mono">{tuned.modelName}</span> {pct}%
        </span>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <span className="w-10 text-right text-xs text-zinc-500">base</span>
        <Slider.Root
          className="relative flex h-5 flex-1 touch-none select-none items-center"
          value={[pct]}
          min={0}
          max={100}
          step={5}
          onValueChange={([v]) => set(v)}
          aria-labelledby="split-label"
        >
          <Slider.Track className="relative h-1.5 grow rounded-full bg-zinc-300 dark:bg-zinc-700">
            <Slider.Range className="absolute h-full rounded-full bg-indigo-500" />
          </Slider.Track>
          <Slider.Thumb
            aria-label={`Fine-tune share (${tuned.modelName})`}
            aria-valuetext={`${pct}% to ${tuned.modelName}, ${100 - pct}% to ${base.modelName}`}
            className="block h-4 w-4 rounded-full border-2 border-indigo-600 bg-white shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:bg-zinc-900"
          />
        </Slider.Root>
        <span className="w-16 text-xs text-zinc-500">fine-tune</span>
        <label htmlFor="split-percent" className="sr-only">
          Fine-tune share in percent
        </label>
        <input
          id="split-percent"
          type="number"
          min={0}
          max={100}
          value={pct}
          onChange={(e) => set(Number(e.target.value))}
          className="w-16 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm tabular-nums dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <p className="mt-2 text-xs text-zinc-500">Sets the two weights; 0% or 100% turns the other member off.</p>
    </div>
  );
}
