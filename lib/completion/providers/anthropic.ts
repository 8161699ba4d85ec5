// Anthropic Messages API: system prompt apart, content blocks, tool_use/tool_result, named SSE events.
import type { HeaderReader } from "../http";
import { CompletionError, errorFromStatus } from "../errors";
import { apiKeyFor } from "../credentials";
import { messageText } from "../tokens";
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, FinishReason, ToolCall, Usage } from "../types";
import { readErrorBody } from "./openai-compatible";
import { paramsExcept, type ProviderAdapter, type StreamParser } from "./types";

export const ANTHROPIC_VERSION = "2023-06-01";
/** Anthropic requires max_tokens; used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

const STOP: Record<string, FinishReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};
const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};
const HINTS = { authentication: "check the Anthropic API key (ANTHROPIC_API_KEY or the deployment's key)" };

type Block = Record<string, unknown>;

function toMessages(req: ChatRequest) {
  const system: string[] = [];
  const messages: Array<{ role: "user" | "assistant"; content: string | Block[] }> = [];
  for (const m of req.messages) {
    if (m.role === "system" || m.role === "developer") {
      system.push(messageText(m.content));
    } else if (m.role === "user") {
      messages.push({ role: "user", content: messageText(m.content) });
    } else if (m.role === "assistant") {
      const blocks: Block[] = [];
      const text = messageText(m.content ?? null);
      if (text) blocks.push({ type: "text", text });
      for (const call of m.tool_calls ?? []) {
        let input: unknown;
        try {
          input = JSON.parse(call.function.arguments || "{}");
        } catch {
          throw new CompletionError("bad_request", `tool call ${call.id} has arguments that are not JSON`, { provider: "anthropic" });
        }
        blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input });
      }
      messages.push({ role: "assistant", content: blocks });
    } else {
      const result: Block = { type: "tool_result", tool_use_id: m.tool_call_id, content: messageText(m.content) };
      const last = messages[messages.length - 1];
      // Consecutive tool results belong in one user turn.
      if (last?.role === "user" && Array.isArray(last.content) && last.content.every((b) => b.type === "tool_result")) {
        last.content.push(result);
      } else {
        messages.push({ role: "user", content: [result] });
      }
    }
  }
  return { system: system.join("\n\n"), messages };
}

function toolChoice(choice: ChatRequest["tool_choice"]) {
  if (choice === undefined) return undefined;
  if (choice === "auto") return { type: "auto" };
  if (choice === "required") return { type: "any" };
  if (choice === "none") return { type: "none" };
  return { type: "tool", name: choice.function.name };
}

function usageOf(raw: Record<string, number | undefined> | undefined, prev?: Partial<Usage>): Usage {
  const input =
    (raw?.input_tokens ?? prev?.prompt_tokens ?? 0) +
    (raw?.cache_creation_input_tokens ?? 0) +
    (raw?.cache_read_input_tokens ?? 0);
  const output = raw?.output_tokens ?? prev?.completion_tokens ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

function errorOf(status: number, bodyText: string, headers: HeaderReader): CompletionError {
  const { message, code } = readErrorBody(bodyText);
  return errorFromStatus(status, message, { provider: "anthropic", code, headers, hints: HINTS });
}

export const anthropic: ProviderAdapter = {
  id: "anthropic",
  supports: paramsExcept("seed"),
  async buildRequest(ctx, req, stream) {
    if (req.response_format && req.response_format.type !== "text") {
      throw new CompletionError("bad_request", `anthropic does not support response_format '${req.response_format.type}'`, {
        provider: "anthropic",
        hint: "describe the JSON shape in the prompt, or use a tool with an input schema",
      });
    }
    if (req.temperature !== undefined && req.temperature > 1) {
      throw new CompletionError("bad_request", `anthropic takes temperature between 0 and 1, got ${req.temperature}`, {
        provider: "anthropic",
        hint: "lower temperature to 1 or less",
      });
    }
    const key = apiKeyFor(ctx.deployment, { required: true });
    if (key) ctx.secrets.push(key);
    const { system, messages } = toMessages(req);
    const body: Record<string, unknown> = {
      model: ctx.model,
      messages,
      max_tokens: req.max_tokens ?? req.max_completion_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      ...(system ? { system } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.top_p !== undefined ? { top_p: req.top_p } : {}),
      ...(req.stop !== undefined ? { stop_sequences: Array.isArray(req.stop) ? req.stop : [req.stop] } : {}),
      ...(req.tools
        ? {
            tools: req.tools.map((t) => ({
              name: t.function.name,
              ...(t.function.description ? { description: t.function.description } : {}),
              input_schema: t.function.parameters ?? { type: "object", properties: {} },
            })),
          }
        : {}),
      ...(req.tool_choice !== undefined ? { tool_choice: toolChoice(req.tool_choice) } : {}),
      ...(stream ? { stream: true } : {}),
    };
    const base = (ctx.deployment.apiBase ?? "https://api.anthropic.com").replace(/\/+$/, "").replace(/\/v1$/, "");
    return {
      url: `${base}/v1/messages`,
      headers: {
        "content-type": "application/json",
        "x-api-key": key ?? "",
        "anthropic-version": ANTHROPIC_VERSION,
        ...ctx.deployment.headers,
      },
      body,
    };
  },
  parseResponse(json): ChatCompletion {
    const body = (json ?? {}) as { id?: string; model?: string; content?: Block[]; stop_reason?: string; usage?: Record<string, number> };
    if (!Array.isArray(body.content)) {
      throw new CompletionError("upstream_unavailable", "anthropic response has no content", { provider: "anthropic", status: 200 });
    }
    const text = body.content.filter((b) => b.type === "text").map((b) => String(b.text)).join("");
    const calls: ToolCall[] = body.content
      .filter((b) => b.type === "tool_use")
      .map((b) => ({ id: String(b.id), type: "function", function: { name: String(b.name), arguments: JSON.stringify(b.input ?? {}) } }));
    return {
      id: body.id ?? "",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? "",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text || (calls.length ? null : ""), ...(calls.length ? { tool_calls: calls } : {}) },
          finish_reason: STOP[body.stop_reason ?? ""] ?? (body.stop_reason ? "stop" : null),
        },
      ],
      usage: usageOf(body.usage),
    };
  },
  createStreamParser(ctx): StreamParser {
    let id = "";
    let model = ctx.model;
    let usage: Usage | undefined;
    const toolIndex = new Map<number, number>();
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: ChatCompletionChunk["choices"][0]["delta"], finish: FinishReason | null = null): ChatCompletionChunk => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    return (event) => {
      const data = JSON.parse(event.data) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      switch (data.type) {
        case "message_start":
          id = data.message?.id ?? "";
          model = data.message?.model ?? model;
          usage = usageOf(data.message?.usage);
          return { chunks: [chunk({ role: "assistant", content: "" })], usage };
        case "content_block_start":
          if (data.content_block?.type === "tool_use") {
            const index = toolIndex.size;
            toolIndex.set(data.index, index);
            const call = { index, id: data.content_block.id, type: "function" as const, function: { name: data.content_block.name, arguments: "" } };
            return { chunks: [chunk({ tool_calls: [call] })] };
          }
          return { chunks: [] };
        case "content_block_delta":
          if (data.delta?.type === "text_delta") return { chunks: [chunk({ content: data.delta.text })] };
          if (data.delta?.type === "input_json_delta") {
            const index = toolIndex.get(data.index) ?? 0;
            return { chunks: [chunk({ tool_calls: [{ index, function: { arguments: data.delta.partial_json } }] })] };
          }
          return { chunks: [] };
        case "message_delta": {
          usage = usageOf(data.usage, usage);
          const finish = STOP[data.delta?.stop_reason ?? ""] ?? "stop";
          return { chunks: [chunk({}, finish)], usage, finishReason: finish };
        }
        case "message_stop":
          return { chunks: [], done: true };
        case "error": {
          const status = ERROR_STATUS[data.error?.type] ?? 500;
          throw errorOf(status, JSON.stringify(data), new Headers());
        }
        default:
          return { chunks: [] }; // ping, content_block_stop, thinking deltas
      }
    };
  },
  mapError: errorOf,
};
