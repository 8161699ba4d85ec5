import type { BatchPrompt } from "./schema";

// A prompt set from pasted lines, CSV (a `prompt` column; other columns are variables) or JSONL
// ({ "prompt": "...", "variables": {...} } or flat { "prompt": "...", "name": "..." }).

export type BatchFormat = "lines" | "csv" | "jsonl";

export interface ParseResult {
  prompts: BatchPrompt[];
  errors: string[];
}

export function detectFormat(text: string): BatchFormat {
  const first = text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  if (first.startsWith("{")) return "jsonl";
  if (/^"?prompt"?\s*(,|$)/i.test(first)) return "csv";
  return "lines";
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ""));
}

function fromCsv(text: string): ParseResult {
  const [header, ...rows] = parseCsv(text);
  const errors: string[] = [];
  if (!header) return { prompts: [], errors: ["The CSV is empty"] };
  const names = header.map((h) => h.trim());
  const at = names.findIndex((h) => h.toLowerCase() === "prompt");
  if (at < 0) return { prompts: [], errors: ["The CSV needs a 'prompt' column"] };
  const prompts: BatchPrompt[] = [];
  rows.forEach((cells, i) => {
    const prompt = cells[at]?.trim() ?? "";
    if (!prompt) {
      errors.push(`Row ${i + 2}: empty prompt`);
      return;
    }
    const variables: Record<string, string> = {};
    names.forEach((name, j) => {
      if (j !== at && name) variables[name] = cells[j] ?? "";
    });
    prompts.push({ prompt, variables });
  });
  return { prompts, errors };
}

function fromJsonl(text: string): ParseResult {
  const prompts: BatchPrompt[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push(`Line ${i + 1}: not valid JSON`);
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push(`Line ${i + 1}: expected an object`);
      return;
    }
    const { prompt, variables, ...rest } = value as Record<string, unknown>;
    if (typeof prompt !== "string" || !prompt.trim()) {
      errors.push(`Line ${i + 1}: needs a "prompt" string`);
      return;
    }
    const vars: Record<string, string> = {};
    const source = typeof variables === "object" && variables !== null ? (variables as Record<string, unknown>) : rest;
    for (const [k, v] of Object.entries(source)) vars[k] = typeof v === "string" ? v : JSON.stringify(v);
    prompts.push({ prompt, variables: vars });
  });
  return { prompts, errors };
}

export function parsePromptSet(text: string, format: BatchFormat = detectFormat(text)): ParseResult {
  if (format === "csv") return fromCsv(text);
  if (format === "jsonl") return fromJsonl(text);
  const prompts = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((prompt) => ({ prompt, variables: {} }));
  return { prompts, errors: [] };
}
