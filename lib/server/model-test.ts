import { complete, CompletionError, type Deployment } from "@/lib/completion";
import type { ModelCreateParsed, ModelPatchParsed, TestResult } from "@/lib/models/schema";
import type { Db } from "./db";
import { buildDeployment, credentialSecret, loadDeployment, toDeployment } from "./deployments";
import { applyPatch, prepareCreate } from "./models";
import { notFound } from "./api-error";

// "Test connection": one minimal request through the completion core, timed, with the mapped error and hint.

const TEST_REQUEST = { messages: [{ role: "user" as const, content: "Reply with the word OK." }], max_tokens: 5 };
const TEST_TIMEOUT_MS = 15_000;

/** Best-effort URL for a failure that happened before the core reported one; never carries secrets. */
function guessEndpoint(d: Deployment): string | null {
  const base = d.apiBase?.replace(/\/+$/, "");
  switch (d.provider) {
    case "azure":
      return base ? `${base}/openai/deployments/${d.azureDeployment ?? d.model}/chat/completions?api-version=${d.apiVersion ?? "default"}` : null;
    case "vertex_ai":
      return d.location && d.project ? `https://${d.location}-aiplatform.googleapis.com/v1/projects/${d.project}/locations/${d.location}/…` : null;
    case "simulator":
      return `${base ?? process.env.SIMULATOR_URL ?? ""}/v1/chat/completions`;
    default:
      return base ? `${base}/chat/completions` : null;
  }
}

export async function runConnectionTest(d: Deployment): Promise<TestResult> {
  const at = new Date().toISOString();
  const started = performance.now();
  try {
    const res = await complete(d, TEST_REQUEST, { timeoutMs: TEST_TIMEOUT_MS });
    const reply = res.choices[0]?.message.content?.trim() ?? "";
    return {
      ok: true,
      at,
      latencyMs: Math.round(res.meta.latencyMs),
      endpoint: res.meta.endpoint,
      message: `Answered in ${Math.round(res.meta.latencyMs)} ms${reply ? `: "${reply.slice(0, 80)}"` : ""}`,
    };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    if (err instanceof CompletionError) {
      return {
        ok: false,
        at,
        latencyMs,
        endpoint: guessEndpoint(d),
        message: `${err.message}${err.hint ? ` — ${err.hint}` : ""}`,
        error: { kind: err.kind, message: err.message, hint: err.hint ?? null, status: err.status ?? null },
      };
    }
    throw err;
  }
}

/** Test a registered model; the result is stored on the row (without bumping its version) and logged. */
export async function testRegisteredModel(db: Db, id: string): Promise<TestResult> {
  const row = await db.model.findUnique({ where: { id }, select: { id: true, name: true, provider: true } });
  if (!row) throw notFound("Model");
  const d = await loadDeployment(db, id);
  const result = await runConnectionTest(d);
  await db.$transaction([
    db.model.update({
      where: { id },
      data: {
        lastTestOk: result.ok,
        lastTestAt: new Date(result.at),
        lastTestLatencyMs: result.latencyMs,
        lastTestMessage: result.message?.slice(0, 1000) ?? null,
        lastTestEndpoint: result.endpoint,
      },
    }),
    db.requestLog.create({
      data: {
        source: "test",
        modelId: row.id,
        modelName: row.name,
        provider: row.provider,
        status: result.ok ? 200 : (result.error?.status ?? 0),
        ok: result.ok,
        latencyMs: result.latencyMs ?? 0,
        errorKind: result.error?.kind ?? null,
      },
    }),
  ]);
  return result;
}

/** Test before saving: the form's input becomes an in-memory Deployment; nothing is written. */
export async function testDraft(db: Db, input: ModelCreateParsed): Promise<TestResult> {
  const { resolved } = await prepareCreate(db, input);
  const credential = resolved.credentialId ? await db.credential.findUnique({ where: { id: resolved.credentialId } }) : null;
  const secret = credential ? credentialSecret(credential) : (input.apiKey ?? undefined);
  const d = buildDeployment(resolved, { secret, credential, headers: input.headers ?? undefined, simulator: resolved.simulator ?? undefined });
  return runConnectionTest(d);
}

/**
 * Test an edit before saving it: the stored model with the form's changes applied in memory (the stored key
 * unless a new one was entered). Nothing is written: the model's last test describes its saved settings.
 */
export async function testModelEdits(db: Db, id: string, patch: ModelPatchParsed): Promise<TestResult> {
  const row = await db.model.findUnique({ where: { id } });
  if (!row) throw notFound("Model");
  const edited = { ...row, ...(await applyPatch(db, row, patch)) };
  const credential = edited.credentialId ? await db.credential.findUnique({ where: { id: edited.credentialId } }) : null;
  return runConnectionTest(toDeployment({ ...edited, credential }));
}
