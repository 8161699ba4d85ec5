import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/lib/server/db";
import { canCall, authenticateGateway } from "./auth";
import { getGatewayConfig } from "./config";
import { sendGatewayError, sendJson } from "./reply";

// GET /v1/models: routing groups and registered models, in OpenAI's list shape, limited to what the key may call.

export interface GatewayModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: "tunebench-group" | "tunebench-model";
}

export async function listGatewayModels(req: IncomingMessage, res: ServerResponse, db: Db): Promise<void> {
  try {
    const principal = await authenticateGateway(db, req.headers.authorization);
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
    sendJson(res, 200, { object: "list", data });
  } catch (err) {
    sendGatewayError(res, err);
  }
}
