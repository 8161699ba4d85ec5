// PUT /api/evals/:id/votes — a person's pick of the best answer for one case (null clears it)
import { z } from "zod";
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { voteOnEvalRun } from "@/lib/evals/server/runs";
import { EvalVoteSchema } from "@/lib/evals/schema";

const Params = z.object({ id: z.string().min(1).max(100) });

export const PUT = handler({ params: Params, body: EvalVoteSchema }, ({ params, body }) => voteOnEvalRun(getDb(), params.id, body));
