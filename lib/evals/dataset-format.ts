import { parseCsv } from "@/lib/playground/batch-parse";
import { EvalCaseSchema, MAX_CASES, type DatasetFormat, type EvalCase } from "./schema";

// Dataset files in and out. JSONL lines are a case ({ messages | prompt, variables, reference, tags }) or an
// OpenAI fine-tuning example ({ messages } ending in the assistant's answer, which becomes the reference).
// CSV has a `prompt` column; `reference`, `system` and `tags` (separated by `|`) are optional, and every other
// column is a variable. A file with any bad row is refused whole, with each bad line and field named.

export interface ParseIssue {
  line: number;
  field: string;
  message: string;
}

export type ParseOutcome = { ok: true; cases: EvalCase[] } | { ok: false; issues: ParseIssue[] };

const MAX_ISSUES = 20;
const REFERENCE_KEYS = ["reference", "ideal", "expected", "completion"] as const;

function fromObject(obj: Record<string, unknown>): unknown {
  const reference = REFERENCE_KEYS.map((k) => obj[k]).find((v) => v !== undefined) ?? null;
  const base = { variables: obj.variables, reference, tags: obj.tags };
  if (Array.isArray(obj.messages)) {
    const messages = obj.messages as { role?: unknown; content?: unknown }[];
    const last = messages[messages.length - 1];
    // A fine-tuning example: the trained answer is what a good model should say.
    if (last && last.role === "assistant" && reference === null) {
      return { ...base, messages: messages.slice(0, -1).map(pickTurn), reference: typeof last.content === "string" ? last.content : null };
    }
    return { ...base, messages: messages.map(pickTurn) };
  }
  if (typeof obj.prompt === "string") {
    const messages = [...(typeof obj.system === "string" && obj.system ? [{ role: "system", content: obj.system }] : []), { role: "user", content: obj.prompt }];
    return { ...base, messages };
  }
  return { ...base, messages: undefined };
}

/** Fine-tuning files carry extra keys per turn (name, weight); a case keeps role and content. */
function pickTurn(m: { role?: unknown; content?: unknown }) {
  return { role: m.role, content: m.content };
}

function collect(rows: { line: number; value: unknown }[]): ParseOutcome {
  const issues: ParseIssue[] = [];
  const cases: EvalCase[] = [];
  for (const { line, value } of rows) {
    const parsed = EvalCaseSchema.safeParse(value);
    if (parsed.success) cases.push(parsed.data);
    else for (const issue of parsed.error.issues) issues.push({ line, field: issue.path.join(".") || "row", message: issue.message });
    if (issues.length >= MAX_ISSUES) break;
  }
  if (!issues.length && !cases.length) issues.push({ line: 1, field: "file", message: "The file has no cases" });
  if (cases.length > MAX_CASES) issues.push({ line: MAX_CASES + 1, field: "file", message: `At most ${MAX_CASES} cases per dataset` });
  return issues.length ? { ok: false, issues } : { ok: true, cases };
}

export function parseJsonl(text: string, holdoutPercent = 100): ParseOutcome {
  const rows: { line: number; value: unknown }[] = [];
  const issues: ParseIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const obj: unknown = JSON.parse(raw);
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) issues.push({ line: i + 1, field: "row", message: "Each line must be a JSON object" });
      else rows.push({ line: i + 1, value: fromObject(obj as Record<string, unknown>) });
    } catch {
      issues.push({ line: i + 1, field: "row", message: "Not valid JSON" });
    }
  });
  if (issues.length) return { ok: false, issues: issues.slice(0, MAX_ISSUES) };
  // The held-out split is the file's tail: training jobs usually take the head, and the tail is stable across re-imports.
  const keep = holdoutPercent >= 100 ? rows : rows.slice(rows.length - Math.max(1, Math.round((rows.length * holdoutPercent) / 100)));
  return collect(keep);
}

export function parseCsvCases(text: string): ParseOutcome {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { ok: false, issues: [{ line: 1, field: "file", message: "The CSV is empty" }] };
  const names = header.map((h) => h.trim());
  if (!names.some((n) => n.toLowerCase() === "prompt")) return { ok: false, issues: [{ line: 1, field: "prompt", message: "The CSV needs a 'prompt' column" }] };
  return collect(rows.map((cells, i) => ({ line: i + 2, value: csvRow(cells, names) })));
}

const CSV_SPECIAL = new Set<string>(["prompt", "system", "tags", ...REFERENCE_KEYS]);

function csvRow(cells: string[], names: string[]) {
  const lower = names.map((n) => n.toLowerCase());
  const get = (n: string) => (lower.indexOf(n) >= 0 ? (cells[lower.indexOf(n)] ?? "") : "");
  const variables: Record<string, string> = {};
  names.forEach((name, j) => {
    if (name && !CSV_SPECIAL.has(lower[j])) variables[name] = cells[j] ?? "";
  });
  const system = get("system");
  return {
    messages: [...(system ? [{ role: "system", content: system }] : []), { role: "user", content: get("prompt") }],
    variables,
    reference: REFERENCE_KEYS.map(get).find((v) => v !== "") ?? null,
    tags: get("tags").split("|").map((t) => t.trim()).filter(Boolean),
  };
}

export function parseDataset(format: DatasetFormat, text: string, holdoutPercent = 100): ParseOutcome {
  return format === "jsonl" ? parseJsonl(text, holdoutPercent) : parseCsvCases(text);
}

export function formatIssues(issues: ParseIssue[]): string {
  return issues.map((i) => `line ${i.line}, ${i.field}: ${i.message}`).join("; ");
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function toJsonl(cases: EvalCase[]): string {
  return cases.map((c) => JSON.stringify({ messages: c.messages, variables: c.variables, reference: c.reference, tags: c.tags })).join("\n") + "\n";
}

/** One row per case: the last user turn is the prompt (earlier turns do not fit a CSV row; JSONL keeps them). */
export function toCsv(cases: EvalCase[]): string {
  const vars = [...new Set(cases.flatMap((c) => Object.keys(c.variables)))];
  const lines = [["prompt", "system", "reference", "tags", ...vars].map(csvCell).join(",")];
  for (const c of cases) {
    const prompt = [...c.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const system = c.messages.find((m) => m.role === "system")?.content ?? "";
    lines.push([prompt, system, c.reference ?? "", c.tags.join("|"), ...vars.map((v) => c.variables[v] ?? "")].map(csvCell).join(","));
  }
  return lines.join("\n") + "\n";
}
