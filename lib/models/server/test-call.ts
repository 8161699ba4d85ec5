import "server-only";
import { complete, CompletionError, type Deployment } from "@/lib/completion";
import type { ModelCreateParsed, ModelPatchParsed, PublicModel, TestResult } from "@/lib/models/schema";
import type { Db } from "@/lib/server/db";
import { decryptSecret, encryptSecret, sha256 } from "@/lib/server/crypto";
import { buildDeployment, credentialSecret, loadDeployment, toDeployment } from "./deployments";
import { applyPatch, createModel, getModel, prepareCreate, updateModel } from "./models";
import { notFound } from "@/lib/server/api-error";
import { createRequestLog, logRow } from "@/lib/usage/server/request-log";

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

type TestOutcome = Pick<TestResult, "ok" | "at" | "latencyMs" | "message" | "endpoint">;

/** The model's last-test columns; writing them does not bump its version (a test is not an edit). */
function lastTestColumns(result: TestOutcome) {
  return {
    lastTestOk: result.ok,
    lastTestAt: new Date(result.at),
    lastTestLatencyMs: result.latencyMs,
    lastTestMessage: result.message?.slice(0, 1000) ?? null,
    lastTestEndpoint: result.endpoint,
  };
}

// A test run before saving counts as the saved model's last test, when the saved connection is the one tested.
// The browser carries the outcome back as a receipt sealed with the app's key (AES-GCM, so it cannot be
// forged or edited), holding a digest of the connection settings that were tested, secrets included.

const RECEIPT_TTL_MS = 30 * 60_000;

/** A digest of what decides where and how a request is sent; names, prices and context windows are left out. */
export function connectionFingerprint(d: Deployment): string {
  const headers = d.headers ? Object.entries(d.headers).sort(([a], [b]) => a.localeCompare(b)) : null;
  return sha256(
    JSON.stringify([d.provider, d.model, d.apiBase ?? null, d.apiKey ?? null, d.serviceAccountJson ?? null, d.apiVersion ?? null, d.azureDeployment ?? null, d.project ?? null, d.location ?? null, headers, d.simulator ?? null]),
  );
}

function withReceipt(result: TestResult, d: Deployment): TestResult {
  const outcome: TestOutcome = { ok: result.ok, at: result.at, latencyMs: result.latencyMs, message: result.message, endpoint: result.endpoint };
  return { ...result, receipt: encryptSecret(JSON.stringify({ fp: connectionFingerprint(d), outcome })) };
}

/** Stores a receipt's test as the model's last one; a receipt that does not open, is stale or was for other settings is ignored. */
async function applyTestReceipt(db: Db, id: string, receipt: string): Promise<void> {
  let sealed: { fp?: unknown; outcome?: TestOutcome };
  try {
    sealed = JSON.parse(decryptSecret(receipt));
  } catch {
    return;
  }
  const outcome = sealed.outcome;
  const at = outcome ? Date.parse(outcome.at) : NaN;
  if (!outcome || !(Date.now() - at < RECEIPT_TTL_MS)) return;
  if (sealed.fp !== connectionFingerprint(await loadDeployment(db, id))) return;
  // Never replace a newer test (one run from the list while this form was open).
  await db.model.updateMany({ where: { id, OR: [{ lastTestAt: null }, { lastTestAt: { lt: new Date(at) } }] }, data: lastTestColumns(outcome) });
}

/** POST /api/models: register, and keep the connection test run before saving as the model's last test. */
export async function registerModel(db: Db, input: ModelCreateParsed, testReceipt?: string): Promise<PublicModel> {
  const created = await createModel(db, input);
  if (!testReceipt) return created;
  await applyTestReceipt(db, created.id, testReceipt);
  return getModel(db, created.id);
}

/** PATCH /api/models/{id}: save, and keep the test of these unsaved edits as the model's last test. */
export async function saveModel(db: Db, id: string, patch: ModelPatchParsed, testReceipt?: string): Promise<PublicModel> {
  const saved = await updateModel(db, id, patch);
  if (!testReceipt) return saved;
  await applyTestReceipt(db, id, testReceipt);
  return getModel(db, id);
}

/** Test a registered model; the result is stored on the row (without bumping its version) and logged. */
export async function testRegisteredModel(db: Db, id: string): Promise<TestResult> {
  const row = await db.model.findUnique({ where: { id }, select: { id: true, name: true, provider: true } });
  if (!row) throw notFound("Model");
  const d = await loadDeployment(db, id);
  const result = await runConnectionTest(d);
  await db.$transaction([
    db.model.update({ where: { id }, data: lastTestColumns(result) }),
    createRequestLog(
      db,
      logRow(
        { source: "test", model: row, stream: false },
        { status: result.ok ? 200 : (result.error?.status ?? 0), ok: result.ok, latencyMs: result.latencyMs ?? 0, errorKind: result.error?.kind },
      ),
    ),
  ]);
  return result;
}

/** Test before saving: the form's input becomes an in-memory Deployment; nothing is written. */
export async function testDraft(db: Db, input: ModelCreateParsed): Promise<TestResult> {
  const { resolved } = await prepareCreate(db, input);
  const credential = resolved.credentialId ? await db.credential.findUnique({ where: { id: resolved.credentialId } }) : null;
  const secret = credential ? credentialSecret(credential) : (input.apiKey ?? undefined);
  const d = buildDeployment(resolved, { secret, credential, headers: input.headers ?? undefined, simulator: resolved.simulator ?? undefined });
  return withReceipt(await runConnectionTest(d), d);
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
  const d = toDeployment({ ...edited, credential });
  return withReceipt(await runConnectionTest(d), d);
}
