import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { POST as importModels } from "./route";
import { POST as listJobs } from "./jobs/route";
import { POST as discover } from "./discover/route";

const { db } = useTestDb();
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  await seedIfEmpty(db);
});
afterAll(() => sim.close());

describe("import and discover", () => {
  it("lists succeeded fine-tuning jobs through a credential, flagging the registered one", async () => {
    const cred = await db.credential.create({ data: { name: "sim-openai", provider: "openai", envRef: null, secretEnc: null, apiBase: `${sim.url}/v1` } });
    const res = await listJobs(apiRequest("/api/models/import/jobs", { body: { credentialId: cred.id } }));
    expect(res.status).toBe(200);
    const { jobs } = await res.json();
    expect(jobs).toHaveLength(4);
    const support = jobs.find((j: { suffix: string }) => j.suffix === "support-bot");
    expect(support).toMatchObject({ fineTunedModel: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm", baseModel: "gpt-4o-mini-2024-07-18", registeredAs: "support-bot-v3", trainedTokens: 2_204_730, epochs: 3 });
  });

  it("names the api base when the server cannot be reached, and the key field on a bad env reference", async () => {
    const res = await listJobs(apiRequest("/api/models/import/jobs", { body: { apiBase: "http://127.0.0.1:9/v1" } }));
    expect(res.status).toBe(502);
    expect((await res.json()).error.fields.apiBase).toBeDefined();
    const env = await listJobs(apiRequest("/api/models/import/jobs", { body: { apiBase: `${sim.url}/v1`, apiKey: "env:TB_NOT_SET_ANYWHERE" } }));
    expect(env.status).toBe(400);
    expect((await env.json()).error.fields.apiKey).toBeDefined();
  });

  it("discovers base models and LoRA adapters from /v1/models", async () => {
    const res = await discover(apiRequest("/api/models/import/discover", { body: { apiBase: `${sim.url}/v1`, provider: "hosted_vllm" } }));
    expect(res.status).toBe(200);
    const { models } = await res.json();
    expect(models.find((m: { id: string }) => m.id === "tb-sim-8b-sql-lora")).toMatchObject({ parent: "tb-sim-8b", kind: "fine_tuned" });
    expect(models.find((m: { id: string }) => m.id === "tb-sim-8b")).toMatchObject({ parent: null, kind: "base" });
    const missing = await discover(apiRequest("/api/models/import/discover", { body: {} }));
    expect((await missing.json()).error.fields.apiBase).toBeDefined();
  });

  it("registers several in one step, skipping ones already registered; an invalid item writes nothing", async () => {
    const items = [
      { name: "triage", model: "ft:gpt-4o-mini-2024-07-18:acme:triage:Ck2mP8sQ", apiBase: `${sim.url}/v1`, ftJobId: "ftjob-sim4Tr1agMw5HcZq", ftTrainedTokens: 912384 },
      { name: "sql-assistant", model: "ft:gpt-4.1-mini-2025-04-14:acme:sql-assistant:BqR7nW3e", apiBase: `${sim.url}/v1` },
    ];
    const before = await db.model.count();
    const bad = await importModels(apiRequest("/api/models/import", { body: { items: [...items, { name: "broken", model: "mystery" }] } }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields["items.2.provider"]).toBeDefined();
    expect(await db.model.count()).toBe(before);

    const res = await importModels(apiRequest("/api/models/import", { body: { items } }));
    expect(res.status).toBe(201);
    const first = await res.json();
    expect(first.created.map((c: { name: string }) => c.name)).toEqual(["triage", "sql-assistant"]);
    const again = await (await importModels(apiRequest("/api/models/import", { body: { items } }))).json();
    expect(again.created).toEqual([]);
    expect(again.skipped.map((s: { reason: string }) => s.reason)).toEqual(['already registered as "triage"', 'already registered as "sql-assistant"']);
    const triage = await db.model.findUniqueOrThrow({ where: { name: "triage" } });
    expect(triage).toMatchObject({ provider: "openai", kind: "fine_tuned", baseModel: "gpt-4o-mini-2024-07-18", ftTrainedTokens: 912384 });
  });
});
