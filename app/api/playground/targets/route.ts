// GET /api/playground/targets — models grouped by base model, and routing groups, for the column picker
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { targetCatalog } from "@/lib/playground/server/runs";

export const GET = handler({}, () => targetCatalog(getDb()));
