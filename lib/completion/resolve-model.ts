// Model id → provider, provider-side model, base model. One ordered table of rules; first match wins.
import { ResolveError } from "./errors";
import { lookupModel } from "./pricing";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "./types";

export interface ResolvedModel {
  provider: ProviderId;
  /** Provider-side id, without the `provider/` prefix. */
  model: string;
  /** Base model for cost and context window; absent when it cannot be derived from the id. */
  baseModel?: string;
  kind: "base" | "fine_tuned";
  project?: string;
  location?: string;
  /** Which rule decided, in words. */
  rule: string;
}

export interface ResolveHints {
  apiBase?: string;
  provider?: ProviderId;
}

type Details = Omit<ResolvedModel, "provider" | "model" | "rule"> & { note?: string };

const OPENAI_BASE = /^(gpt-(3\.5|4|5)|chatgpt-|o[1345](-|$)|davinci-002|babbage-002)/;
const MISTRAL_BASE =
  /^(mistral-(large|medium|small|tiny|saba)|open-mistral-|open-mixtral-|codestral|ministral-|pixtral-|magistral-|devstral-)/;
const CHECKPOINT = /^ckpt-step-\d+$/;

/** LiteLLM provider names we deliberately do not serve, so the error says so instead of "ambiguous". */
const UNSUPPORTED_PREFIXES: Record<string, string> = {
  gemini: "gemini/ is Google AI Studio; use vertex_ai/ with a project and location",
  bedrock: "AWS Bedrock is not supported yet",
  groq: "Groq is not a built-in provider; use openai/ with its apiBase",
  deepseek: "DeepSeek is not a built-in provider; use openai/ with its apiBase",
  openrouter: "OpenRouter is not a built-in provider; use openai/ with its apiBase",
  azure_ai: "Azure AI Foundry serverless is not supported; use azure/ for Azure OpenAI deployments",
  together: "the provider id is together_ai/",
  fireworks: "the provider id is fireworks_ai/ (or use an accounts/{a}/models/{m} id)",
  vllm: "the provider id is hosted_vllm/",
};

const PROVIDER_LIST = PROVIDER_IDS.map((p) => `${p}/`).join(", ");

function fail(message: string, field: ConstructorParameters<typeof ResolveError>[1], hint: string): never {
  throw new ResolveError(message, field, hint);
}

/** `ft:{base}:{org}:{suffix}:{id}[:ckpt-step-N]` (OpenAI) or `ft:{base}:{hex}:{date}:{hex}` (Mistral). */
function parseFineTune(id: string): { base: string; family?: "openai" | "mistral"; checkpoint: boolean } {
  const parts = id.split(":");
  const checkpoint = parts.length === 6 && CHECKPOINT.test(parts[5]);
  if ((parts.length !== 5 && !checkpoint) || !parts[1] || !parts[2] || !parts[4]) {
    fail(
      `malformed fine-tune id '${id}'`,
      "model",
      "expected ft:{base}:{org}:{suffix}:{id} (the suffix may be empty, a checkpoint adds :ckpt-step-N)",
    );
  }
  const base = parts[1];
  const family = OPENAI_BASE.test(base) ? "openai" : MISTRAL_BASE.test(base) ? "mistral" : undefined;
  return { base, family, checkpoint };
}

const VERTEX_PATH = /^projects\/([^/]+)\/locations\/([^/]+)\/(endpoints|models)\/([^/]+)$/;
const VERTEX_PUBLISHER = /^projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/]+)$/;

function vertexDetails(model: string): Details {
  if (model.startsWith("projects/")) {
    const publisher = VERTEX_PUBLISHER.exec(model);
    if (publisher) {
      return { kind: "base", baseModel: publisher[4], project: publisher[1], location: publisher[2], note: "Vertex publisher model path" };
    }
    const path = VERTEX_PATH.exec(model);
    if (!path) {
      fail(
        `malformed Vertex resource path '${model}'`,
        "model",
        "expected projects/{project}/locations/{location}/endpoints/{id} or …/models/{id}",
      );
    }
    const what = path[3] === "endpoints" ? "tuned-model endpoint" : "Model Registry model";
    return {
      kind: "fine_tuned",
      project: path[1],
      location: path[2],
      note: `Vertex ${what} path (base model not in the id: set baseModel for cost)`,
    };
  }
  return { kind: "base", baseModel: model };
}

