// POST /v1/chat/completions — the same handler, so `new OpenAI({ baseURL: "http://host:3000/v1" })` works unchanged
import { chatCompletions } from "@/lib/gateway/chat";

export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return chatCompletions(req);
}
