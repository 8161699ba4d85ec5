// POST /api/playground/batches/{id}/prompts/{i} — run one prompt of the batch against every column
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { runBatchPrompt } from "@/lib/server/playground-batch";
import { BatchPromptParamsSchema } from "@/lib/playground/schema";

export const dynamic = "force-dynamic";

export const POST = handler({ params: BatchPromptParamsSchema }, ({ req, params }) => runBatchPrompt(getDb(), params.id, params.i, req.signal));
