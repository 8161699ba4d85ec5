import { diffWords } from "diff";

// Word-level diff between two column outputs (jsdiff), plus a similarity figure for the header.

export interface DiffPart {
  value: string;
  kind: "same" | "added" | "removed";
}

export function wordDiff(a: string, b: string): DiffPart[] {
  return diffWords(a, b).map((c) => ({ value: c.value, kind: c.added ? "added" : c.removed ? "removed" : "same" }));
}

/** Share of words left unchanged, 0..1 (1 for two empty texts). */
export function similarity(parts: DiffPart[]): number {
  let same = 0;
  let total = 0;
  for (const p of parts) {
    const words = p.value.split(/\s+/).filter(Boolean).length;
    total += words;
    if (p.kind === "same") same += words;
  }
  return total === 0 ? 1 : same / total;
}
