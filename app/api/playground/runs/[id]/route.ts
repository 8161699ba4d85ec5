// GET /api/playground/runs/{id} — a saved run; PATCH — vote; DELETE — remove it
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteRun, getRun, setVote } from "@/lib/playground/server/runs";
import { RunParamsSchema, VoteSchema } from "@/lib/playground/schema";

export const GET = handler({ params: RunParamsSchema }, ({ params }) => getRun(getDb(), params.id));

export const PATCH = handler({ params: RunParamsSchema, body: VoteSchema }, ({ params, body }) => setVote(getDb(), params.id, body.voteColumn));

export const DELETE = handler({ params: RunParamsSchema }, async ({ params }) => {
  await deleteRun(getDb(), params.id);
  return new Response(null, { status: 204 });
});
