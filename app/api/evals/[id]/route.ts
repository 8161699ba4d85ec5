// GET /api/evals/:id — a run with its progress, report and cases; PATCH — pause, resume or cancel; DELETE
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { actOnEvalRun, deleteEvalRun, getEvalRun } from "@/lib/evals/server/runs";
import { getEvalRunner } from "@/lib/evals/server/runner";
import { EvalRunActionSchema } from "@/lib/evals/schema";

const Params = z.object({ id: z.string().min(1).max(100) });

export const GET = handler({ params: Params }, ({ params }) => getEvalRun(getDb(), params.id));

export const PATCH = handler({ params: Params, body: EvalRunActionSchema }, ({ params, body }) => actOnEvalRun(getDb(), getEvalRunner(getDb), params.id, body));

export const DELETE = handler({ params: Params }, async ({ params }) => {
  await deleteEvalRun(getDb(), getEvalRunner(getDb), params.id);
  return new Response(null, { status: 204 });
});
