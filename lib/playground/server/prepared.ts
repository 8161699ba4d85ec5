import "server-only";
import type { Deployment } from "@/lib/completion";
import type { PublicRun } from "@/lib/playground/types";
import type { Db } from "@/lib/server/db";
import { toDeployment } from "@/lib/models/server/deployments";
import { processWide } from "@/lib/server/process-wide";

// A just-created run, with its models already loaded, kept in memory for a minute so each column's stream
// starts without reading the database again. Six columns arrive at once and this process has one thread:
// per-column reads would start the last column noticeably later. A miss (another process, a restart,
// a second stream of the same column) falls back to the database.

const TTL_MS = 60_000;

interface Prepared {
  run: PublicRun;
  deployments: Map<string, Deployment>;
  columns: Set<number>;
  expires: number;
}

const prepared = processWide("playgroundPrepared", () => new Map<string, Prepared>());

function sweep(now: number) {
  for (const [id, p] of prepared) if (p.expires < now) prepared.delete(id);
}

export async function prepareRun(db: Db, run: PublicRun): Promise<void> {
  const names = [...new Set(run.results.filter((r) => r.target.type === "model").map((r) => r.target.name))];
  const rows = names.length ? await db.model.findMany({ where: { name: { in: names } }, include: { credential: true } }) : [];
  const now = Date.now();
  sweep(now);
  prepared.set(run.id, {
    run,
    deployments: new Map(rows.map((row) => [row.name, toDeployment(row)])),
    columns: new Set(run.results.map((r) => r.column)),
    expires: now + TTL_MS,
  });
}

/** The run and the column's deployment, once per column; undefined when not prepared here. */
export function takePreparedColumn(runId: string, column: number): { run: PublicRun; deployment?: Deployment } | undefined {
  const p = prepared.get(runId);
  if (!p || p.expires < Date.now() || !p.columns.delete(column)) return undefined;
  if (!p.columns.size) prepared.delete(runId);
  const target = p.run.results.find((r) => r.column === column)?.target;
  return { run: p.run, deployment: target?.type === "model" ? p.deployments.get(target.name) : undefined };
}
