"use client";
import { useMemo, useState } from "react";
import { Select } from "@/components/ui/field";
import { similarity, wordDiff } from "@/lib/playground/diff";

// Word-level diff between any two columns.

export function DiffView({ columns }: { columns: Array<{ label: string; output: string }> }) {
  const [a, setA] = useState(0);
  const [b, setB] = useState(Math.min(1, columns.length - 1));
  const parts = useMemo(() => wordDiff(columns[a]?.output ?? "", columns[b]?.output ?? ""), [columns, a, b]);
  if (columns.length < 2) return <p className="text-sm text-zinc-500">Add a second column to compare outputs.</p>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="diff-a" className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Compare
          </label>
          <Select id="diff-a" value={a} onChange={(e) => setA(Number(e.target.value))} className="w-auto">
            {columns.map((c, i) => (
              <option key={i} value={i}>
                {i + 1}. {c.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="diff-b" className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            With
          </label>
          <Select id="diff-b" value={b} onChange={(e) => setB(Number(e.target.value))} className="w-auto">
            {columns.map((c, i) => (
              <option key={i} value={i}>
                {i + 1}. {c.label}
              </option>
            ))}
          </Select>
        </div>
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
