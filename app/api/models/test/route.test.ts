// "Test connection" before saving, then save: the test becomes the model's last test, but only when the saved
// connection is the one that was tested. Real HTTP to a recording server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { json, startRecordingServer, type RecordingServer } from "@/test/recording-server";
import { openAICompletion } from "@/test/completion-fixtures";
import type { PublicModel, TestResult } from "@/lib/models/schema";
import { POST as testDraft } from "./route";
import { POST as register } from "../route";
import { PATCH as save } from "../[id]/route";
import { POST as testEdits } from "../[id]/test-edits/route";

useTestDb();
let upstream: RecordingServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
  upstream.reply(json(200, openAICompletion("OK")));
});
afterAll(() => upstream.close());

const draft = (name: string, extra: Record<string, unknown> = {}) => ({ name, model: "ft:gpt-4o-mini-2024-07-18:acme:x:1", apiBase: `${upstream.url}/v1`, apiKey: "sk-draft-key-1234", ...extra });

async function runDraftTest(body: unknown): Promise<TestResult> {
  const res = await testDraft(apiRequest("/api/models/test", { body }));
  expect(res.status).toBe(200);
  return res.json();
}

async function registerWith(body: unknown): Promise<PublicModel> {
  const res = await register(apiRequest("/api/models", { body }));
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

describe("a connection test before saving", () => {
  it("is the registered model's last test, and its receipt carries no secret in the clear", async () => {
    const test = await runDraftTest(draft("tested"));
    expect(test).toMatchObject({ ok: true });
    expect(test.receipt).toEqual(expect.any(String));
    expect(test.receipt).not.toContain("sk-draft-key");
    const m = await registerWith({ ...draft("tested"), testReceipt: test.receipt });
    expect(m.lastTest).toMatchObject({ ok: true, at: test.at, latencyMs: test.latencyMs, endpoint: `${upstream.url}/v1/chat/completions` });
  });

  it("does not count when the saved connection differs from the tested one, or the receipt was tampered with", async () => {
    const test = await runDraftTest(draft("changed"));
    const otherKey = await registerWith({ ...draft("changed", { apiKey: "sk-other-key-5678" }), testReceipt: test.receipt });
    expect(otherKey.lastTest).toBeNull();
    const forged = `${test.receipt!.slice(0, -4)}AAAA`;
    const tampered = await registerWith({ ...draft("tampered"), testReceipt: forged });
    expect(tampered.lastTest).toBeNull();
    // A new name or price is not a new connection: the test still counts.
    const renamed = await registerWith({ ...draft("renamed", { inputPricePerMTok: 1, outputPricePerMTok: 2 }), testReceipt: test.receipt });
    expect(renamed.lastTest).toMatchObject({ ok: true, at: test.at });
  });

  it("on an edit: testing the unsaved edit, then saving it, makes that test the last one", async () => {
    const m = await registerWith(draft("edited", { apiBase: "http://127.0.0.1:9/v1" }));
    expect(m.lastTest).toBeNull();
    const edit = { version: m.version, apiBase: `${upstream.url}/v1` };
    const res = await testEdits(apiRequest(`/api/models/${m.id}/test-edits`, { body: edit }), routeParams({ id: m.id }));
    const test = (await res.json()) as TestResult;
    expect(test.ok).toBe(true);
    const saved = await save(apiRequest(`/api/models/${m.id}`, { method: "PATCH", body: { ...edit, testReceipt: test.receipt } }), routeParams({ id: m.id }));
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as PublicModel).lastTest).toMatchObject({ ok: true, at: test.at });
  });
});
