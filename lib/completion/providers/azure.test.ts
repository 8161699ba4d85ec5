import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete, stream } from "../core";
import { startRecordingServer, json, sse, type RecordingServer } from "@/test/recording-server";
import { caught, drain, openAIChunk, openAICompletion, openAIUsageChunk } from "@/test/completion-fixtures";
import type { Deployment } from "../types";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const KEY = "0123456789abcdef0123456789abcdef";
const d = (): Deployment => ({
  provider: "azure",
  model: "gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678",
  azureDeployment: "support-ft",
  apiBase: `${server.url}/`,
  apiKey: KEY,
  apiVersion: "2024-10-21",
});
const messages = [{ role: "user" as const, content: "Hi" }];

describe("azure", () => {
  it("calls the deployment URL with api-version and the api-key header; prices the fine-tune", async () => {
    server.requests.length = 0;
    server.reply(json(200, openAICompletion("Hello", { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 })));
    const r = await complete(d(), { messages, response_format: { type: "json_object" } });
    const sent = server.requests[0];
    expect(sent.url).toBe("/openai/deployments/support-ft/chat/completions?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({ messages, response_format: { type: "json_object" } });
    // base gpt-4o-mini fine-tuned: $0.30 in + $1.20 out per 1M
    expect(r.meta.costUsd).toBeCloseTo(1.5, 6);
    expect(r.meta.baseModel).toBe("gpt-4o-mini-2024-07-18");
    expect(r.meta.endpoint).not.toContain(KEY);
  });

  it("streams with include_usage", async () => {
    server.requests.length = 0;
    server.reply(sse([openAIChunk({ content: "Hel" }), openAIChunk({ content: "lo" }, "stop"), openAIUsageChunk(3, 2), "data: [DONE]\n\n"]));
    const s = await stream(d(), { messages });
    expect(server.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect((await drain(s)).text).toBe("Hello");
    expect(s.meta.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("maps a missing deployment, the content filter and a bad key with Azure hints", async () => {
    server.reply(json(404, { error: { code: "DeploymentNotFound", message: "The API deployment for this resource does not exist." } }));
    expect(await caught(complete(d(), { messages }))).toMatchObject({ kind: "not_found", hint: expect.stringMatching(/Azure deployment name/) });
    server.reply(
      json(400, {
        error: {
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          code: "content_filter",
          innererror: { code: "ResponsibleAIPolicyViolation" },
        },
      }),
    );
    expect(await caught(complete(d(), { messages }))).toMatchObject({ kind: "content_policy", status: 400 });
    server.reply(json(401, { error: { code: "401", message: `Access denied due to invalid subscription key ${KEY}.` } }));
    const e = (await caught(complete(d(), { messages }))) as Error;
    expect(e).toMatchObject({ kind: "authentication", hint: expect.stringMatching(/api-key/) });
    expect(e.message).not.toContain(KEY);
  });

  it("needs an apiBase", async () => {
    expect(await caught(complete({ ...d(), apiBase: undefined }, { messages }))).toMatchObject({
      kind: "bad_request",
      hint: expect.stringMatching(/openai\.azure\.com/),
    });
  });
});
