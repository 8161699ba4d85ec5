// GET /api/playground/batches — batches, newest first; POST — create a batch (a prompt set × columns)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createBatch, listBatches } from "@/lib/server/playground-batch";
import { BatchCreateSchema, BatchListQuerySchema } from "@/lib/playground/schema";

export const GET = handler({ query: BatchListQuerySchema }, ({ query }) => listBatches(getDb(), query));

export const POST = handler({ body: BatchCreateSchema }, async ({ body }) => Response.json(await createBatch(getDb(), body), { status: 201 }));
