// Secrets are read at call time: "env:NAME" indirection, then the provider's usual environment variable.
import { CompletionError } from "./errors";
import type { Deployment, ProviderId } from "./types";

export const DEFAULT_KEY_ENV: Record<ProviderId, string | undefined> = {
  openai: "OPENAI_API_KEY",
  azure: "AZURE_API_KEY",
  vertex_ai: undefined, // service account, see vertex-auth.ts
  anthropic: "ANTHROPIC_API_KEY",
  mistral: "MISTRAL_API_KEY",
  together_ai: "TOGETHER_API_KEY",
  fireworks_ai: "FIREWORKS_API_KEY",
  ollama: "OLLAMA_API_KEY",
  hosted_vllm: "HOSTED_VLLM_API_KEY",
  simulator: undefined,
};

/** "env:NAME" → process.env.NAME; anything else is the literal value. */
export function readSecret(value: string | undefined, provider: ProviderId): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!value.startsWith("env:")) return value;
  const name = value.slice(4);
  const found = process.env[name];
  if (!found) {
    throw new CompletionError("authentication", `environment variable ${name} is not set`, {
      provider,
      hint: `set ${name} in the server's environment, or store the key on the deployment`,
    });
  }
  return found;
}

/** The API key for a deployment; throws an authentication error before any request when a required one is missing. */
export function apiKeyFor(d: Deployment, opts: { required: boolean; useEnv?: boolean }): string | undefined {
  const explicit = readSecret(d.apiKey, d.provider);
  if (explicit) return explicit;
  const envName = opts.useEnv === false ? undefined : DEFAULT_KEY_ENV[d.provider];
  const fromEnv = envName ? process.env[envName] : undefined;
  if (fromEnv) return fromEnv;
  if (opts.required) {
    throw new CompletionError("authentication", `no API key for ${d.provider}`, {
      provider: d.provider,
      hint: `set the deployment's API key${envName ? ` or ${envName}` : ""}`,
    });
  }
  return undefined;
}

/** A secret as sent, and as an upstream may quote it back: inside a JSON string, or percent-encoded. */
export function secretForms(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/**
 * The secrets configured on a deployment that every adapter may send: its API key and its custom header values
 * (often a second credential). Adapters add what only they know (resolved tokens, service-account key lines).
 */
export function configuredSecrets(d: Deployment): string[] {
  const values: string[] = [];
  if (d.apiKey) {
    const key = d.apiKey.startsWith("env:") ? process.env[d.apiKey.slice(4)] : d.apiKey;
    if (key) values.push(key);
  }
  for (const value of Object.values(d.headers ?? {})) values.push(value);
  return values.flatMap(secretForms);
}
