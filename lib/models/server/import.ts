import "server-only";
import { changesRegistry } from "@/lib/server/registry-generation";
import { z } from "zod";
import { resolveModel, scrubSecrets } from "@/lib/completion";
import { readSecret } from "@/lib/completion/credentials";
import type { DiscoveredModel, FineTuneJob, ImportResult } from "@/lib/models/import-schema";
import type { DiscoverSourceSchema, ImportBodySchema, JobsSourceSchema } from "@/lib/models/import-schema";
import type { Db } from "@/lib/server/db";
import { ApiError } from "@/lib/server/api-error";
import { credentialSecret } from "./credentials";
import { prepareCreate } from "./models";

// Import from OpenAI fine-tuning jobs and discover from any OpenAI-compatible /v1/models.
// Listing is not a completion, so it is a plain GET here; the secret handling is the core's (env:NAME).

const LIST_TIMEOUT_MS = 10_000;
const MAX_JOB_PAGES = 10;

interface Source {
  apiBase: string;
  key?: string;
}

async function sourceOf(db: Db, input: { credentialId?: string; apiKey?: string; apiBase?: string }, defaultBase?: string): Promise<Source> {
  let key = input.apiKey;
  let apiBase = input.apiBase;
  if (input.credentialId) {
    const c = await credentialSecret(db, input.credentialId);
    key = c.secret;
    apiBase ??= c.apiBase ?? undefined;
  }
  apiBase ??= defaultBase;
  if (!apiBase) throw new ApiError("validation_failed", "The server's API base is required", { apiBase: ["The server's API base is required"] });
  try {
    key = readSecret(key, "openai");
  } catch (err) {
    const message = err instanceof Error ? err.message : "the key could not be read";
    throw new ApiError("validation_failed", message, { [input.credentialId ? "credentialId" : "apiKey"]: [message] });
  }
  return { apiBase: apiBase.replace(/\/+$/, ""), key };
}

