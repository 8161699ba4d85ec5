import type { ColumnParams, RunCreateInput, Target, Turn } from "@/lib/playground/schema";
import type { PublicRun } from "@/lib/playground/types";

// The composer's editable state, and conversions to and from saved runs.

export interface ColumnDraft {
  key: string;
  target: Target | null;
  params: ColumnParams;
}

export interface Draft {
  systemPrompt: string;
  messages: Turn[];
  variables: Record<string, string>;
  columns: ColumnDraft[];
}

let counter = 0;
export const newKey = () => `col-${Date.now().toString(36)}-${counter++}`;

export const emptyColumn = (target: Target | null = null, params: ColumnParams = {}): ColumnDraft => ({ key: newKey(), target, params });

export const emptyDraft = (): Draft => ({
  systemPrompt: "",
  messages: [{ role: "user", content: "" }],
  variables: {},
  columns: [emptyColumn(), emptyColumn()],
});

export function runToDraft(run: PublicRun): Draft {
  return {
    systemPrompt: run.systemPrompt,
    messages: run.messages.length ? run.messages : [{ role: "user", content: "" }],
    variables: run.variables,
    columns: run.results.map((r) => emptyColumn(r.target, r.params)),
  };
}

export function draftToInput(draft: Draft, usedVariables: string[]): RunCreateInput {
  const variables = Object.fromEntries(usedVariables.map((name) => [name, draft.variables[name] ?? ""]));
  return {
    systemPrompt: draft.systemPrompt,
    messages: draft.messages,
    variables,
    columns: draft.columns.filter((c) => c.target).map((c) => ({ target: c.target!, params: c.params })),
  };
}
