// POST /api/models/import/jobs — succeeded OpenAI fine-tuning jobs of a credential (POST: the key may be in the body)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { listFineTuneJobs } from "@/lib/models/server/import";
import { JobsSourceSchema } from "@/lib/models/import-schema";

export const POST = handler({ body: JobsSourceSchema }, ({ body }) => listFineTuneJobs(getDb(), body));
