import "server-only";
import { getDb } from "@/lib/server/db";
import { canCall, authenticateGateway } from "./auth";
import { getGatewayConfig } from "./config";
import { gatewayErrorResponse } from "./errors";

// GET /v1/models: routing groups and registered models, in OpenAI's list shape, limited to what the key may call.

export interface GatewayModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: "tunebench-group" | "tunebench-model";
}

export async function listGatewayModels(req: Request): Promise<Response> {
  try {
    const db = getDb();
    const principal = await authenticateGateway(db, req);
    const config = await getGatewayConfig(db);
    const data: GatewayModelEntry[] = [];
    for (const g of config.groups.values()) {
      if (canCall(principal, g.name)) data.push({ id: g.name, object: "model", created: Math.floor(g.createdAt / 1000), owned_by: "tunebench-group" });
    }
    for (const m of config.models.values()) {
      if (!config.groups.has(m.name) && canCall(principal, m.name)) {
        data.push({ id: m.name, object: "model", created: Math.floor(m.createdAt / 1000), owned_by: "tunebench-model" });
      }
    }
    return Response.json({ object: "list", data });
  } catch (err) {
    return gatewayErrorResponse(err);
  }
}
