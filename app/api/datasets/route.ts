// GET /api/datasets — list datasets; POST /api/datasets — import one from JSONL or CSV text (all rows or none)
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { importDataset, listDatasets } from "@/lib/evals/server/datasets";
import { DatasetImportSchema } from "@/lib/evals/schema";

export const GET = handler({}, async () => ({ items: await listDatasets(getDb()) }));

export const POST = handler({ body: DatasetImportSchema }, async ({ body }) => json(await importDataset(getDb(), body), 201));
