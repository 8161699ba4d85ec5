import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningSimulator } from "./server";
import { ask, postChat, startTestSimulator } from "@/test/simulator-client";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

async function complete(body: unknown, headers: Record<string, string> = {}) {
  const res = await postChat(sim.url, body, headers);
  return { status: res.status, json: (await res.json()) as any };
}

const QUESTION = "What batch size should I use when fine-tuning a summarization adapter?";

describe("POST /v1/chat/completions", () => {
  it("answers in OpenAI's shape, echoing the model", async () => {
    const { status, json } = await complete(ask(QUESTION, { temperature: 0 }));
    expect(status).toBe(200);
    expect(json.id).toMatch(/^chatcmpl-sim-\w+$/);
    expect(json.object).toBe("chat.completion");
    expect(json.model).toBe("tb-sim-8b");
    expect(typeof json.created).toBe("number");
    expect(typeof json.system_fingerprint).toBe("string");
    expect(json.choices).toHaveLength(1);
    expect(json.choices[0].message.role).toBe("assistant");
    expect(json.choices[0].message.content).toMatch(/batch|size|fine-tuning|summarization/);
    expect(json.choices[0].finish_reason).toBe("stop");
  });

  it("is deterministic, and differs by seed and by model", async () => {
    const text = async (extra: Record<string, unknown>) => (await complete(ask(QUESTION, extra))).json.choices[0].message.content as string;
    const a = await text({ temperature: 0, seed: 7 });
    expect(await text({ temperature: 0, seed: 7 })).toBe(a);
    expect(await text({ temperature: 0, seed: 8 })).not.toBe(a);
    expect(await text({ temperature: 0, seed: 7, model: "tb-sim-70b" })).not.toBe(a);
  });

  it("answers fine-tuned ids in a shorter, domain-tuned style", async () => {
    const base = (await complete(ask(QUESTION, { seed: 1 }))).json;
    const tuned = (await complete(ask(QUESTION, { seed: 1, model: "ft:gpt-4o-mini-2024-07-18:acme:triage:Ck2mP8sQ" }))).json;
    const sql = (await complete(ask("Count orders per customer", { seed: 1, model: "tb-sim-8b-sql-lora" }))).json;
    expect(tuned.model).toBe("ft:gpt-4o-mini-2024-07-18:acme:triage:Ck2mP8sQ");
    expect(tuned.usage.completion_tokens).toBeLessThan(base.usage.completion_tokens);
    expect(tuned.choices[0].message.content).toMatch(/^(Answer|Summary|Result|Decision|Finding):/);
    expect(sql.choices[0].message.content).toMatch(/SELECT customer[\s\S]*\nFROM orders\n/);
  });

  it("counts usage with o200k_base and OpenAI's per-message overhead", async () => {
    // "Hello there" is 2 tokens and "user" 1: 3 + (3 + 1 + 2) = 9.
    const one = (await complete(ask("Hello there"))).json.usage;
    expect(one.prompt_tokens).toBe(9);
    const two = (await complete({ model: "tb-sim-8b", messages: [{ role: "system", content: "Hello there" }, { role: "user", content: "Hello there" }] })).json.usage;
    expect(two.prompt_tokens).toBe(15);
    expect(one.completion_tokens).toBeGreaterThanOrEqual(40);
    expect(one.completion_tokens).toBeLessThanOrEqual(140);
    expect(one.total_tokens).toBe(one.prompt_tokens + one.completion_tokens);
  });

  it("accepts content as an array of text parts", async () => {
    const { status, json } = await complete({ model: "tb-sim-8b", messages: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }] });
    expect(status).toBe(200);
    expect(json.usage.prompt_tokens).toBe(9);
  });

  it("truncates at max_tokens with finish_reason length", async () => {
    for (const key of ["max_tokens", "max_completion_tokens"]) {
      const { json } = await complete(ask(QUESTION, { [key]: 5 }));
      expect(json.choices[0].finish_reason).toBe("length");
      expect(json.usage.completion_tokens).toBe(5);
      const full = (await complete(ask(QUESTION))).json.choices[0].message.content as string;
      expect(full.startsWith(json.choices[0].message.content)).toBe(true);
    }
  });

  it("cuts at the first stop sequence with finish_reason stop", async () => {
    const full = (await complete(ask(QUESTION, { seed: 3 }))).json.choices[0].message.content as string;
    const stop = full.split(" ")[3];
    const { json } = await complete(ask(QUESTION, { seed: 3, stop: ["zzz-never", stop] }));
    const content = json.choices[0].message.content as string;
    expect(json.choices[0].finish_reason).toBe("stop");
    expect(content).toBe(full.slice(0, full.indexOf(stop)));
    expect(content).not.toContain(stop);
  });

  it("returns valid JSON for response_format json_object and json_schema", async () => {
    const obj = (await complete(ask(QUESTION, { response_format: { type: "json_object" } }))).json;
    expect(JSON.parse(obj.choices[0].message.content)).toHaveProperty("answer");
    const schema = {
      type: "object",
      properties: { title: { type: "string" }, score: { type: "integer" }, tags: { type: "array", items: { type: "string" } }, level: { enum: ["low", "high"] } },
    };
    const shaped = (await complete(ask(QUESTION, { response_format: { type: "json_schema", json_schema: { name: "r", schema } } }))).json;
    const parsed = JSON.parse(shaped.choices[0].message.content);
    expect(typeof parsed.title).toBe("string");
    expect(Number.isInteger(parsed.score)).toBe(true);
    expect(Array.isArray(parsed.tags)).toBe(true);
    expect(["low", "high"]).toContain(parsed.level);
  });

  it("answers a forced tool choice with a deterministic tool call", async () => {
    const tools = [
      { type: "function", function: { name: "lookup_order", parameters: { type: "object", properties: { order_id: { type: "string" }, verbose: { type: "boolean" } } } } },
      { type: "function", function: { name: "refund", parameters: { type: "object", properties: { amount: { type: "number" } } } } },
    ];
    const body = ask("Where is my order?", { tools, tool_choice: { type: "function", function: { name: "refund" } } });
    const first = (await complete(body)).json;
    const second = (await complete(body)).json;
    const call = first.choices[0].message.tool_calls[0];
    expect(first.choices[0].finish_reason).toBe("tool_calls");
    expect(first.choices[0].message.content).toBeNull();
    expect(call.type).toBe("function");
    expect(call.function.name).toBe("refund");
    expect(typeof JSON.parse(call.function.arguments).amount).toBe("number");
    expect(second.choices[0].message.tool_calls[0]).toEqual(call);
    const required = (await complete({ ...body, tool_choice: "required" })).json;
    expect(["lookup_order", "refund"]).toContain(required.choices[0].message.tool_calls[0].function.name);
    const auto = (await complete({ ...body, tool_choice: "auto" })).json;
    expect(auto.choices[0].message.tool_calls).toBeUndefined();
  });

  it("rejects a missing or empty bearer key with 401 invalid_api_key", async () => {
    for (const headers of [{}, { authorization: "Bearer " }, { authorization: "Basic abc" }] as Record<string, string>[]) {
      const res = await postChat(sim.url, ask("hi"), headers, { auth: false });
      expect(res.status).toBe(401);
      const json = (await res.json()) as any;
      expect(json.error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key", param: null });
      expect(typeof json.error.message).toBe("string");
    }
  });

  it.each([
    [{ messages: [{ role: "user", content: "x" }] }, "model"],
    [{ model: "tb-sim-8b", messages: [{ role: "wizard", content: "x" }] }, "messages[0].role"],
    [{ model: "tb-sim-8b", messages: [{ role: "user", content: 5 }] }, "messages[0].content"],
    [{ model: "tb-sim-8b", messages: [] }, "messages"],
    [{ ...ask("x"), n: 2 }, "n"],
    [{ ...ask("x"), temperature: 3 }, "temperature"],
    [{ ...ask("x"), max_tokens: 0 }, "max_tokens"],
    [{ ...ask("x"), stop: 4 }, "stop"],
    [{ ...ask("x"), response_format: { type: "xml" } }, "response_format.type"],
    [{ ...ask("x"), stream_options: { include_usage: true } }, "stream_options"],
    [{ ...ask("x"), tool_choice: "required" }, "tool_choice"],
    [{ ...ask("x"), frobnicate: true }, "frobnicate"],
  ])("rejects an invalid body naming the param (%#)", async (body, param) => {
    const { status, json } = await complete(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: "invalid_request_error", param });
    expect(json.error.message).toContain(param);
  });

  it("rejects malformed JSON and invalid behaviour headers with 400", async () => {
    const bad = await postChat(sim.url, "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.type).toBe("invalid_request_error");
    const header = await complete(ask("x"), { "x-simulator-latency-ms": "soon" });
    expect(header.status).toBe(400);
    expect(header.json.error.param).toBe("x-simulator-latency-ms");
    expect(header.json.error.message).toContain("x-simulator-latency-ms");
  });

  it("returns context_length_exceeded when the prompt exceeds the model's window", async () => {
    const long = "token ".repeat(9000);
    const small = await complete(ask(long));
    expect(small.status).toBe(400);
    expect(small.json.error).toMatchObject({ type: "invalid_request_error", code: "context_length_exceeded", param: "messages" });
    expect(small.json.error.message).toContain("8192");
    const big = await complete(ask(long, { model: "gpt-4o-mini" }));
    expect(big.status).toBe(200);
  });

  it("answers 413 to a body over 8 MiB", async () => {
    const res = await postChat(sim.url, ask("x".repeat(8 * 1024 * 1024)));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.message).toMatch(/too large/i);
  });

  it("lets a client leave mid-body without an error of its own, and goes on answering", async () => {
    const errors = vi.spyOn(console, "error");
    try {
      const { port } = new URL(sim.url);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { status } = await complete(ask(QUESTION));
      expect(status).toBe(200);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
