import "server-only";
import { z } from "zod";
import { exportLiteLlmConfig, type ExportResult } from "@/lib/litellm/export";
import type { Db } from "@/lib/server/db";
import { groupInclude, toPublicGroup } from "@/lib/groups/server/groups";
import { toPublicModel } from "@/lib/models/server/models";
import { notFound } from "@/lib/server/api-error";

// Export one group, several, or every group as a LiteLLM config.yaml.

export const LiteLlmExportQuerySchema = z.object({
  /** Comma-separated group ids; absent or empty exports every group. */
  ids: z
    .string()
    .max(10_000)
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(z.string().min(1).max(64)).max(500, "At most 500 groups at once")),
});

export async function exportGroups(db: Db, ids: string[]): Promise<ExportResult> {
  const rows = await db.routingGroup.findMany({ where: ids.length ? { id: { in: ids } } : {}, include: groupInclude, orderBy: { name: "asc" } });
  if (ids.length && rows.length !== new Set(ids).size) throw notFound("Routing group");
  const groups = rows.map(toPublicGroup);
  const modelRows = await db.model.findMany({ where: { id: { in: [...new Set(groups.flatMap((g) => g.members.map((m) => m.modelId)))] } } });
  return exportLiteLlmConfig(groups, new Map(modelRows.map((r) => [r.id, toPublicModel(r)])));
}
