// GET /api/evals/compare?a=&aTarget=&b=&bTarget= — did target B of run b improve on target A of run a (same dataset version)?
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { compareEvalRuns } from "@/lib/evals/server/compare";

const Query = z.object({
  a: z.string().min(1).max(100),
  aTarget: z.coerce.number().int().min(0).max(5).default(1),
  b: z.string().min(1).max(100),
  bTarget: z.coerce.number().int().min(0).max(5).default(1),
});

export const GET = handler({ query: Query }, ({ query }) => compareEvalRuns(getDb(), query));
