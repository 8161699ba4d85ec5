// GET /api/datasets/:id/export?format=jsonl|csv&version=N — download a version's cases
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getDataset } from "@/lib/evals/server/datasets";
import { toCsv, toJsonl } from "@/lib/evals/dataset-format";

const Params = z.object({ id: z.string().min(1).max(100) });
const Query = z.object({ format: z.enum(["jsonl", "csv"]).default("jsonl"), version: z.coerce.number().int().positive().optional() });

export const GET = handler({ params: Params, query: Query }, async ({ params, query }) => {
  const d = await getDataset(getDb(), params.id, query.version);
  const body = query.format === "csv" ? toCsv(d.cases) : toJsonl(d.cases);
  const file = `${d.name.replace(/[^\w.-]+/g, "-")}-v${d.version}.${query.format}`;
  return new Response(body, {
    headers: { "content-type": query.format === "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8", "content-disposition": `attachment; filename="${file}"` },
  });
});
