// GET /api/evals/:id/export?format=csv|json — the report and every answer
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { evalRunCsv, getEvalRun } from "@/lib/evals/server/runs";

const Params = z.object({ id: z.string().min(1).max(100) });
const Query = z.object({ format: z.enum(["csv", "json"]).default("json") });

export const GET = handler({ params: Params, query: Query }, async ({ params, query }) => {
  const run = await getEvalRun(getDb(), params.id);
  const file = `eval-${run.id}.${query.format}`;
  const body = query.format === "csv" ? evalRunCsv(run) : JSON.stringify(run, null, 2);
  return new Response(body, {
    headers: { "content-type": query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", "content-disposition": `attachment; filename="${file}"` },
  });
});
