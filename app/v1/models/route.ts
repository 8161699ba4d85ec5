// GET /v1/models — the same handler as /api/v1/models
import { listGatewayModels } from "@/lib/gateway/models";

export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return listGatewayModels(req);
}
