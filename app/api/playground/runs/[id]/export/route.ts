// GET /api/playground/runs/{id}/export?format=json|csv — download a saved run
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getRun } from "@/lib/playground/server/runs";
import { ExportQuerySchema, RunParamsSchema } from "@/lib/playground/schema";
import { runsToCsv } from "@/lib/playground/export";

export const GET = handler({ params: RunParamsSchema, query: ExportQuerySchema }, async ({ params, query }) => {
  const run = await getRun(getDb(), params.id);
  const name = `playground-run-${run.id}.${query.format}`;
  const disposition = `attachment; filename="${name}"`;
  if (query.format === "csv") {
    return new Response(runsToCsv([run]), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": disposition } });
  }
  return new Response(JSON.stringify(run, null, 2), { headers: { "content-type": "application/json", "content-disposition": disposition } });
});
