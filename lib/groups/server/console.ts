import "server-only";
import { RouterError } from "@/lib/completion/router";
import type { GroupHealthView, GroupTestCall, GroupTestResult, MemberHealthView } from "@/lib/groups/console-schema";
import { notFound } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { callGroup, groupHealth, type CallGroupOptions } from "./routing";
import { percentile } from "@/lib/usage/server/usage";

// The group editor's console: send test prompts through a group (with the routing trace), and the
// live health of each member (router state joined with the request log).

export const HEALTH_WINDOW_MINUTES = 15;
const MAX_LOG_ROWS = 5_000;

async function groupName(db: Db, id: string): Promise<string> {
  const row = await db.routingGroup.findUnique({ where: { id }, select: { name: true } });
  if (!row) throw notFound("Routing group");
  return row.name;
}

/** Sends `count` calls at once; each one's outcome (answer or error) comes back with its trace, never as a thrown error. */
export async function testGroup(
  db: Db,
  id: string,
  input: { prompt: string; count: number; maxTokens: number },
  opts: Pick<CallGroupOptions, "router" | "signal"> = {},
): Promise<GroupTestResult> {
  const name = await groupName(db, id);
  const one = async (): Promise<GroupTestCall> => {
    try {
      const { result, trace } = await callGroup(name, { messages: [{ role: "user", content: input.prompt }], max_tokens: input.maxTokens }, { ...opts, db, source: "test" });
      return { ok: true, answer: result.choices[0]?.message.content ?? null, error: null, trace };
    } catch (err) {
      if (!(err instanceof RouterError)) throw err;
      return { ok: false, answer: null, error: { kind: err.kind, message: err.message, status: err.status }, trace: err.trace };
    }
  };
  const calls = await Promise.all(Array.from({ length: input.count }, one));
  const servedBy: Record<string, number> = {};
  for (const c of calls) {
    const key = c.trace.servedBy?.memberName ?? "(failed)";
    servedBy[key] = (servedBy[key] ?? 0) + 1;
  }
  return { group: name, calls, servedBy };
}

function lastCheckOf(row: { ok: boolean; latencyMs: number; errorKind: string | null; createdAt: Date } | undefined): MemberHealthView["lastCheck"] {
  return row ? { ok: row.ok, at: row.createdAt.toISOString(), latencyMs: row.latencyMs, errorKind: row.errorKind } : null;
}

/** Router state (in flight, cooldowns) plus success rate and p50 of the group's own requests in the last minutes of the log. */
export async function groupHealthView(db: Db, id: string, opts: Parameters<typeof groupHealth>[1] = {}): Promise<GroupHealthView> {
  const now = opts.now ?? Date.now();
  const state = await groupHealth(id, { ...opts, db, now });
  const ids = state.members.map((m) => m.modelId);
  const [rows, checks] = await Promise.all([
    db.requestLog.findMany({
      // This group's traffic only: a member also serves other groups, the playground and direct calls.
      where: { groupName: state.name, modelId: { in: ids }, source: { not: "health" }, createdAt: { gte: new Date(now - HEALTH_WINDOW_MINUTES * 60_000) } },
      select: { modelId: true, ok: true, latencyMs: true },
      orderBy: { createdAt: "desc" },
      take: MAX_LOG_ROWS,
    }),
    db.requestLog.findMany({
      where: { modelId: { in: ids }, source: "health" },
      select: { modelId: true, ok: true, latencyMs: true, errorKind: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      distinct: ["modelId"],
    }),
  ]);
  // The view leaves out the router's moving averages and rpm/tpm counters: the log's figures are shown instead.
  const members = state.members.map(({ latencyMs: _l, ttftMs: _t, rpmUsed: _r, tpmUsed: _u, ...m }): MemberHealthView => {
    const mine = rows.filter((r) => r.modelId === m.modelId);
    const ok = mine.filter((r) => r.ok);
    return {
      ...m,
      requests: mine.length,
      successRate: mine.length ? ok.length / mine.length : null,
      p50Ms: percentile(ok.map((r) => r.latencyMs).sort((a, b) => a - b), 0.5),
      lastCheck: lastCheckOf(checks.find((c) => c.modelId === m.modelId)),
    };
  });
  return { groupId: state.groupId, name: state.name, windowMinutes: HEALTH_WINDOW_MINUTES, at: new Date(now).toISOString(), members };
}
