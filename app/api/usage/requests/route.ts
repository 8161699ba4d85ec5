// GET /api/usage/requests?page=1&outcome=error — the request log, newest first
import { RequestListQuerySchema } from "@/lib/gateway/usage-schema";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";
import { listRequests } from "@/lib/server/usage";

export const dynamic = "force-dynamic";

export const GET = handler({ query: RequestListQuerySchema }, ({ query }) => listRequests(getDb(), query));
