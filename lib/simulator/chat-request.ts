// The body of POST /v1/chat/completions, validated at the boundary. Unknown top-level keys are rejected by name.
import { z } from "zod";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const content = z.union([z.string(), z.array(textPart)]);

const toolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content, name: z.string().optional() }),
  z.object({ role: z.literal("developer"), content, name: z.string().optional() }),
  z.object({ role: z.literal("user"), content, name: z.string().optional() }),
  z.object({
    role: z.literal("assistant"),
    content: content.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    refusal: z.string().nullish(),
  }),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string() }),
]);

const jsonObject = z.record(z.string(), z.unknown());

const tool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, underscores or dashes"),
    description: z.string().optional(),
    parameters: jsonObject.optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: z.string(),
      description: z.string().optional(),
      schema: jsonObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveInt = z.number().int().min(1);

export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    max_tokens: positiveInt.nullish(),
    max_completion_tokens: positiveInt.nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    seed: z.number().int().nullish(),
    n: z.literal(1, { message: "only n=1 is supported" }).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
    response_format: responseFormat.nullish(),
    tools: z.array(tool).nullish(),
    tool_choice: toolChoice.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    user: z.string().nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    logit_bias: z.record(z.string(), z.number()).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    store: z.boolean().nullish(),
    service_tier: z.string().nullish(),
    reasoning_effort: z.string().nullish(),
  })
  .strict();

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatTool = z.infer<typeof tool>;

export type ParseResult = { ok: true; request: ChatRequest } | { ok: false; param: string | null; message: string };

/** OpenAI names params like `messages[0].role`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function parseChatRequest(body: unknown): ParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, param: null, message: "The request body must be a JSON object." };
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys") {
      const key = issue.keys[0];
      const param = formatPath([...issue.path, key]);
      return { ok: false, param, message: `Unrecognized request argument supplied: ${param}` };
    }
    const param = formatPath(issue.path);
    return { ok: false, param: param || null, message: `Invalid '${param || "body"}': ${issue.message}.` };
  }
  const request = parsed.data;
  if (request.stream_options && !request.stream) {
    return { ok: false, param: "stream_options", message: "The 'stream_options' parameter is only allowed when 'stream' is enabled." };
  }
  const choice = request.tool_choice;
  const toolNames = (request.tools ?? []).map((t) => t.function.name);
  if ((choice === "required" || typeof choice === "object") && toolNames.length === 0) {
    return { ok: false, param: "tool_choice", message: "'tool_choice' is only allowed when 'tools' are specified." };
  }
  if (typeof choice === "object" && choice && !toolNames.includes(choice.function.name)) {
    return { ok: false, param: "tool_choice", message: `Invalid 'tool_choice': no function named '${choice.function.name}' in 'tools'.` };
  }
  return { ok: true, request };
}

export function messageText(content: string | ReadonlyArray<{ text: string }> | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("\n");
}
