// POST /api/models/import/discover — the models an OpenAI-compatible server lists at /v1/models
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { discoverModels } from "@/lib/models/server/import";
import { DiscoverSourceSchema } from "@/lib/models/import-schema";

export const POST = handler({ body: DiscoverSourceSchema }, ({ body }) => discoverModels(getDb(), body));
