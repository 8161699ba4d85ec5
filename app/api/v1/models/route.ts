// GET /api/v1/models (also /v1/models) — the groups and models this key may call
import { listGatewayModels } from "@/lib/gateway/models";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return listGatewayModels(req);
}
