import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  BUCKET_MS,
  USAGE_RANGES,
  type RequestListQuery,
  type RequestLogEntry,
  type RequestLogPage,
  type UsagePoint,
  type UsageQuery,
  type UsageReport,
  type UsageStats,
} from "@/lib/usage/schema";
import { flushRequestLog } from "./request-log";
import type { Db } from "@/lib/server/db";

// Usage charts and the request log, read from RequestLog. Aggregation is done here rather than in SQL so
// percentiles work the same on SQLite and PostgreSQL; the window is bounded, and so is the row count.

const MAX_ROWS = 200_000;
const TEXT_LIMIT = 4_000;
/** Rows without a group (a model called by name) or without a model (refused before routing). */
const UNNAMED = { group: "(no group)", model: "(no model)" } as const;

class Acc {
  requests = 0;
  errors = 0;
  costUsd = 0;
  tokensIn = 0;
  tokensOut = 0;
  latencies: number[] = [];

  add(r: { ok: boolean; latencyMs: number; costUsd: number | null; tokensIn: number | null; tokensOut: number | null }) {
    this.requests++;
    if (!r.ok) this.errors++;
    this.costUsd += r.costUsd ?? 0;
    this.tokensIn += r.tokensIn ?? 0;
    this.tokensOut += r.tokensOut ?? 0;
    if (r.ok) this.latencies.push(r.latencyMs);
  }

  stats(): UsageStats {
    const sorted = this.latencies.sort((a, b) => a - b);
    return {
      requests: this.requests,
      errors: this.errors,
      costUsd: Math.round(this.costUsd * 1e8) / 1e8,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
    };
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export async function usageReport(db: Db, q: UsageQuery, now = Date.now()): Promise<UsageReport> {
  await flushRequestLog(); // read-your-writes: rows this process still holds in its batch are included
  const bucketMs = BUCKET_MS[q.range];
  const to = Math.ceil(now / bucketMs) * bucketMs;
  const from = to - Math.ceil(USAGE_RANGES[q.range] / bucketMs) * bucketMs;
  const where: Prisma.RequestLogWhereInput = { createdAt: { gte: new Date(from) } };
  // Shadow calls are billed like the gateway calls they mirror.
  if (q.source === "gateway") where.source = { in: ["gateway", "shadow"] };
  if (q.keyId) where.apiKeyId = q.keyId;
  const rows = await db.requestLog.findMany({
    where,
    select: { createdAt: true, ok: true, latencyMs: true, costUsd: true, tokensIn: true, tokensOut: true, modelName: true, groupName: true },
    orderBy: { createdAt: "desc" },
    take: MAX_ROWS + 1,
  });
  const truncated = rows.length > MAX_ROWS;
  if (truncated) rows.pop();

  const total = new Acc();
  const perName = new Map<string, Acc>();
  const buckets = new Map<number, { total: Acc; byName: Map<string, Acc> }>();
  for (const r of rows) {
    const name = (q.by === "group" ? r.groupName : r.modelName) ?? UNNAMED[q.by];
    const t = Math.floor(r.createdAt.getTime() / bucketMs) * bucketMs;
    let b = buckets.get(t);
    if (!b) buckets.set(t, (b = { total: new Acc(), byName: new Map() }));
    total.add(r);
    b.total.add(r);
    let n = perName.get(name);
    if (!n) perName.set(name, (n = new Acc()));
    n.add(r);
    let bn = b.byName.get(name);
    if (!bn) b.byName.set(name, (bn = new Acc()));
    bn.add(r);
  }

  const summary = [...perName].map(([name, acc]) => ({ name, ...acc.stats() })).sort((a, b) => b.requests - a.requests);
  const points: UsagePoint[] = [];
  for (let t = from; t < to; t += bucketMs) {
    const b = buckets.get(t);
    points.push({
      t,
      total: (b?.total ?? new Acc()).stats(),
      byName: b ? Object.fromEntries([...b.byName].map(([name, acc]) => [name, acc.stats()])) : {},
    });
  }
  return { range: q.range, by: q.by, bucketMs, from, to, names: summary.map((s) => s.name), points, total: total.stats(), summary, truncated };
}

const clip = (s: string | null) => (s === null ? null : s.length > TEXT_LIMIT ? `${s.slice(0, TEXT_LIMIT)}…` : s);

export async function listRequests(db: Db, q: RequestListQuery): Promise<RequestLogPage> {
  await flushRequestLog();
  const where: Prisma.RequestLogWhereInput = {};
  if (q.outcome !== "all") where.ok = q.outcome === "ok";
  if (q.keyId) where.apiKeyId = q.keyId;
  if (q.name) where.OR = [{ groupName: q.name }, { modelName: q.name }];
  const [total, rows] = await Promise.all([
    db.requestLog.count({ where }),
    db.requestLog.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { apiKey: { select: { id: true, name: true, keyLast4: true } } },
    }),
  ]);
  const items: RequestLogEntry[] = rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    source: r.source,
    shadowOf: r.shadowOf,
    key: r.apiKey ? { id: r.apiKey.id, name: r.apiKey.name, last4: r.apiKey.keyLast4 } : null,
    groupName: r.groupName,
    modelName: r.modelName,
    provider: r.provider,
    status: r.status,
    ok: r.ok,
    stream: r.stream,
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    costUsd: r.costUsd,
    errorKind: r.errorKind,
    attempts: r.attempts,
    fallbacks: r.fallbacks,
    prompt: clip(r.promptJson),
    response: clip(r.responseText),
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}
