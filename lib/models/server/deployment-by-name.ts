import "server-only";
import type { Deployment } from "@/lib/completion";
import type { Db } from "@/lib/server/db";
import { notFound } from "@/lib/server/api-error";
import { toDeployment } from "./deployments";

// Saved runs name their models, so reopened runs stay readable; names are unique.
export async function loadDeploymentByName(db: Db, name: string): Promise<Deployment> {
  const row = await db.model.findUnique({ where: { name }, include: { credential: true } });
  if (!row) throw notFound(`Model "${name}"`);
  return toDeployment(row);
}
