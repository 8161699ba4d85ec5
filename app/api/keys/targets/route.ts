// GET /api/keys/targets — group and model names a key's allow-list can name (for the create form)
import { getGatewayConfig } from "@/lib/gateway/config";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";

export const dynamic = "force-dynamic";

export const GET = handler({}, async () => {
  const config = await getGatewayConfig(getDb());
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    groups: [...config.groups.keys()].sort(byName),
    models: [...config.models.keys()].filter((n) => !config.groups.has(n)).sort(byName),
  };
});
