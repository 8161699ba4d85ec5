// GET /api/usage?range=24h&by=model|group — requests, cost, p50/p95 latency and errors over time
import { UsageQuerySchema } from "@/lib/usage/schema";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";
import { usageReport } from "@/lib/usage/server/usage";

export const dynamic = "force-dynamic";

export const GET = handler({ query: UsageQuerySchema }, ({ query }) => usageReport(getDb(), query));
