import type { ChatMessage, ChatRequest } from "@/lib/completion";
import type { ColumnParams } from "./schema";

/** A chat request from messages and a column's (or an eval target's) sampling parameters; unset ones are left out. */
export function chatRequestFor(messages: ChatMessage[], params: ColumnParams): ChatRequest {
  const req: ChatRequest = { messages };
  if (params.temperature !== undefined) req.temperature = params.temperature;
  if (params.top_p !== undefined) req.top_p = params.top_p;
  if (params.max_tokens !== undefined) req.max_tokens = params.max_tokens;
  if (params.seed !== undefined) req.seed = params.seed;
  if (params.stop?.length) req.stop = params.stop;
  if (params.response_format && params.response_format !== "text") req.response_format = { type: params.response_format };
  return req;
}
