// GET /api/playground/runs — saved runs, newest first; POST — save a new run (its columns start pending)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createRun, listRuns } from "@/lib/playground/server/runs";
import { RunCreateSchema, RunListQuerySchema } from "@/lib/playground/schema";

export const GET = handler({ query: RunListQuerySchema }, ({ query }) => listRuns(getDb(), query));

export const POST = handler({ body: RunCreateSchema }, async ({ body }) => Response.json(await createRun(getDb(), body), { status: 201 }));
