// GET /api/evals — list eval runs; POST /api/evals — queue a run (dataset × targets × scorers) on the server
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createEvalRun, listEvalRuns } from "@/lib/evals/server/runs";
import { getEvalRunner } from "@/lib/evals/server/runner";
import { EvalRunCreateSchema } from "@/lib/evals/schema";

export const GET = handler({}, async () => ({ items: await listEvalRuns(getDb()) }));

export const POST = handler({ body: EvalRunCreateSchema }, async ({ body }) => json(await createEvalRun(getDb(), getEvalRunner(getDb), body), 201));
