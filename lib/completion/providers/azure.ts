// Azure OpenAI: OpenAI's body, but the deployment is in the URL, the version in `api-version`, the key in `api-key`.
import { CompletionError } from "../errors";
import { apiKeyFor } from "../credentials";
import { mapOpenAIError, openAIBody, openAIPassthrough, openAIStreamParser, parseOpenAIResponse } from "./openai-compatible";
import { ALL_PARAMS, type ProviderAdapter } from "./types";

/** GA version that accepts stream_options.include_usage, response_format json_schema, tools and seed. */
export const AZURE_DEFAULT_API_VERSION = "2024-10-21";

const HINTS = {
  authentication: "check the Azure API key (sent as the api-key header; AZURE_API_KEY or the deployment's key)",
  not_found: "check the Azure deployment name and the resource URL (apiBase)",
  bad_request: "check the request parameters and the Azure api-version",
  content_policy: "Azure's content filter blocked the request; rephrase it or adjust the deployment's filter",
} as const;

export const azure: ProviderAdapter = {
  id: "azure",
  supports: ALL_PARAMS,
  async buildRequest(ctx, req, stream) {
    const d = ctx.deployment;
    const rawBase = d.apiBase ?? process.env.AZURE_API_BASE;
    if (!rawBase) {
      throw new CompletionError("bad_request", "azure needs the resource URL as apiBase", {
        provider: "azure",
        hint: "set apiBase to https://{resource}.openai.azure.com (or AZURE_API_BASE)",
      });
    }
    const key = apiKeyFor(d, { required: true });
    if (key) ctx.secrets.push(key);
    const base = rawBase.replace(/\/+$/, "").replace(/\/openai$/, "");
    const deployment = encodeURIComponent(d.azureDeployment ?? ctx.model);
    const version = encodeURIComponent(d.apiVersion ?? process.env.AZURE_API_VERSION ?? AZURE_DEFAULT_API_VERSION);
    const { model: _model, ...body } = openAIBody(req, ctx.model, stream);
    return {
      url: `${base}/openai/deployments/${deployment}/chat/completions?api-version=${version}`,
      headers: { "content-type": "application/json", "api-key": key ?? "", ...d.headers },
      body,
    };
  },
  parseResponse: (json) => parseOpenAIResponse(json, "azure"),
  createStreamParser: (ctx) => openAIStreamParser(ctx, HINTS),
  createPassthrough: openAIPassthrough,
  mapError: (status, bodyText, headers, ctx) => mapOpenAIError(status, bodyText, headers, ctx, HINTS),
};
