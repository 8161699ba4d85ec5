import { resolveModel, ResolveError, type ProviderId } from "@/lib/completion";
import { ENV_REF, type ModelCreateParsed, type ModelSettings } from "@/lib/models/schema";
import { ApiError, type FieldErrors } from "@/lib/server/api-error";
import { encryptSecret, last4 } from "@/lib/server/crypto";
import { encodeTags } from "./tags";

// Registration input → resolved, checked columns. Shared by create, edit, import and test-before-save.

/** The fields after resolution: provider and model are known, nothing is undefined. */
export interface ResolvedInput extends ModelSettings<Date> {
  provider: ProviderId;
}

/** A resolve failure as a 400 naming the form field. */
export function resolveFailure(err: ResolveError, prefix = ""): ApiError {
  const message = `${err.message}: ${err.hint}`;
  return new ApiError("validation_failed", message, { [prefix + err.field]: [message] }, { hint: err.hint });
}

export function resolveOrThrow(model: string, hints: { provider?: ProviderId; apiBase?: string }, prefix = "") {
  try {
    return resolveModel(model, hints);
  } catch (err) {
    if (err instanceof ResolveError) throw resolveFailure(err, prefix);
    throw err;
  }
}

/** POST input → resolved fields: provider detected when absent, base model and kind derived when absent. */
export function resolveCreate(input: ModelCreateParsed, prefix = ""): ResolvedInput {
  const r = resolveOrThrow(input.model, { provider: input.provider ?? undefined, apiBase: input.apiBase ?? undefined }, prefix);
  return {
    name: input.name,
    description: input.description ?? null,
    provider: r.provider,
    modelId: r.model,
    kind: input.kind ?? r.kind,
    baseModel: input.baseModel === undefined ? (r.baseModel ?? null) : input.baseModel,
    parentId: input.parentId ?? null,
    tags: input.tags ?? [],
    apiBase: input.apiBase ?? null,
    apiVersion: input.apiVersion ?? null,
    azureDeployment: input.azureDeployment ?? null,
    project: input.project === undefined ? (r.project ?? null) : input.project,
    location: input.location === undefined ? (r.location ?? null) : input.location,
    credentialId: input.credentialId ?? null,
    inputPricePerMTok: input.inputPricePerMTok ?? null,
    outputPricePerMTok: input.outputPricePerMTok ?? null,
    contextWindow: input.contextWindow ?? null,
    ftJobId: input.ftJobId ?? null,
    ftTrainingFile: input.ftTrainingFile ?? null,
    ftEpochs: input.ftEpochs ?? null,
    ftTrainedTokens: input.ftTrainedTokens ?? null,
    ftCreatedAt: input.ftCreatedAt ?? null,
    simulator: input.simulator ?? null,
  };
}

/** Cross-field rules, checked after resolution (create) or after merging with the stored row (edit). */
export function ruleErrors(m: ResolvedInput, secret: { apiKey?: string | null }): FieldErrors {
  const fields: FieldErrors = {};
  const add = (k: string, msg: string) => (fields[k] ??= []).push(msg);
  if (m.provider === "azure") {
    if (!m.apiBase) add("apiBase", "Azure needs the resource endpoint, e.g. https://my-resource.openai.azure.com");
    if (!m.baseModel) add("baseModel", "Azure needs the base model (cost and context window come from it)");
  }
  if (m.provider === "vertex_ai" && (!m.project || !m.location)) {
    if (!m.project) add("project", "Vertex AI needs the Google Cloud project");
    if (!m.location) add("location", "Vertex AI needs the region, e.g. us-central1");
  }
  if ((m.provider === "hosted_vllm" || m.provider === "ollama") && !m.apiBase) {
    add("apiBase", "This provider needs the server's API base, e.g. http://localhost:8000/v1");
  }
  if (m.kind === "fine_tuned" && !m.baseModel && !m.parentId) {
    add("baseModel", "A fine-tuned model needs the base model it was trained from");
  }
  if (m.provider !== "simulator" && m.simulator) add("simulator", "Simulator behaviour applies to simulator models only");
  const key = secret.apiKey;
  if (key) {
    if (key.startsWith("env:") && !ENV_REF.test(key)) add("apiKey", "An environment reference looks like env:OPENAI_API_KEY");
    if (m.credentialId) add("apiKey", "Use either a saved credential or an inline key, not both");
    if (m.provider === "vertex_ai" && !key.startsWith("env:") && !isServiceAccount(key)) {
      add("apiKey", "Upload the service-account JSON key file (it has client_email and private_key)");
    }
  }
  return fields;
}

function isServiceAccount(text: string): boolean {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    return typeof j.client_email === "string" && typeof j.private_key === "string";
  } catch {
    return false;
  }
}

export function throwIfErrors(fields: FieldErrors, prefix = ""): void {
  const keys = Object.keys(fields);
  if (!keys.length) return;
  const prefixed = Object.fromEntries(keys.map((k) => [prefix + k, fields[k]]));
  throw new ApiError("validation_failed", `Invalid request body — ${keys[0]}: ${fields[keys[0]][0]}`, prefixed);
}

/** Secret columns for a key: inline keys are encrypted, env references kept as references, null clears. */
export function secretColumns(secret: string | null) {
  if (!secret) return { inlineSecretEnc: null, inlineSecretLast4: null, secretEnvRef: null };
  if (secret.startsWith("env:")) return { inlineSecretEnc: null, inlineSecretLast4: null, secretEnvRef: secret };
  return { inlineSecretEnc: encryptSecret(secret), inlineSecretLast4: last4(secret), secretEnvRef: null };
}

export function headerColumns(headers: Record<string, string> | null) {
  return { headersEnc: headers && Object.keys(headers).length ? encryptSecret(JSON.stringify(headers)) : null };
}

export function modelColumns(m: ResolvedInput) {
  const { tags, simulator, ...rest } = m;
  return { ...rest, tags: encodeTags(tags), simulatorJson: simulator ? JSON.stringify(simulator) : null };
}
