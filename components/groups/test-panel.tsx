"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, Input, Textarea } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { ApiClientError } from "@/lib/query/fetcher";
import { useTestGroup } from "@/lib/query/groups";
import { panel } from "./styles";
import { TraceView } from "./trace-view";

// Send a prompt through the saved group and see the answer with its routing trace; several at once show the spread.

export function TestPanel({ groupId }: { groupId: string }) {
  const [prompt, setPrompt] = useState("Say hello in one short sentence.");
  const [count, setCount] = useState("1");
  const test = useTestGroup(groupId);
  const fields = test.error instanceof ApiClientError ? test.error.fields : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save moves focus to the first field it marked invalid.
  useFocusFirstInvalid(formRef, fields);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    test.mutate({ prompt, count: Number(count) || 1 });
  };
  const spread = test.data ? Object.entries(test.data.servedBy).sort((a, b) => b[1] - a[1]) : [];
  const total = test.data?.calls.length ?? 0;
  return (
    <section className={panel} aria-label="Test panel">
      <h2 className="mb-3 text-base font-semibold">Test panel</h2>
      <form ref={formRef} onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Prompt" htmlFor="test-prompt" error={fields?.prompt?.[0]} hint="Sent through the saved group, exactly as a caller would; logged as a test request.">
          <Textarea id="test-prompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </Field>
        <div className="flex items-end gap-3">
          <Field label="Send at once" htmlFor="test-count" error={fields?.count?.[0]} className="w-32">
            <Input id="test-count" type="number" min={1} max={20} value={count} onChange={(e) => setCount(e.target.value)} />
          </Field>
          <Button type="submit" disabled={test.isPending}>
            {test.isPending ? "Sending…" : "Send"}
          </Button>
        </div>
      </form>
      {test.isError && !fields ? <div className="mt-3"><ErrorState error={test.error} /></div> : null}
      {test.data ? (
        <div className="mt-4 space-y-3">
          {total > 1 ? (
            <div aria-label="Load spread" role="group" className="space-y-1">
              <p className="text-sm font-medium">How the load spread</p>
              {spread.map(([name, n]) => (
                <div key={name} className="flex items-center gap-2 text-xs">
                  <span className="w-40 truncate font-mono">{name}</span>
                  <span className="h-2 rounded bg-indigo-500" style={{ width: `${(n / total) * 60}%` }} aria-hidden />
                  <span className="tabular-nums">{n} of {total}</span>
                </div>
              ))}
            </div>
          ) : null}
          {test.data.calls.map((c, i) => (
            <TraceView key={i} call={c} n={i + 1} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
