// "Test connection" on an unsaved edit: the stored model with the form's changes, the stored key kept unless a new
// one is typed, over real HTTP to a recording server; nothing about the model changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { json, startRecordingServer, type RecordingServer } from "@/test/recording-server";
import { openAICompletion } from "@/test/completion-fixtures";
import { POST as create } from "../../route";
import { POST } from "./route";

const { db } = useTestDb();
let upstream: RecordingServer;
beforeAll(async () => {
  upstream = await startRecordingServer();
  upstream.reply(json(200, openAICompletion("OK")));
});
afterAll(() => upstream.close());

const testEdits = (id: string, body: unknown) => POST(apiRequest(`/api/models/${id}/test-edits`, { body }), routeParams({ id }));

describe("POST /api/models/{id}/test-edits", () => {
  it("tests the edited settings with the stored key, and saves nothing", async () => {
    const m = await (await create(apiRequest("/api/models", { body: { name: "editing", model: "gpt-4o-mini", apiBase: "http://127.0.0.1:9/v1", apiKey: "sk-stored-key-4242" } }))).json();
    const res = await testEdits(m.id, { version: m.version, apiBase: `${upstream.url}/v1`, description: "unsaved" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("sk-stored-key");
    expect(JSON.parse(text)).toMatchObject({ ok: true, endpoint: `${upstream.url}/v1/chat/completions` });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-stored-key-4242");

    // A newly typed key is the one tried.
    await testEdits(m.id, { version: m.version, apiBase: `${upstream.url}/v1`, apiKey: "sk-typed-key-9999" });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-typed-key-9999");

    const row = await db.model.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ version: m.version, apiBase: "http://127.0.0.1:9/v1", description: null, lastTestAt: null, inlineSecretLast4: "4242" });
    expect(await db.requestLog.count({ where: { modelId: m.id } })).toBe(0);
  });

  it("refuses edits that would not save: field errors by name, unknown model 404", async () => {
    const m = await db.model.findUniqueOrThrow({ where: { name: "editing" } });
    const bad = await testEdits(m.id, { version: m.version, apiBase: "not a url", contextWindow: -5 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["apiBase", "contextWindow"]);
    expect((await testEdits("nope", { version: 1 })).status).toBe(404);
  });
});
