// GET /api/groups/export?ids=a,b — the groups (all when no ids) as a LiteLLM config.yaml download
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { exportGroups, LiteLlmExportQuerySchema } from "@/lib/litellm/server/export";

export const dynamic = "force-dynamic";

export const GET = handler({ query: LiteLlmExportQuerySchema }, async ({ query }) => {
  const { yaml } = await exportGroups(getDb(), query.ids);
  return new Response(yaml, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'attachment; filename="litellm-config.yaml"', "cache-control": "no-store" },
  });
});
