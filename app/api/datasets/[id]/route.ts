// GET /api/datasets/:id?version=N — a dataset with one version's cases; DELETE — remove it (refused while runs use it)
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteDataset, getDataset } from "@/lib/evals/server/datasets";

const Params = z.object({ id: z.string().min(1).max(100) });
const Query = z.object({ version: z.coerce.number().int().positive().optional() });

export const GET = handler({ params: Params, query: Query }, ({ params, query }) => getDataset(getDb(), params.id, query.version));

export const DELETE = handler({ params: Params }, async ({ params }) => {
  await deleteDataset(getDb(), params.id);
  return new Response(null, { status: 204 });
});
