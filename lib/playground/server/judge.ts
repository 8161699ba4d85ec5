import "server-only";
import { complete, CompletionError, type ChatRequest } from "@/lib/completion";
import { buildJudgeMessages, parseJudgeReply } from "@/lib/playground/judge";
import { lastUserPrompt } from "@/lib/playground/export";
import type { JudgeSchema } from "@/lib/playground/schema";
import type { PublicVerdict } from "@/lib/playground/types";
import type { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { assertColumn, getRun } from "./runs";
import { loadDeploymentByName } from "@/lib/models/server/deployment-by-name";

// The LLM judge: asks a chosen model which of two columns better meets the rubric, and saves the verdict.

const VERDICT_SCHEMA = {
  type: "object",
  properties: { winner: { type: "string", enum: ["A", "B", "tie"] }, reason: { type: "string" } },
  required: ["winner", "reason"],
  additionalProperties: false,
};

export async function judgeRun(db: Db, runId: string, input: z.output<typeof JudgeSchema>, signal?: AbortSignal): Promise<PublicVerdict> {
  const run = await getRun(db, runId);
  const a = assertColumn(run, input.columnA);
  const b = assertColumn(run, input.columnB);
  if (a.status !== "done" || b.status !== "done") throw new ApiError("unprocessable", "Both columns need a finished answer before a judge can compare them.");
  const deployment = await loadDeploymentByName(db, input.judgeModel);
  const messages = buildJudgeMessages(input.rubric, lastUserPrompt(run), { column: a.column, output: a.output }, { column: b.column, output: b.output });
  const structured: ChatRequest = { messages, temperature: 0, response_format: { type: "json_schema", json_schema: { name: "verdict", schema: VERDICT_SCHEMA, strict: true } } };
  let text: string;
  try {
    text = await ask(deployment, structured, signal);
  } catch (err) {
    // Providers without structured output: ask again in plain JSON mode.
    if (!(err instanceof CompletionError) || err.code !== "unsupported_parameter") throw upstream(err);
    text = await ask(deployment, { messages, temperature: 0 }, signal).catch((e: unknown) => {
      throw upstream(e);
    });
  }
  const verdict = parseJudgeReply(text, a.column, b.column);
  if (!verdict) throw new ApiError("upstream_error", `The judge ${input.judgeModel} did not name a winner. Try a stronger judge model or a clearer rubric.`);
  const row = await db.judgeVerdict.create({
    data: { runId, judgeModel: input.judgeModel, rubric: input.rubric, columnA: a.column, columnB: b.column, winner: verdict.winner, reason: verdict.reason.slice(0, 4000) },
  });
  return { id: row.id, judgeModel: row.judgeModel, rubric: row.rubric, columnA: row.columnA, columnB: row.columnB, winner: row.winner, reason: row.reason, createdAt: row.createdAt.toISOString() };
}

async function ask(deployment: Awaited<ReturnType<typeof loadDeploymentByName>>, req: ChatRequest, signal?: AbortSignal): Promise<string> {
  const res = await complete(deployment, req, { signal });
  return res.choices[0]?.message.content ?? "";
}

function upstream(err: unknown): unknown {
  if (err instanceof CompletionError) return new ApiError("upstream_error", `The judge call failed: ${err.message}`, undefined, { kind: err.kind, hint: err.hint ?? null });
  return err;
}
