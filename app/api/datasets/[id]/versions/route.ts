// POST /api/datasets/:id/versions — save an edited case list (or a re-imported file) as the next version
import { z } from "zod";
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { addDatasetVersion } from "@/lib/evals/server/datasets";
import { DatasetVersionCreateSchema } from "@/lib/evals/schema";

const Params = z.object({ id: z.string().min(1).max(100) });

export const POST = handler({ params: Params, body: DatasetVersionCreateSchema }, async ({ params, body }) => json(await addDatasetVersion(getDb(), params.id, body), 201));
