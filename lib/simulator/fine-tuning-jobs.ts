// GET /v1/fine_tuning/jobs — a fixed history of OpenAI fine-tuning jobs, paginated with `limit` and `after`.
import { z } from "zod";

type JobStatus = "succeeded" | "failed" | "running";

interface JobSpec {
  id: string;
  model: string;
  suffix: string | null;
  /** Random part of the fine-tuned model id. */
  tag: string;
  status: JobStatus;
  createdAt: number;
  minutes: number;
  trainedTokens: number;
  epochs: number;
  trainingFile: string;
}

// Newest first, as OpenAI lists them.
const JOBS: readonly JobSpec[] = [
  { id: "ftjob-sim6RunQp2VtY8sLw", model: "gpt-4o-mini-2024-07-18", suffix: "triage-v2", tag: "", status: "running", createdAt: 1_752_400_000, minutes: 0, trainedTokens: 0, epochs: 3, trainingFile: "file-sim8TrgV2aQ1" },
  { id: "ftjob-sim5FailXr7KpD3nBe", model: "gpt-4.1-mini-2025-04-14", suffix: "legal-draft", tag: "", status: "failed", createdAt: 1_751_000_000, minutes: 4, trainedTokens: 0, epochs: 3, trainingFile: "file-sim4LglDr9Wx" },
  { id: "ftjob-sim4Tr1agMw5HcZq", model: "gpt-4o-mini-2024-07-18", suffix: "triage", tag: "Ck2mP8sQ", status: "succeeded", createdAt: 1_749_000_000, minutes: 38, trainedTokens: 912_384, epochs: 3, trainingFile: "file-sim3TrgQ7Lm" },
  { id: "ftjob-sim3SqlAs2JdN9rFu", model: "gpt-4.1-mini-2025-04-14", suffix: "sql-assistant", tag: "BqR7nW3e", status: "succeeded", createdAt: 1_747_000_000, minutes: 52, trainedTokens: 1_482_211, epochs: 4, trainingFile: "file-sim2SqlK8Pz" },
  { id: "ftjob-sim2Sup9Kx4TbLmA", model: "gpt-4o-mini-2024-07-18", suffix: "support-bot", tag: "9KxT2qLm", status: "succeeded", createdAt: 1_744_000_000, minutes: 41, trainedTokens: 2_204_730, epochs: 3, trainingFile: "file-sim1SupR4Hn" },
  { id: "ftjob-sim1Gpt35hQ8vEyWs", model: "gpt-3.5-turbo-0125", suffix: null, tag: "8AbCdEf1", status: "succeeded", createdAt: 1_712_000_000, minutes: 27, trainedTokens: 486_912, epochs: 4, trainingFile: "file-sim0Gen5Yt2" },
];

export const SIMULATOR_JOB_IDS: readonly string[] = JOBS.map((j) => j.id);

function fineTunedModel(job: JobSpec): string | null {
  return job.status === "succeeded" ? `ft:${job.model}:acme:${job.suffix ?? ""}:${job.tag}` : null;
}

function toOpenAIJob(job: JobSpec) {
  const finished = job.status === "running" ? null : job.createdAt + job.minutes * 60;
  const hyperparameters = { n_epochs: job.epochs, batch_size: 8, learning_rate_multiplier: 1.8 };
  return {
    object: "fine_tuning.job",
    id: job.id,
    model: job.model,
    created_at: job.createdAt,
    finished_at: finished,
    fine_tuned_model: fineTunedModel(job),
    organization_id: "org-simulator",
    result_files: job.status === "succeeded" ? [`file-result-${job.tag}`] : [],
    status: job.status,
    validation_file: null,
    training_file: job.trainingFile,
    hyperparameters,
    trained_tokens: job.status === "succeeded" ? job.trainedTokens : null,
    error:
      job.status === "failed"
        ? { code: "invalid_training_file", message: "The job failed due to an invalid training file: line 42 is not valid JSON.", param: "training_file" }
        : null,
    user_provided_suffix: job.suffix,
    seed: 42,
    estimated_finish: job.status === "running" ? job.createdAt + 45 * 60 : null,
    integrations: [],
    metadata: null,
    method: { type: "supervised", supervised: { hyperparameters } },
  };
}

const querySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.string().min(1).optional(),
  })
  .strict();

export type JobsResult = { ok: true; body: unknown } | { ok: false; param: string; message: string };

export function listFineTuningJobs(query: URLSearchParams): JobsResult {
  const parsed = querySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.code === "unrecognized_keys" ? issue.keys[0] : String(issue.path[0]);
    return { ok: false, param, message: `Invalid query parameter '${param}': ${issue.message}.` };
  }
  const { limit, after } = parsed.data;
  let start = 0;
  if (after !== undefined) {
    const index = JOBS.findIndex((j) => j.id === after);
    if (index === -1) return { ok: false, param: "after", message: `No fine-tuning job found with id '${after}'.` };
    start = index + 1;
  }
  const page = JOBS.slice(start, start + limit);
  return { ok: true, body: { object: "list", data: page.map(toOpenAIJob), has_more: start + limit < JOBS.length } };
}
