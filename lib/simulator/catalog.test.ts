import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATOR_JOB_IDS } from "./fine-tuning-jobs";
import type { RunningSimulator } from "./server";
import { startTestSimulator } from "@/test/simulator-client";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const get = async (path: string) => {
  const res = await fetch(`${sim.url}${path}`);
  return { status: res.status, json: (await res.json()) as any };
};

describe("GET /v1/models", () => {
  it("lists base models and LoRA adapters in vLLM's shape", async () => {
    const { status, json } = await get("/v1/models");
    expect(status).toBe(200);
    expect(json.object).toBe("list");
    const byId = Object.fromEntries(json.data.map((m: any) => [m.id, m]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(["tb-sim-8b", "tb-sim-70b", "tb-sim-8b-support-lora", "tb-sim-8b-sql-lora"]));
    expect(byId["tb-sim-8b"]).toMatchObject({ object: "model", root: "tb-sim-8b", parent: null, max_model_len: 8192 });
    expect(byId["tb-sim-8b-sql-lora"].parent).toBe("tb-sim-8b");
    expect(byId["tb-sim-8b-support-lora"].parent).toBe("tb-sim-8b");
    for (const model of json.data) expect(typeof model.created).toBe("number");
  });
});

describe("GET /v1/fine_tuning/jobs", () => {
  it("returns OpenAI job objects, newest first, including succeeded, failed and running jobs", async () => {
    const { json } = await get("/v1/fine_tuning/jobs");
    expect(json.object).toBe("list");
    expect(json.has_more).toBe(false);
    expect(json.data.map((j: any) => j.id)).toEqual(SIMULATOR_JOB_IDS);
    const created = json.data.map((j: any) => j.created_at);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    for (const job of json.data) {
      expect(job.object).toBe("fine_tuning.job");
      expect(job.id).toMatch(/^ftjob-/);
      expect(job.training_file).toMatch(/^file-/);
      expect(typeof job.hyperparameters.n_epochs).toBe("number");
      expect(job).toHaveProperty("user_provided_suffix");
    }
    const statuses = json.data.map((j: any) => j.status);
    expect(statuses.filter((s: string) => s === "succeeded").length).toBeGreaterThanOrEqual(3);
    expect(statuses).toContain("failed");
    expect(statuses).toContain("running");
    const models = json.data.map((j: any) => j.fine_tuned_model);
    expect(models).toContain("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm");
    expect(models).toContain("ft:gpt-3.5-turbo-0125:acme::8AbCdEf1");
    const failed = json.data.find((j: any) => j.status === "failed");
    expect(failed.fine_tuned_model).toBeNull();
    expect(failed.error.code).toBeTruthy();
    const running = json.data.find((j: any) => j.status === "running");
    expect(running.finished_at).toBeNull();
    const unsuffixed = json.data.find((j: any) => j.fine_tuned_model === "ft:gpt-3.5-turbo-0125:acme::8AbCdEf1");
    expect(unsuffixed.user_provided_suffix).toBeNull();
  });

  it("paginates with limit and after", async () => {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { json } = await get(`/v1/fine_tuning/jobs?limit=2${after ? `&after=${after}` : ""}`);
      expect(json.data.length).toBeLessThanOrEqual(2);
      ids.push(...json.data.map((j: any) => j.id));
      if (!json.has_more) break;
      after = json.data[json.data.length - 1].id;
    }
    expect(ids).toEqual(SIMULATOR_JOB_IDS);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=1000", "limit"],
    ["limit=abc", "limit"],
    ["after=ftjob-nope", "after"],
    ["colour=blue", "colour"],
  ])("rejects ?%s naming %s", async (query, param) => {
    const { status, json } = await get(`/v1/fine_tuning/jobs?${query}`);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: "invalid_request_error", param });
  });
});

describe("other routes", () => {
  it("GET /health", async () => {
    expect(await get("/health")).toEqual({ status: 200, json: { ok: true } });
  });

  it("unknown routes → 404 and wrong methods → 405, OpenAI-shaped", async () => {
    const missing = await get("/v1/nope");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { message: "Invalid URL (GET /v1/nope)", type: "invalid_request_error", param: null, code: null } });
    const wrong = await get("/v1/chat/completions");
    expect(wrong.status).toBe(405);
    expect(wrong.json.error.type).toBe("invalid_request_error");
  });
});
