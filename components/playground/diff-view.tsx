"use client";
import { useMemo } from "react";
import { PairPicker, usePair } from "@/components/ui/pair-picker";
import { similarity, wordDiff } from "@/lib/playground/diff";

// Word-level diff between any two columns.

export function DiffView({ columns }: { columns: Array<{ label: string; output: string }> }) {
  const { a, b, setA, setB } = usePair(columns.length);
  const parts = useMemo(() => wordDiff(columns[a]?.output ?? "", columns[b]?.output ?? ""), [columns, a, b]);
  if (columns.length < 2) return <p className="text-sm text-zinc-500">Add a second column to compare outputs.</p>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <PairPicker
          id="diff"
          labels={["Compare", "With"]}
          options={columns.map((c, i) => `${i + 1}. ${c.label}`)}
          a={a}
          b={b}
          onA={setA}
          onB={setB}
          selectClassName="w-auto"
        />
        <p className="text-xs text-zinc-500">{Math.round(similarity(parts) * 100)}% of words unchanged</p>
      </div>
      <p aria-label="Word diff" className="rounded-md bg-zinc-50 p-3 text-sm leading-relaxed whitespace-pre-wrap dark:bg-zinc-950">
        {parts.map((p, i) =>
          p.kind === "same" ? (
            <span key={i}>{p.value}</span>
          ) : p.kind === "added" ? (
            <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline dark:bg-emerald-950 dark:text-emerald-200">
              {p.value}
            </ins>
          ) : (
            <del key={i} className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">
              {p.value}
            </del>
          ),
        )}
      </p>
    </div>
  );
}
