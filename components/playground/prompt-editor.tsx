"use client";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import type { Turn } from "@/lib/playground/schema";

// Shared system prompt, a multi-turn conversation, and a form for the {{variables}} they use.

export function PromptEditor({
  systemPrompt,
  messages,
  variables,
  variableNames,
  onSystemPrompt,
  onMessages,
  onVariable,
}: {
  systemPrompt: string;
  messages: Turn[];
  variables: Record<string, string>;
  variableNames: string[];
  onSystemPrompt: (v: string) => void;
  onMessages: (m: Turn[]) => void;
  onVariable: (name: string, value: string) => void;
}) {
  const setTurn = (i: number, patch: Partial<Turn>) => onMessages(messages.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const addTurns = () => onMessages([...messages, { role: "assistant", content: "" }, { role: "user", content: "" }]);
  const removeTurn = (i: number) => onMessages(messages.filter((_, j) => j !== i));
  return (
    <div className="space-y-3">
      <Field label="System prompt" htmlFor="pg-system">
        <Textarea id="pg-system" rows={2} value={systemPrompt} placeholder="You are a helpful support assistant for {{product}}." onChange={(e) => onSystemPrompt(e.target.value)} />
      </Field>
      {messages.map((m, i) => {
        const last = i === messages.length - 1;
        const label = m.role === "user" ? (messages.length === 1 ? "Prompt" : `User message ${Math.floor(i / 2) + 1}`) : `Assistant message ${Math.floor(i / 2) + 1}`;
        return (
          <div key={i} className="space-y-1">
            <div className="flex items-center justify-between">
              <label htmlFor={`pg-turn-${i}`} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
                {label}
              </label>
              {messages.length > 1 && !last ? (
                <Button variant="ghost" size="sm" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => removeTurn(i)}>
                  Remove
                </Button>
              ) : null}
            </div>
            <Textarea
              id={`pg-turn-${i}`}
              rows={last ? 4 : 2}
              value={m.content}
              placeholder={m.role === "user" ? "Ask something… use {{name}} for variables. Ctrl/Cmd+Enter runs." : "An earlier assistant reply"}
              onChange={(e) => setTurn(i, { content: e.target.value })}
            />
          </div>
        );
      })}
      <Button variant="ghost" size="sm" onClick={addTurns}>
        + Add a turn
      </Button>
      {variableNames.length ? (
        <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <legend className="px-1 text-sm font-medium">Variables</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {variableNames.map((name) => (
              <div key={name} className="space-y-1">
                <label htmlFor={`pg-var-${name}`} className="block font-mono text-xs text-zinc-700 dark:text-zinc-300">
                  {`{{${name}}}`}
                </label>
                <Input id={`pg-var-${name}`} value={variables[name] ?? ""} onChange={(e) => onVariable(name, e.target.value)} />
              </div>
            ))}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}
