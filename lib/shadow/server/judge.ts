import "server-only";
import { createHash } from "node:crypto";
import { complete, CompletionError, type ChatRequest, type Deployment } from "@/lib/completion";
import { buildJudgeMessages, parseJudgeReply } from "@/lib/playground/judge";
import type { Db } from "@/lib/server/db";
import { toDeployment } from "@/lib/models/server/deployments";
import { processWide } from "@/lib/server/process-wide";
import { parseShadowConfig } from "./shadow";

// The background judge for shadow pairs: for groups that name a judge, a sample of recent pairs whose bodies
// were stored is judged in both orders (production as A, then as B), so a judge that favours one position
// cannot decide the verdict: the candidate wins only when both orders say so, loses only when both say the
// other, and anything else is a tie. One verdict per shadow row (a unique key), so a pair is judged once.

const RUBRIC = "Which answer better serves the user's request: correct, complete, helpful and concise?";
const PER_TICK = 4;
const LOOKBACK_MS = 24 * 3600_000;
const JUDGE_TIMEOUT_MS = 30_000;

const failed = processWide("shadowJudgeFailed", () => new Set<string>());

/** Deterministic sampling by row id, so every instance picks the same pairs. */
export function sampled(id: string, rate: number): boolean {
  if (rate >= 100) return true;
  if (rate <= 0) return false;
  return createHash("sha256").update(id).digest().readUInt32BE(0) / 0x1_0000_0000 < rate / 100;
}

function lastUserText(promptJson: string): string {
  try {
    const messages = JSON.parse(promptJson) as Array<{ role?: string; content?: unknown }>;
    const last = [...messages].reverse().find((m) => m.role === "user");
    return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  } catch {
    return "";
  }
}

const VERDICT_SCHEMA = {
  type: "object",
  properties: { winner: { type: "string", enum: ["A", "B", "tie"] }, reason: { type: "string" } },
  required: ["winner", "reason"],
  additionalProperties: false,
};

async function askJudge(d: Deployment, prompt: string, a: string, b: string): Promise<"A" | "B" | "tie" | null> {
  const messages = buildJudgeMessages(RUBRIC, prompt, { column: 0, output: a }, { column: 1, output: b });
  const structured: ChatRequest = { messages, temperature: 0, response_format: { type: "json_schema", json_schema: { name: "verdict", schema: VERDICT_SCHEMA, strict: true } } };
  let text: string;
  try {
    text = (await complete(d, structured, { timeoutMs: JUDGE_TIMEOUT_MS })).choices[0]?.message.content ?? "";
  } catch (err) {
    // Providers without structured output: ask again in plain JSON mode.
    if (!(err instanceof CompletionError) || err.code !== "unsupported_parameter") throw err;
    text = (await complete(d, { messages, temperature: 0 }, { timeoutMs: JUDGE_TIMEOUT_MS })).choices[0]?.message.content ?? "";
  }
  const v = parseJudgeReply(text, 0, 1);
  if (!v) return null;
  return v.winner === 0 ? "A" : v.winner === 1 ? "B" : "tie";
}

/** Both orders combined into one verdict for the candidate. */
export function combine(first: "A" | "B" | "tie", second: "A" | "B" | "tie"): "candidate" | "primary" | "tie" {
  // First order: A = production, B = candidate. Second: A = candidate, B = production.
  const candidateFirst = first === "B" ? 1 : first === "A" ? -1 : 0;
  const candidateSecond = second === "A" ? 1 : second === "B" ? -1 : 0;
  if (candidateFirst === 1 && candidateSecond === 1) return "candidate";
  if (candidateFirst === -1 && candidateSecond === -1) return "primary";
  return "tie";
}

/** Judges up to a few new sampled pairs per group with a judge. Returns how many verdicts were written. */
export async function judgeShadowPairs(db: Db, now = Date.now()): Promise<number> {
  const groups = await db.routingGroup.findMany({ where: { shadowJson: { not: null } }, select: { name: true, shadowJson: true } });
  let written = 0;
  for (const g of groups) {
    const judge = parseShadowConfig(g.shadowJson).judge;
    if (!judge || judge.sampleRate <= 0) continue;
    const model = await db.model.findUnique({ where: { id: judge.modelId }, include: { credential: true } });
    if (!model) continue;
    let deployment: Deployment;
    try {
      deployment = toDeployment(model);
    } catch {
      continue;
    }
    const shadows = await db.requestLog.findMany({
      where: { source: "shadow", groupName: g.name, ok: true, responseText: { not: null }, shadowOf: { not: null }, createdAt: { gte: new Date(now - LOOKBACK_MS) } },
      select: { id: true, shadowOf: true, modelId: true, responseText: true },
      orderBy: { createdAt: "desc" },
      take: 200,
    });
    const judgedIds = new Set((await db.shadowVerdict.findMany({ where: { shadowId: { in: shadows.map((s) => s.id) } }, select: { shadowId: true } })).map((v) => v.shadowId));
    const todo = shadows.filter((s) => !judgedIds.has(s.id) && !failed.has(s.id) && sampled(s.id, judge.sampleRate)).slice(0, PER_TICK);
    if (!todo.length) continue;
    const primaries = new Map((await db.requestLog.findMany({ where: { id: { in: todo.map((s) => s.shadowOf!) } }, select: { id: true, ok: true, promptJson: true, responseText: true } })).map((p) => [p.id, p]));
    for (const s of todo) {
      const p = primaries.get(s.shadowOf!);
      if (!p?.ok || p.responseText == null || !p.promptJson || !s.modelId) {
        failed.add(s.id);
        continue;
      }
      try {
        const prompt = lastUserText(p.promptJson);
        const [first, second] = await Promise.all([askJudge(deployment, prompt, p.responseText, s.responseText!), askJudge(deployment, prompt, s.responseText!, p.responseText)]);
        if (!first || !second) {
          failed.add(s.id);
          continue;
        }
        const winner = combine(first, second);
        await db.shadowVerdict.create({
          data: { shadowId: s.id, groupName: g.name, modelId: s.modelId, judgeModel: model.name, winner, reason: `Production as A: ${first}; candidate as A: ${second}` },
        });
        written++;
      } catch (err) {
        if ((err as { code?: unknown }).code !== "P2002") failed.add(s.id); // P2002: another instance judged it first
      }
    }
  }
  return written;
}
