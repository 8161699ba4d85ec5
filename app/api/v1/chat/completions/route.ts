// POST /api/v1/chat/completions (also /v1/chat/completions) — OpenAI-compatible, groups and models by name
import { chatCompletions } from "@/lib/gateway/chat";

export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return chatCompletions(req);
}
