// GET /api/playground/batches/{id}/export?format=json|csv — every run of a batch (CSV: one row per prompt × column)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getBatch } from "@/lib/server/playground-batch";
import { ExportQuerySchema, RunParamsSchema } from "@/lib/playground/schema";
import { runsToCsv } from "@/lib/playground/export";

export const GET = handler({ params: RunParamsSchema, query: ExportQuerySchema }, async ({ params, query }) => {
  const batch = await getBatch(getDb(), params.id);
  const disposition = `attachment; filename="playground-batch-${batch.id}.${query.format}"`;
  if (query.format === "csv") return new Response(runsToCsv(batch.runs), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": disposition } });
  return new Response(JSON.stringify(batch, null, 2), { headers: { "content-type": "application/json", "content-disposition": disposition } });
});
