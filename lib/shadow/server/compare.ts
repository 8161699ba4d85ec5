import "server-only";
import { wilsonInterval } from "@/lib/playground/wilson";
import type { CandidateComparison, Disagreement, ShadowComparison, SideStats } from "@/lib/shadow/schema";
import { notFound } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { droppedShadowCalls, parseShadowConfig } from "./shadow";
import { percentile } from "@/lib/usage/server/usage";

// The live comparison on a group's page: each shadow candidate against production on the same requests (the
// pairs), over a window. Production's figures come from the primaries of those pairs, so both sides saw the
// same prompts at the same time.

const MAX_PAIRS = 5_000;
const MAX_DISAGREEMENTS = 20;

interface Row {
  id: string;
  createdAt: Date;
  ok: boolean;
  status: number;
  latencyMs: number;
  ttftMs: number | null;
  costUsd: number | null;
  errorKind: string | null;
  promptJson: string | null;
  responseText: string | null;
  modelId: string | null;
  shadowOf: string | null;
}
const SELECT = { id: true, createdAt: true, ok: true, status: true, latencyMs: true, ttftMs: true, costUsd: true, errorKind: true, promptJson: true, responseText: true, modelId: true, shadowOf: true } as const;

export function sideStats(rows: Row[]): SideStats {
  if (!rows.length) return { requests: 0, errorRate: null, p50Ms: null, p95Ms: null, ttftP50Ms: null, costPer1k: null };
  const ok = rows.filter((r) => r.ok);
  const lat = ok.map((r) => r.latencyMs).sort((a, b) => a - b);
  const ttft = ok.flatMap((r) => (r.ttftMs == null ? [] : [r.ttftMs])).sort((a, b) => a - b);
  const priced = rows.filter((r) => r.costUsd != null);
  return {
    requests: rows.length,
    errorRate: (rows.length - ok.length) / rows.length,
    p50Ms: percentile(lat, 0.5),
    p95Ms: percentile(lat, 0.95),
    ttftP50Ms: percentile(ttft, 0.5),
    costPer1k: priced.length ? (priced.reduce((s, r) => s + (r.costUsd ?? 0), 0) / rows.length) * 1000 : null,
  };
}

const normalise = (t: string | null) => (t ?? "").replace(/\s+/g, " ").trim().toLowerCase();

function promptText(json: string | null): string | null {
  if (!json) return null;
  try {
    const messages = JSON.parse(json) as Array<{ role?: string; content?: unknown }>;
    const last = [...messages].reverse().find((m) => m.role === "user");
    return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  } catch {
    return null;
  }
}

/** Wins plus half the ties, over judged pairs. */
export function winRate(wins: number, ties: number, judged: number): CandidateComparison["winRate"] {
  if (!judged) return null;
  // Half a tie is not a Bernoulli outcome, so the interval uses the rounded score over the judged pairs.
  const score = wins + ties / 2;
  const i = wilsonInterval(Math.round(score), judged);
  return { rate: score / judged, low: i.low, high: i.high };
}

export async function shadowComparison(db: Db, groupId: string, windowMinutes: number, now = Date.now()): Promise<ShadowComparison> {
  const group = await db.routingGroup.findUnique({ where: { id: groupId }, select: { name: true, shadowJson: true } });
  if (!group) throw notFound("Routing group");
  await flushRequestLog(); // rows this process still holds are included
  const from = new Date(now - windowMinutes * 60_000);
  const shadows: Row[] = await db.requestLog.findMany({ where: { source: "shadow", groupName: group.name, createdAt: { gte: from } }, select: SELECT, orderBy: { createdAt: "desc" }, take: MAX_PAIRS });
  const primaryIds = [...new Set(shadows.flatMap((s) => (s.shadowOf ? [s.shadowOf] : [])))];
  const primaries = new Map<string, Row>();
  for (let i = 0; i < primaryIds.length; i += 500) {
    for (const r of await db.requestLog.findMany({ where: { id: { in: primaryIds.slice(i, i + 500) } }, select: SELECT })) primaries.set(r.id, r);
  }
  const verdicts = new Map<string, { winner: string; reason: string }>();
  const ids = shadows.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 500) {
    for (const v of await db.shadowVerdict.findMany({ where: { shadowId: { in: ids.slice(i, i + 500) } }, select: { shadowId: true, winner: true, reason: true } })) verdicts.set(v.shadowId, v);
  }

  const config = parseShadowConfig(group.shadowJson);
  const modelIds = [...new Set([...config.candidates.map((c) => c.modelId), ...shadows.flatMap((s) => (s.modelId ? [s.modelId] : []))])];
  const names = new Map((await db.model.findMany({ where: { id: { in: modelIds } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));

  const candidates = modelIds.map((modelId): CandidateComparison => {
    const pairs = shadows.flatMap((s) => {
      const p = s.modelId === modelId && s.shadowOf ? primaries.get(s.shadowOf) : undefined;
      return p ? [{ shadow: s, primary: p }] : [];
    });
    let wins = 0,
      losses = 0,
      ties = 0;
    const disagreements: Disagreement[] = [];
    for (const { shadow, primary } of pairs) {
      const v = verdicts.get(shadow.id);
      if (v?.winner === "candidate") wins++;
      else if (v?.winner === "primary") losses++;
      else if (v) ties++;
      const differs = shadow.ok !== primary.ok || (shadow.ok && primary.ok && shadow.responseText != null && primary.responseText != null && normalise(shadow.responseText) !== normalise(primary.responseText));
      if (differs && disagreements.length < MAX_DISAGREEMENTS) {
        disagreements.push({
          shadowId: shadow.id,
          primaryId: primary.id,
          at: shadow.createdAt.toISOString(),
          prompt: promptText(primary.promptJson),
          primary: primary.responseText,
          candidate: shadow.responseText,
          primaryError: primary.ok ? null : (primary.errorKind ?? `HTTP ${primary.status}`),
          candidateError: shadow.ok ? null : (shadow.errorKind ?? `HTTP ${shadow.status}`),
          verdict: v ? `${v.winner}: ${v.reason}` : null,
        });
      }
    }
    const judged = wins + losses + ties;
    return {
      modelId,
      modelName: names.get(modelId) ?? "(deleted model)",
      pairs: pairs.length,
      production: sideStats(pairs.map((p) => p.primary)),
      candidate: sideStats(pairs.map((p) => p.shadow)),
      judged,
      wins,
      losses,
      ties,
      winRate: winRate(wins, ties, judged),
      disagreements,
    };
  });
  const dropped = droppedShadowCalls();
  return { windowMinutes, candidates, dropped: Object.fromEntries(modelIds.map((id) => [id, dropped[id] ?? 0])) };
}
