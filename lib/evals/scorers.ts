import Ajv, { type ValidateFunction } from "ajv";
import type { EvalCase, ScorerConfig } from "./schema";

// Deterministic scorers: each turns (output, case) into pass/fail and a 0–1 score. Pure and cheap, so the
// runner scores a result as it writes it.

export interface Score {
  pass: boolean;
  score: number;
}

export function scorerId(s: ScorerConfig, index: number): string {
  return `${index}:${s.kind}`;
}

export function scorerLabel(s: ScorerConfig): string {
  switch (s.kind) {
    case "exact":
      return "Exact match (reference)";
    case "contains":
      return `Contains “${s.value}”`;
    case "regex":
      return `Matches /${s.value}/`;
    case "json":
      return "Valid JSON";
    case "json_schema":
      return "Matches JSON Schema";
    case "length":
      return `Length ${s.min ?? 0}–${s.max ?? "∞"} chars`;
    case "similarity":
      return `Token F1 vs reference ≥ ${s.threshold ?? 0.5}`;
    default: {
      const never: never = s.kind;
      return String(never);
    }
  }
}

const normalize = (t: string) => t.trim().replace(/\s+/g, " ").toLowerCase();

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** SQuAD-style token F1: the harmonic mean of token precision and recall, counting repeated tokens. */
export function tokenF1(output: string, reference: string): number {
  const a = tokens(output);
  const b = tokens(reference);
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (!common) return 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return (2 * precision * recall) / (precision + recall);
}

const ajv = new Ajv({ allErrors: false, strict: false });

/** Compiled once per run: a scorer list is compiled before the first case. */
export function compileScorers(scorers: ScorerConfig[]): (output: string, c: EvalCase) => Record<string, Score> {
  const compiled = scorers.map((s, i) => {
    const id = scorerId(s, i);
    let regex: RegExp | undefined;
    let validate: ValidateFunction | undefined;
    if (s.kind === "regex") regex = new RegExp(s.value ?? "");
    if (s.kind === "json_schema") validate = ajv.compile(JSON.parse(s.value ?? "{}") as object);
    return { id, s, regex, validate };
  });
  return (output, c) => {
    const out: Record<string, Score> = {};
    for (const { id, s, regex, validate } of compiled) out[id] = scoreOne(s, output, c, regex, validate);
    return out;
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  // Models often fence JSON in a code block; the fence is formatting, not content.
  const fenced = text.trim().match(/^```(?:json)?\s*([\s\S]*?)\s*```$/);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1] : text) };
  } catch {
    return { ok: false };
  }
}

const bool = (pass: boolean): Score => ({ pass, score: pass ? 1 : 0 });

function scoreOne(s: ScorerConfig, output: string, c: EvalCase, regex?: RegExp, validate?: ValidateFunction): Score {
  switch (s.kind) {
    case "exact":
      return bool(c.reference !== null && normalize(output) === normalize(c.reference));
    case "contains":
      return bool(output.toLowerCase().includes((s.value ?? "").toLowerCase()));
    case "regex":
      return bool(regex!.test(output));
    case "json":
      return bool(parseJson(output).ok);
    case "json_schema": {
      const parsed = parseJson(output);
      return bool(parsed.ok && validate!(parsed.value) === true);
    }
    case "length": {
      const n = output.length;
      return bool((s.min === undefined || n >= s.min) && (s.max === undefined || n <= s.max));
    }
    case "similarity": {
      if (c.reference === null) return { pass: false, score: 0 };
      const f1 = tokenF1(output, c.reference);
      return { pass: f1 >= (s.threshold ?? 0.5), score: f1 };
    }
    default: {
      const never: never = s.kind;
      throw new Error(`unknown scorer ${String(never)}`);
    }
  }
}
