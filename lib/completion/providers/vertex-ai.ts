// Vertex AI Gemini: generateContent / streamGenerateContent?alt=sse, publisher models or tuned endpoints by path.
import type { HeaderReader } from "../http";
import { CompletionError, errorFromStatus } from "../errors";
import { readSecret } from "../credentials";
import { messageText } from "../tokens";
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, FinishReason, ToolCall, Usage } from "../types";
import { ALL_PARAMS, type ProviderAdapter, type StreamParser } from "./types";
import { getVertexAccessToken, serviceAccountFor, serviceAccountSecrets } from "./vertex-auth";

const HINTS = {
  authentication: "check the Vertex service-account key",
  permission: "check that the service account has the Vertex AI User role on the project",
  not_found: "check the Vertex project, region (location) and model or endpoint id",
  rate_limit: "Vertex quota exhausted; retry later or request more quota for this region",
};

const FINISH: Record<string, FinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
};

type Part = { text?: string; thought?: boolean; functionCall?: { name: string; args?: unknown } };
interface GeminiResponse {
  candidates?: Array<{ content?: { parts?: Part[] }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  promptFeedback?: { blockReason?: string };
  modelVersion?: string;
  responseId?: string;
  error?: { code?: number; message?: string; status?: string };
}

function toContents(req: ChatRequest) {
  const system: string[] = [];
  const contents: Array<{ role: "user" | "model"; parts: Record<string, unknown>[] }> = [];
  const toolNames = new Map<string, string>();
  for (const m of req.messages) {
    if (m.role === "system" || m.role === "developer") system.push(messageText(m.content));
    else if (m.role === "user") contents.push({ role: "user", parts: [{ text: messageText(m.content) }] });
    else if (m.role === "assistant") {
      const parts: Record<string, unknown>[] = [];
      const text = messageText(m.content ?? null);
      if (text) parts.push({ text });
      for (const call of m.tool_calls ?? []) {
        toolNames.set(call.id, call.function.name);
        let args: unknown;
        try {
          args = JSON.parse(call.function.arguments || "{}");
        } catch {
          throw new CompletionError("bad_request", `tool call ${call.id} has arguments that are not JSON`, { provider: "vertex_ai" });
        }
        parts.push({ functionCall: { name: call.function.name, args } });
      }
      contents.push({ role: "model", parts });
    } else {
      const name = toolNames.get(m.tool_call_id);
      if (!name) {
        throw new CompletionError("bad_request", `tool message refers to unknown tool_call_id '${m.tool_call_id}'`, {
          provider: "vertex_ai",
          hint: "include the assistant message with the matching tool_calls before the tool result",
        });
      }
      contents.push({ role: "user", parts: [{ functionResponse: { name, response: { content: messageText(m.content) } } }] });
    }
  }
  return { system: system.join("\n\n"), contents };
}

function generationConfig(req: ChatRequest): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (req.temperature !== undefined) config.temperature = req.temperature;
  if (req.top_p !== undefined) config.topP = req.top_p;
  const max = req.max_tokens ?? req.max_completion_tokens;
  if (max !== undefined) config.maxOutputTokens = max;
  if (req.stop !== undefined) config.stopSequences = Array.isArray(req.stop) ? req.stop : [req.stop];
  if (req.seed !== undefined) config.seed = req.seed;
  if (req.response_format?.type === "json_object") config.responseMimeType = "application/json";
  if (req.response_format?.type === "json_schema") {
    config.responseMimeType = "application/json";
    if (req.response_format.json_schema.schema) config.responseJsonSchema = req.response_format.json_schema.schema;
  }
  return config;
}

function toolConfig(choice: ChatRequest["tool_choice"]) {
  if (choice === undefined) return undefined;
  if (typeof choice === "string") {
    return { functionCallingConfig: { mode: choice === "required" ? "ANY" : choice === "none" ? "NONE" : "AUTO" } };
  }
  return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
}

function usageOf(meta: GeminiResponse["usageMetadata"]): Usage | undefined {
  if (!meta || meta.promptTokenCount === undefined) return undefined;
  const completion = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  return { prompt_tokens: meta.promptTokenCount, completion_tokens: completion, total_tokens: meta.promptTokenCount + completion };
}

function readCandidate(body: GeminiResponse, callOffset = 0) {
  if (!body.candidates?.length && body.promptFeedback?.blockReason) {
    throw new CompletionError("content_policy", `Vertex blocked the prompt (${body.promptFeedback.blockReason})`, {
      provider: "vertex_ai",
      status: 200,
      code: body.promptFeedback.blockReason,
    });
  }
  const candidate = body.candidates?.[0];
  const parts = (candidate?.content?.parts ?? []).filter((p) => !p.thought);
  const text = parts.map((p) => p.text ?? "").join("");
  const calls: ToolCall[] = parts
    .filter((p) => p.functionCall)
    .map((p, i) => ({
      id: `call_${callOffset + i}`,
      type: "function",
      function: { name: p.functionCall!.name, arguments: JSON.stringify(p.functionCall!.args ?? {}) },
    }));
  const raw = candidate?.finishReason;
  const finish: FinishReason | null = raw ? (calls.length && raw === "STOP" ? "tool_calls" : (FINISH[raw] ?? "stop")) : null;
  return { text, calls, finish };
}

