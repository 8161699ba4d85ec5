// GET /api/usage/requests?page=1&outcome=error — the request log, newest first
import { RequestListQuerySchema } from "@/lib/usage/schema";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";
import { listRequests } from "@/lib/usage/server/usage";

export const dynamic = "force-dynamic";

export const GET = handler({ query: RequestListQuerySchema }, ({ query }) => listRequests(getDb(), query));
