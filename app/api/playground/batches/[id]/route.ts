// GET /api/playground/batches/{id} — a batch with its runs; PATCH { status } — pause, cancel or resume
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getBatch, setBatchStatus } from "@/lib/server/playground-batch";
import { BatchPatchSchema, RunParamsSchema } from "@/lib/playground/schema";

export const GET = handler({ params: RunParamsSchema }, ({ params }) => getBatch(getDb(), params.id));

export const PATCH = handler({ params: RunParamsSchema, body: BatchPatchSchema }, ({ params, body }) => setBatchStatus(getDb(), params.id, body.status));
