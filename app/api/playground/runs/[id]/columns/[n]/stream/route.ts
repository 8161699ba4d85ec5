// POST /api/playground/runs/{id}/columns/{n}/stream — run one column as Server-Sent Events
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { columnStreamResponse } from "@/lib/playground/server/stream";
import { ColumnParamsRouteSchema } from "@/lib/playground/schema";

export const dynamic = "force-dynamic";

export const POST = handler({ params: ColumnParamsRouteSchema }, ({ req, params }) => columnStreamResponse(getDb(), params.id, params.n, req.signal));