function errorOf(status: number, bodyText: string, headers: HeaderReader): CompletionError {
  let message = bodyText.slice(0, 500);
  let code: string | undefined;
  try {
    const parsed = JSON.parse(bodyText) as GeminiResponse | GeminiResponse[];
    const err = (Array.isArray(parsed) ? parsed[0] : parsed)?.error;
    if (err?.message) message = err.message;
    code = err?.status;
  } catch {
    /* not JSON: keep the text */
  }
  return errorFromStatus(status, message, { provider: "vertex_ai", code, headers, hints: HINTS });
}

export const vertexAi: ProviderAdapter = {
  id: "vertex_ai",
  supports: ALL_PARAMS,
  async buildRequest(ctx, req, stream) {
    const d = ctx.deployment;
    const explicitToken = readSecret(d.apiKey, "vertex_ai");
    const sa = explicitToken ? undefined : serviceAccountFor(d);
    if (sa) ctx.secrets.push(...serviceAccountSecrets(sa));
    if (!explicitToken && !sa) {
      throw new CompletionError("authentication", "no Vertex credentials", {
        provider: "vertex_ai",
        hint: "set the deployment's service-account JSON (or VERTEX_SERVICE_ACCOUNT_JSON / GOOGLE_APPLICATION_CREDENTIALS)",
      });
    }
    const project = ctx.resolved.project ?? d.project ?? sa?.project_id ?? process.env.VERTEX_PROJECT;
    const location = ctx.resolved.location ?? d.location ?? process.env.VERTEX_LOCATION ?? "us-central1";
    if (!project) {
      throw new CompletionError("bad_request", "no Vertex project", { provider: "vertex_ai", hint: "set the deployment's project" });
    }
    const token = explicitToken ?? (await getVertexAccessToken(sa!, ctx.signal));
    ctx.secrets.push(token);
    const host = location === "global" ? "https://aiplatform.googleapis.com" : `https://${location}-aiplatform.googleapis.com`;
    const base = (d.apiBase ?? host).replace(/\/+$/, "");
    const path = ctx.model.startsWith("projects/")
      ? ctx.model
      : `projects/${project}/locations/${location}/publishers/google/models/${ctx.model}`;
    const { system, contents } = toContents(req);
    const body: Record<string, unknown> = {
      contents,
      ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
      generationConfig: generationConfig(req),
      ...(req.tools
        ? {
            tools: [
              {
                functionDeclarations: req.tools.map((t) => ({
                  name: t.function.name,
                  ...(t.function.description ? { description: t.function.description } : {}),
                  ...(t.function.parameters ? { parameters: t.function.parameters } : {}),
                })),
              },
            ],
          }
        : {}),
      ...(req.tool_choice !== undefined ? { toolConfig: toolConfig(req.tool_choice) } : {}),
    };
    return {
      url: `${base}/v1/${path}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...d.headers },
      body,
    };
  },
  parseResponse(json, ctx): ChatCompletion {
    const body = (json ?? {}) as GeminiResponse;
    const { text, calls, finish } = readCandidate(body);
    return {
      id: body.responseId ?? `vertex-${Date.now()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.modelVersion ?? ctx.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text || (calls.length ? null : ""), ...(calls.length ? { tool_calls: calls } : {}) },
          finish_reason: finish,
        },
      ],
      usage: usageOf(body.usageMetadata),
    };
  },
  createStreamParser(ctx): StreamParser {
    let first = true;
    let calls = 0;
    const created = Math.floor(Date.now() / 1000);
    return (event) => {
      const body = JSON.parse(event.data) as GeminiResponse;
      if (body.error) throw errorOf(body.error.code ?? 500, event.data, new Headers());
      const { text, calls: toolCalls, finish } = readCandidate(body, calls);
      const delta: ChatCompletionChunk["choices"][0]["delta"] = first ? { role: "assistant" } : {};
      if (text) delta.content = text;
      if (toolCalls.length) {
        delta.tool_calls = toolCalls.map((c, i) => ({ index: calls + i, ...c }));
        calls += toolCalls.length;
      }
      first = false;
      const chunk: ChatCompletionChunk = {
        id: body.responseId ?? "",
        object: "chat.completion.chunk",
        created,
        model: body.modelVersion ?? ctx.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      };
      return { chunks: [chunk], usage: usageOf(body.usageMetadata), finishReason: finish ?? undefined };
    };
  },
  mapError: errorOf,
};
