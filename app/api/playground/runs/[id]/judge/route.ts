// POST /api/playground/runs/{id}/judge — ask a model to compare two columns against a rubric; saves the verdict
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { judgeRun } from "@/lib/playground/server/judge";
import { JudgeSchema, RunParamsSchema } from "@/lib/playground/schema";

export const POST = handler({ params: RunParamsSchema, body: JudgeSchema }, async ({ req, params, body }) =>
  Response.json(await judgeRun(getDb(), params.id, body, req.signal), { status: 201 }),
);