async function getJson(src: Source, path: string): Promise<unknown> {
  const url = `${src.apiBase}${path}`;
  const shown = scrubSecrets(url, [src.key]);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: src.key ? { authorization: `Bearer ${src.key}` } : {},
      signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
    });
  } catch (err) {
    const why = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${LIST_TIMEOUT_MS} ms` : "the server could not be reached";
    throw new ApiError("upstream_error", `${shown}: ${why}`, { apiBase: [`${why}; check the API base`] });
  }
  const text = await res.text();
  if (!res.ok) {
    const hint = res.status === 401 ? "check the API key" : res.status === 404 ? "check the API base (it usually ends in /v1)" : "see the message";
    const field = res.status === 401 || res.status === 403 ? "apiKey" : "apiBase";
    const detail = scrubSecrets(text.slice(0, 300), [src.key]);
    throw new ApiError("upstream_error", `${shown} returned HTTP ${res.status} — ${hint}`, { [field]: [`HTTP ${res.status}: ${hint}`] }, { upstream: detail });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("upstream_error", `${shown} did not return JSON`, { apiBase: ["The server did not return JSON; check the API base"] });
  }
}

const JobsPage = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      model: z.string(),
      status: z.string(),
      fine_tuned_model: z.string().nullable().optional(),
      created_at: z.number(),
      finished_at: z.number().nullable().optional(),
      trained_tokens: z.number().nullable().optional(),
      training_file: z.string().nullable().optional(),
      user_provided_suffix: z.string().nullable().optional(),
      hyperparameters: z.object({ n_epochs: z.union([z.number(), z.string()]).optional() }).partial().nullable().optional(),
    }),
  ),
  has_more: z.boolean().optional(),
});

async function registeredByModelId(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.model.findMany({ where: { modelId: { in: ids } }, select: { modelId: true, name: true } });
  return new Map(rows.map((r) => [r.modelId, r.name]));
}

/** Succeeded jobs with their fine-tuned model ids, newest first, flagged when already registered. */
export async function listFineTuneJobs(db: Db, input: z.output<typeof JobsSourceSchema>): Promise<{ jobs: FineTuneJob[] }> {
  const src = await sourceOf(db, input, "https://api.openai.com/v1");
  const jobs: FineTuneJob[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_JOB_PAGES; page++) {
    const raw = await getJson(src, `/fine_tuning/jobs?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`);
    const parsed = JobsPage.safeParse(raw);
    if (!parsed.success) throw new ApiError("upstream_error", "The fine-tuning jobs list has an unexpected shape", { apiBase: ["Not an OpenAI fine-tuning jobs endpoint"] });
    for (const j of parsed.data.data) {
      if (j.status !== "succeeded" || !j.fine_tuned_model) continue;
      const epochs = Number(j.hyperparameters?.n_epochs);
      jobs.push({
        jobId: j.id,
        fineTunedModel: j.fine_tuned_model,
        baseModel: j.model,
        suffix: j.user_provided_suffix ?? null,
        trainedTokens: j.trained_tokens ?? null,
        epochs: Number.isFinite(epochs) ? epochs : null,
        trainingFile: j.training_file ?? null,
        createdAt: new Date((j.finished_at ?? j.created_at) * 1000).toISOString(),
        registeredAs: null,
      });
    }
    after = parsed.data.data.at(-1)?.id;
    if (!parsed.data.has_more || !after) break;
  }
  const registered = await registeredByModelId(db, jobs.map((j) => j.fineTunedModel));
  return { jobs: jobs.map((j) => ({ ...j, registeredAs: registered.get(j.fineTunedModel) ?? null })) };
}

const ModelsList = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      parent: z.string().nullable().optional(),
      max_model_len: z.number().nullable().optional(),
    }),
  ),
});

/** /v1/models of a vLLM, Ollama or other OpenAI-compatible server; LoRA adapters carry their base as `parent`. */
export async function discoverModels(db: Db, input: z.output<typeof DiscoverSourceSchema>): Promise<{ models: DiscoveredModel[] }> {
  const src = await sourceOf(db, input);
  const parsed = ModelsList.safeParse(await getJson(src, "/models"));
  if (!parsed.success) throw new ApiError("upstream_error", "The models list has an unexpected shape", { apiBase: ["Not an OpenAI-compatible /v1/models endpoint"] });
  const registered = await registeredByModelId(db, parsed.data.data.map((m) => m.id));
  return {
    models: parsed.data.data.map((m) => {
      let kind: DiscoveredModel["kind"] = m.parent ? "fine_tuned" : "base";
      if (!m.parent) {
        try {
          kind = resolveModel(m.id, { provider: input.provider }).kind;
        } catch {
          kind = "base";
        }
      }
      return { id: m.id, parent: m.parent ?? null, kind, contextWindow: m.max_model_len ?? null, registeredAs: registered.get(m.id) ?? null };
    }),
  };
}

/**
 * Register several models in one step. Items whose model id (same provider and api base) or name is
 * already registered are skipped; any invalid item fails the whole import and nothing is written.
 */
async function importModelsUnsignalled(db: Db, body: z.output<typeof ImportBodySchema>): Promise<ImportResult> {
  const prepared = [];
  for (const [i, item] of body.items.entries()) prepared.push(await prepareCreate(db, item, `items.${i}.`));

  const skipped: ImportResult["skipped"] = [];
  const toCreate: typeof prepared = [];
  const seenNames = new Set<string>();
  for (const p of prepared) {
    const d = p.data;
    const sameModel = await db.model.findFirst({
      where: { modelId: d.modelId, provider: d.provider, apiBase: d.apiBase },
      select: { name: true },
    });
    if (sameModel) skipped.push({ name: d.name, model: d.modelId, reason: `already registered as "${sameModel.name}"` });
    else if (seenNames.has(d.name) || (await db.model.findUnique({ where: { name: d.name }, select: { id: true } }))) {
      skipped.push({ name: d.name, model: d.modelId, reason: `the name "${d.name}" is taken` });
    } else {
      seenNames.add(d.name);
      toCreate.push(p);
    }
  }
  const created = await db.$transaction(toCreate.map((p) => db.model.create({ data: p.data, select: { id: true, name: true, modelId: true } })));
  return { created: created.map((c) => ({ id: c.id, name: c.name, model: c.modelId })), skipped };
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const importModels = changesRegistry(importModelsUnsignalled);
