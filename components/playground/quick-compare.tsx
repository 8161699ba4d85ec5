"use client";
import { Button } from "@/components/ui/button";
import type { Target } from "@/lib/playground/schema";
import type { TargetCatalog } from "@/lib/playground/types";

// One click for "base vs its fine-tunes": every family with more than one model gets a button.

export function QuickCompare({ catalog, onPick }: { catalog: TargetCatalog | undefined; onPick: (targets: Target[]) => void }) {
  const families = catalog?.families.filter((f) => f.models.length > 1) ?? [];
  if (!families.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-zinc-600 dark:text-zinc-400">Compare a base with its fine-tunes:</span>
      {families.map((f) => (
        <Button key={f.base} variant="secondary" size="sm" onClick={() => onPick(f.models.slice(0, 6).map((m) => ({ type: "model", name: m.name })))}>
          {f.base} + {f.models.length - 1} more
        </Button>
      ))}
    </div>
  );
}
