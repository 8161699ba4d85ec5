import type { ModelCreateInput, ModelPatchInput, PublicModel } from "@/lib/models/schema";
import type { ProviderId } from "@/lib/models/providers";

// The form keeps strings; these turn them into the API body. An emptied field is sent as null on edit,
// so clearing it in the form clears it in the database.

export type SecretMode = "keep" | "none" | "inline" | "credential" | "env";

export interface ModelFormValues {
  name: string;
  description: string;
  model: string;
  provider: "" | ProviderId;
  kind: "" | "base" | "fine_tuned";
  baseModel: string;
  tags: string;
  apiBase: string;
  apiVersion: string;
  azureDeployment: string;
  project: string;
  location: string;
  secretMode: SecretMode;
  apiKey: string;
  envRef: string;
  credentialId: string;
  headers: string;
  /** Edit only: remove the stored headers (their values never come back to the form). */
  clearHeaders: boolean;
  inputPricePerMTok: string;
  outputPricePerMTok: string;
  contextWindow: string;
  ftJobId: string;
  ftTrainingFile: string;
  ftEpochs: string;
  ftTrainedTokens: string;
  ftCreatedAt: string;
}

export function emptyValues(): ModelFormValues {
  return {
    name: "",
    description: "",
    model: "",
    provider: "",
    kind: "",
    baseModel: "",
    tags: "",
    apiBase: "",
    apiVersion: "",
    azureDeployment: "",
    project: "",
    location: "",
    secretMode: "none",
    apiKey: "",
    envRef: "",
    credentialId: "",
    headers: "",
    clearHeaders: false,
    inputPricePerMTok: "",
    outputPricePerMTok: "",
    contextWindow: "",
    ftJobId: "",
    ftTrainingFile: "",
    ftEpochs: "",
    ftTrainedTokens: "",
    ftCreatedAt: "",
  };
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function valuesFromModel(m: PublicModel): ModelFormValues {
  return {
    name: m.name,
    description: str(m.description),
    model: m.model,
    provider: m.provider as ProviderId,
    kind: m.kind,
    baseModel: str(m.baseModel),
    tags: m.tags.join(", "),
    apiBase: str(m.apiBase),
    apiVersion: str(m.apiVersion),
    azureDeployment: str(m.azureDeployment),
    project: str(m.project),
    location: str(m.location),
    secretMode: m.secret.source === "none" ? "none" : "keep",
    apiKey: "",
    envRef: str(m.secret.envRef),
    credentialId: str(m.credentialId),
    headers: "",
    clearHeaders: false,
    inputPricePerMTok: str(m.inputPricePerMTok),
    outputPricePerMTok: str(m.outputPricePerMTok),
    contextWindow: str(m.contextWindow),
    ftJobId: str(m.ftJobId),
    ftTrainingFile: str(m.ftTrainingFile),
    ftEpochs: str(m.ftEpochs),
    ftTrainedTokens: str(m.ftTrainedTokens),
    ftCreatedAt: m.ftCreatedAt ? m.ftCreatedAt.slice(0, 10) : "",
  };
}

/** "" → null; anything else a number (NaN is left for the server to reject by field). */
function numOrNull(v: string): number | null {
  const t = v.trim();
  return t === "" ? null : Number(t);
}

const textOrNull = (v: string) => (v.trim() === "" ? null : v.trim());

export function parseHeaders(text: string): Record<string, string> | null {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (!lines.length) return null;
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i <= 0) out[line] = "";
    else out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

function common(v: ModelFormValues) {
  return {
    name: v.name.trim(),
    description: textOrNull(v.description),
    model: v.model.trim(),
    tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean),
    apiBase: textOrNull(v.apiBase),
    apiVersion: textOrNull(v.apiVersion),
    azureDeployment: textOrNull(v.azureDeployment),
    project: textOrNull(v.project),
    location: textOrNull(v.location),
    inputPricePerMTok: numOrNull(v.inputPricePerMTok),
    outputPricePerMTok: numOrNull(v.outputPricePerMTok),
    contextWindow: numOrNull(v.contextWindow),
    ftJobId: textOrNull(v.ftJobId),
    ftTrainingFile: textOrNull(v.ftTrainingFile),
    ftEpochs: numOrNull(v.ftEpochs),
    ftTrainedTokens: numOrNull(v.ftTrainedTokens),
    ftCreatedAt: textOrNull(v.ftCreatedAt),
  };
}

function secretFields(v: ModelFormValues): { apiKey?: string | null; credentialId?: string | null } {
  switch (v.secretMode) {
    case "keep":
      return {};
    case "none":
      return { apiKey: null, credentialId: null };
    case "inline":
      return v.apiKey ? { apiKey: v.apiKey, credentialId: null } : {};
    case "env":
      return { apiKey: v.envRef.trim() || null, credentialId: null };
    case "credential":
      return { credentialId: v.credentialId || null, apiKey: null };
  }
}

/** POST body: absent provider, kind and base model are detected by the server. */
export function toCreateBody(v: ModelFormValues): ModelCreateInput {
  const s = secretFields(v);
  const headers = parseHeaders(v.headers);
  return {
    ...common(v),
    provider: v.provider || undefined,
    kind: v.kind || undefined,
    baseModel: textOrNull(v.baseModel) ?? undefined,
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    ...(s.credentialId ? { credentialId: s.credentialId } : {}),
    ...(headers ? { headers } : {}),
  };
}

/** PATCH body: every field as shown, emptied ones as null; secrets and headers only when changed. */
export function toPatchBody(v: ModelFormValues, version: number): ModelPatchInput {
  const headers = parseHeaders(v.headers);
  return {
    ...common(v),
    provider: v.provider || null,
    kind: v.kind || null,
    baseModel: textOrNull(v.baseModel),
    ...secretFields(v),
    ...(headers ? { headers } : v.clearHeaders ? { headers: null } : {}),
    version,
  };
}