function fireworksDetails(model: string): Details {
  const m = /^accounts\/([^/]+)\/(models|deployedModels)\/([^/#]+)(#accounts\/[^/]+\/deployments\/[^/]+)?$/.exec(model);
  if (!m) {
    if (model.startsWith("accounts/")) {
      fail(`malformed Fireworks id '${model}'`, "model", "expected accounts/{account}/models/{model}");
    }
    return { kind: "base", baseModel: `accounts/fireworks/models/${model}` };
  }
  if (m[1] === "fireworks") return { kind: "base", baseModel: model.split("#")[0], note: "Fireworks serverless model" };
  return { kind: "fine_tuned", note: `Fireworks custom model of account '${m[1]}' (set baseModel for cost)` };
}

function togetherDetails(model: string): Details {
  const entry = lookupModel(model);
  if (entry) return { kind: "base", baseModel: model };
  // Together fine-tunes are named {user}/{BaseName}-{suffix}-{hash}: the base appears verbatim.
  const name = model.split("/").pop() ?? model;
  for (const candidate of ["meta-llama/", "Qwen/", "mistralai/", "deepseek-ai/"]) {
    const hit = lookupModel(candidate + name.replace(/-[^-]+-[0-9a-f]{6,}$/i, ""));
    if (hit) return { kind: "fine_tuned", baseModel: hit.id, note: `Together fine-tune named after ${hit.id}` };
  }
  return { kind: "base", baseModel: model };
}

/** Base model, kind, project and location once the provider is known. */
function details(provider: ProviderId, model: string): Details {
  if (model.startsWith("ft:")) {
    const ft = parseFineTune(model);
    return { kind: "fine_tuned", baseModel: ft.base, note: ft.checkpoint ? "fine-tune checkpoint" : "fine-tune id" };
  }
  switch (provider) {
    case "vertex_ai":
      return vertexDetails(model);
    case "fireworks_ai":
      return fireworksDetails(model);
    case "together_ai":
      return togetherDetails(model);
    case "azure": {
      const ft = /^(.+)\.ft-[0-9a-z]+$/i.exec(model);
      if (ft) return { kind: "fine_tuned", baseModel: ft[1].replace(/^gpt-35-/, "gpt-3.5-"), note: "Azure fine-tuned model" };
      return lookupModel(model)
        ? { kind: "base", baseModel: model.replace(/^gpt-35-/, "gpt-3.5-") }
        : { kind: "base", note: "Azure deployment name (base model not in the id: set baseModel for cost)" };
    }
    case "simulator": {
      const lora = /^(tb-sim-\d+b)-[\w-]+-lora$/.exec(model);
      if (lora) return { kind: "fine_tuned", baseModel: lora[1], note: "simulator LoRA adapter of " + lora[1] };
      return { kind: "base", baseModel: model };
    }
    case "openai":
    case "anthropic":
    case "mistral":
    case "ollama":
    case "hosted_vllm":
      return { kind: "base", baseModel: model };
    default: {
      const unreachable: never = provider;
      return unreachable;
    }
  }
}

function build(provider: ProviderId, model: string, rule: string): ResolvedModel {
  const { note, ...rest } = details(provider, model);
  return { provider, model, ...rest, rule: note ? `${rule}; ${note}` : rule };
}

function providerFromApiBase(apiBase: string): ProviderId | "generic" {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    fail(`apiBase '${apiBase}' is not a URL`, "apiBase", "use an absolute URL such as https://host/v1");
  }
  const host = url.hostname.toLowerCase();
  if (host.endsWith(".openai.azure.com") || host.endsWith(".cognitiveservices.azure.com")) return "azure";
  if (url.port === "11434") return "ollama";
  if (host === "api.openai.com") return "openai";
  if (host === "api.anthropic.com") return "anthropic";
  if (host === "api.mistral.ai") return "mistral";
  if (host === "api.together.xyz" || host === "api.together.ai") return "together_ai";
  if (host === "api.fireworks.ai") return "fireworks_ai";
  if (host.endsWith("aiplatform.googleapis.com")) return "vertex_ai";
  return "generic";
}

interface IdRule {
  rule: string;
  test: (id: string) => boolean;
  provider: (id: string) => ProviderId;
}

const ambiguous = (id: string, what: string): never =>
  fail(
    `'${id}' is ambiguous: ${what}`,
    "provider",
    "prefix the id with the provider (together_ai/, fireworks_ai/, hosted_vllm/, ollama/) or pass the server's apiBase",
  );

/** Rules for ids without a prefix, in order. */
const ID_RULES: IdRule[] = [
  {
    rule: "'ft:' fine-tune id",
    test: (id) => id.startsWith("ft:"),
    provider: (id) => {
      const ft = parseFineTune(id);
      if (!ft.family) {
        fail(`unknown fine-tune base '${ft.base}' in '${id}'`, "provider", "prefix the id with openai/ or mistral/");
      }
      return ft.family;
    },
  },
  {
    rule: "legacy GPT-3 fine-tune",
    test: (id) => /^(davinci|curie|babbage|ada):ft-/.test(id),
    provider: (id) =>
      fail(`'${id}' is a retired GPT-3 fine-tune`, "model", "OpenAI retired these models; re-train on a current base"),
  },
  { rule: "Vertex AI resource path", test: (id) => id.startsWith("projects/"), provider: () => "vertex_ai" },
  { rule: "Tunebench simulator model", test: (id) => /^tb-sim-/.test(id), provider: () => "simulator" },
  { rule: "Fireworks accounts/ path", test: (id) => id.startsWith("accounts/"), provider: () => "fireworks_ai" },
  {
    rule: "Azure model name (gpt-35 spelling or .ft- suffix)",
    test: (id) => /^gpt-35-/.test(id) || /\.ft-[0-9a-z]+$/i.test(id),
    provider: () => "azure",
  },
  { rule: "Ollama name:tag", test: (id) => /^[a-z0-9][\w.-]*(\/[\w.-]+)*:[\w.-]+$/i.test(id), provider: () => "ollama" },
  {
    rule: "open-weight model served by many providers",
    test: (id) => /^gpt-oss/.test(id),
    provider: (id) => ambiguous(id, "open-weight models are served by several providers"),
  },
  { rule: "well-known OpenAI model name", test: (id) => OPENAI_BASE.test(id), provider: () => "openai" },
  { rule: "well-known Anthropic model name", test: (id) => /^claude-/.test(id), provider: () => "anthropic" },
  { rule: "well-known Gemini model name (served through Vertex AI)", test: (id) => /^gemini-/.test(id), provider: () => "vertex_ai" },
  { rule: "well-known Mistral model name", test: (id) => MISTRAL_BASE.test(id), provider: () => "mistral" },
  {
    rule: "Hugging Face style org/name",
    test: (id) => /^[\w.-]+\/[\w.-]+$/.test(id),
    provider: (id) => ambiguous(id, "Hugging Face style names are served by Together, vLLM and others"),
  },
];

/**
 * Resolve a model id to its provider. An explicit `provider/` prefix wins, then `hints.provider`,
 * then a recognised `hints.apiBase` host, then the id's own shape. Throws ResolveError (field, hint)
 * for anything unknown, malformed or ambiguous.
 */
export function resolveModel(id: string, hints: ResolveHints = {}): ResolvedModel {
  const trimmed = id.trim();
  if (!trimmed) fail("model id is empty", "model", "pass a model id such as openai/gpt-4o-mini");

  const slash = trimmed.indexOf("/");
  if (slash > 0) {
    const prefix = trimmed.slice(0, slash);
    const rest = trimmed.slice(slash + 1);
    if (isProviderId(prefix)) {
      if (!rest) fail(`'${trimmed}' has a provider prefix but no model`, "model", `add the model after '${prefix}/'`);
      return build(prefix, rest, `explicit '${prefix}/' prefix`);
    }
    if (prefix in UNSUPPORTED_PREFIXES) {
      fail(`provider '${prefix}' is not supported`, "provider", `${UNSUPPORTED_PREFIXES[prefix]}; supported: ${PROVIDER_LIST}`);
    }
  }

  if (hints.provider) return build(hints.provider, trimmed, `provider '${hints.provider}' given by the caller`);

  if (hints.apiBase) {
    const fromBase = providerFromApiBase(hints.apiBase);
    if (fromBase === "generic") {
      return build("openai", trimmed, "generic OpenAI-compatible server at apiBase");
    }
    return build(fromBase, trimmed, `apiBase host identifies ${fromBase}`);
  }

  for (const r of ID_RULES) {
    if (r.test(trimmed)) return build(r.provider(trimmed), trimmed, r.rule);
  }
  return fail(
    `unknown model id '${trimmed}'`,
    "provider",
    `prefix the id with its provider (${PROVIDER_LIST}) or pass the server's apiBase`,
  );
}
