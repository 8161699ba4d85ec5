"use client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import type { FineTuneJob } from "@/lib/models/import-schema";
import { useFineTuneJobs } from "@/lib/query/models";
import { ImportResultView } from "./import-result";
import { ImportSource, sourceBody } from "./import-source";
import { ListingError, RegisterSelected, secretOf, useImporter } from "./use-importer";

const OPENAI_BASE = "https://api.openai.com/v1";

/** OpenAI fine-tuning jobs → registered fine-tunes, several at once, skipping ones already registered. */
export function ImportJobs({ simulatorUrl }: { simulatorUrl?: string }) {
  const jobs = useFineTuneJobs();
  const { source, setSource, selected, result, fieldErrors, sectionRef, importer, reset, toggle, register: registerItems } = useImporter(jobs);

  function list() {
    reset();
    jobs.mutate(sourceBody(source));
  }

  function register(all: FineTuneJob[]) {
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
        ...secretOf(src),
        tags: ["imported"],
        ftJobId: j.jobId,
        ftTrainingFile: j.trainingFile,
        ftEpochs: j.epochs,
        ftTrainedTokens: j.trainedTokens,
        ftCreatedAt: j.createdAt,
      }));
    return registerItems(items, () => jobs.mutate(src));
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
      <ListingError error={jobs.error} fieldErrors={fieldErrors} />
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
            <RegisterSelected importer={importer} count={selected.size} onRegister={() => register(jobs.data.jobs)} />
          </div>
        )
      ) : null}
    </section>
  );
}
