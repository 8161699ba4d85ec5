"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import type { FineTuneJob, ImportResult } from "@/lib/models/import-schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { useFineTuneJobs, useImportModels } from "@/lib/query/models";
import { ImportResultView } from "./import-result";
import { ImportSource, sourceBody, type SourceValues } from "./import-source";

const OPENAI_BASE = "https://api.openai.com/v1";

/** OpenAI fine-tuning jobs → registered fine-tunes, several at once, skipping ones already registered. */
export function ImportJobs({ simulatorUrl }: { simulatorUrl?: string }) {
  const [source, setSource] = useState<SourceValues>({ credentialId: "", apiBase: "", apiKey: "" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<ImportResult>();
  const jobs = useFineTuneJobs();
  const importer = useImportModels();
  const fieldErrors = jobs.error instanceof ApiClientError ? (jobs.error.fields ?? {}) : {};
  const sectionRef = useRef<HTMLElement>(null);
  useFocusFirstInvalid(sectionRef, jobs.error);

  function list() {
    setSelected(new Set());
    setResult(undefined);
    jobs.mutate(sourceBody(source));
  }

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function register(all: FineTuneJob[]) {
    const src = sourceBody(source);
    const items = all
      .filter((j) => selected.has(j.jobId))
      .map((j) => ({
        name: j.suffix || j.jobId,
        model: j.fineTunedModel,
        provider: "openai" as const,
        kind: "fine_tuned" as const,
        baseModel: j.baseModel,
        apiBase: src.apiBase && src.apiBase !== OPENAI_BASE ? src.apiBase : undefined,
        ...(src.credentialId ? { credentialId: src.credentialId } : src.apiKey ? { apiKey: src.apiKey } : {}),
        tags: ["imported"],
        ftJobId: j.jobId,
        ftTrainingFile: j.trainingFile,
        ftEpochs: j.epochs,
        ftTrainedTokens: j.trainedTokens,
        ftCreatedAt: j.createdAt,
      }));
    try {
      setResult(await importer.mutateAsync({ items }));
      setSelected(new Set());
      jobs.mutate(src);
    } catch {
      // shown below from importer.error
    }
  }

  return (
    <section ref={sectionRef} aria-labelledby="jobs-heading" className="space-y-4">
      <h2 id="jobs-heading" className="text-base font-semibold">
        From OpenAI fine-tuning jobs
      </h2>
      <ImportSource idPrefix="jobs" value={source} onChange={setSource} errors={fieldErrors} simulatorUrl={simulatorUrl} apiBaseHint={`Default ${OPENAI_BASE}`} />
      <Button onClick={list} disabled={jobs.isPending}>
        {jobs.isPending ? "Listing…" : "List fine-tuning jobs"}
      </Button>
      {jobs.isError && !Object.keys(fieldErrors).length ? <ErrorState error={jobs.error} /> : null}
      {jobs.isError && Object.keys(fieldErrors).length ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {jobs.error.message}
        </p>
      ) : null}
      {result ? <ImportResultView result={result} /> : null}
      {jobs.data ? (
        jobs.data.jobs.length === 0 ? (
          <EmptyState title="No succeeded fine-tuning jobs">Only succeeded jobs have a fine-tuned model to register.</EmptyState>
        ) : (
          <div className="space-y-3">
            <Table dense label="Fine-tuning jobs" columns={[{ header: "Select", srOnly: true }, "Fine-tuned model", "Base", "Suffix", "Trained tokens", "Finished"]}>
              {jobs.data.jobs.map((j) => (
                <Tr key={j.jobId}>
                  <Td>
                    {j.registeredAs ? (
                      <span className="text-xs text-zinc-500">Registered as {j.registeredAs}</span>
                    ) : (
                      <input type="checkbox" aria-label={`Select ${j.fineTunedModel}`} checked={selected.has(j.jobId)} onChange={() => toggle(j.jobId)} />
                    )}
                  </Td>
                  <Td className="font-mono text-xs">{j.fineTunedModel}</Td>
                  <Td className="font-mono text-xs">{j.baseModel}</Td>
                  <Td>{j.suffix ?? "—"}</Td>
                  <Td>{j.trainedTokens?.toLocaleString() ?? "—"}</Td>
                  <Td>{new Date(j.createdAt).toLocaleDateString()}</Td>
                </Tr>
              ))}
            </Table>
            {importer.isError ? <ErrorState error={importer.error} /> : null}
            <Button disabled={!selected.size || importer.isPending} onClick={() => register(jobs.data.jobs)}>
              {importer.isPending ? "Registering…" : `Register ${selected.size} selected`}
            </Button>
          </div>
        )
      ) : null}
    </section>
  );
}
