import { beforeAll, describe, expect, it } from "vitest";
import { createParser } from "eventsource-parser";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { useSimulator } from "@/test/simulator";
import type { PublicRun, StreamEvent } from "@/lib/playground/types";
import { GET as list, POST as create } from "./route";
import { GET as getOne, PATCH as vote } from "./[id]/route";
import { POST as streamColumn } from "./[id]/columns/[n]/stream/route";
import { GET as exportRun } from "./[id]/export/route";
import { GET as targets } from "../targets/route";
import { POST as createModel } from "../../models/route";
import { GET as getModel } from "../../models/[id]/route";

const { db } = useTestDb();
useSimulator({ db });

beforeAll(async () => {
  const base = await db.model.findUniqueOrThrow({ where: { name: "sim-8b-base" } });
  await db.model.create({ data: { name: "sim-slow", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ ttftMs: 50, tokensPerSecond: 20 }), parentId: base.id } });
  await db.model.create({ data: { name: "sim-limited", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ failure: "rate_limit" }) } });
});

const prompt = { systemPrompt: "You help {{team}}.", messages: [{ role: "user", content: "How do I reset my password, {{name}}?" }], variables: { team: "support", name: "Ada" } };

async function newRun(columns: string[]): Promise<PublicRun> {
  const res = await create(apiRequest("/api/playground/runs", { body: { ...prompt, columns: columns.map((name) => ({ target: { type: "model", name }, params: { temperature: 0.2, seed: 7 } })) } }));
  expect(res.status).toBe(201);
  return res.json();
}

async function readEvents(res: Response, onEvent?: (e: StreamEvent) => void): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const parser = createParser({ onEvent: (e) => { const ev = JSON.parse(e.data) as StreamEvent; events.push(ev); onEvent?.(ev); } });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(dec.decode(value, { stream: true }));
  }
  return events;
}

const streamReq = (id: string, n: number, signal?: AbortSignal) => {
  const req = apiRequest(`/api/playground/runs/${id}/columns/${n}/stream`, { method: "POST" });
  return streamColumn(signal ? new Request(req, { signal }) : req, routeParams({ id, n: String(n) }));
};

describe("/api/playground/runs", () => {
  it("refuses an unauthenticated request", async () => {
    expect((await list(apiRequest("/api/playground/runs", { auth: "none" }))).status).toBe(401);
  });

  it("validates the body and names unknown models and missing prompts", async () => {
    const res = await create(apiRequest("/api/playground/runs", { body: { messages: [], columns: [] } }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["messages", "columns"]));
    const unknown = await create(apiRequest("/api/playground/runs", { body: { ...prompt, columns: [{ target: { type: "model", name: "nope" } }] } }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields["columns.0.target"]).toBeDefined();
  });

  it("lists models grouped by base for the picker", async () => {
    const catalog = await (await targets(apiRequest("/api/playground/targets"))).json();
    const family = catalog.families.find((f: { base: string }) => f.base === "sim-8b-base");
    expect(family.models.map((m: { name: string }) => m.name)).toEqual(["sim-8b-base", "sim-slow", "sim-8b-support-ft"]);
    expect(catalog.groups.map((g: { name: string }) => g.name)).toContain("support-assistant");
  });

  it("builds families on the model page's Lineage: a fine-tune registered by id sits with its registered base", async () => {
    // Registered as the form does: no parent, the base derived from the id.
    const res = await createModel(apiRequest("/api/models", { body: { name: "acme-x", model: "ft:gpt-4o-mini-2024-07-18:acme:x:1" } }));
    expect(res.status).toBe(201);
    const catalog = await (await targets(apiRequest("/api/playground/targets"))).json();
    const family = catalog.families.find((f: { base: string }) => f.base === "gpt-4o-mini");
    expect(family.models.map((m: { name: string }) => m.name)).toEqual(["gpt-4o-mini", "acme-x", "support-bot-v3"]);
    expect(catalog.families.map((f: { base: string }) => f.base)).not.toContain("gpt-4o-mini-2024-07-18");

    const base = await db.model.findUniqueOrThrow({ where: { name: "gpt-4o-mini" } });
    const detail = await (await getModel(apiRequest(`/api/models/${base.id}`), routeParams({ id: base.id }))).json();
    expect(detail.children.map((c: { name: string }) => c.name)).toEqual(["acme-x", "support-bot-v3"]);
    const ft = (await res.json()) as { id: string };
    const ftDetail = await (await getModel(apiRequest(`/api/models/${ft.id}`), routeParams({ id: ft.id }))).json();
    expect(ftDetail.parent).toEqual({ id: base.id, name: "gpt-4o-mini" });
  });

  it("streams a column, fills variables, and persists the output with metrics", async () => {
    const run = await newRun(["sim-8b-base", "sim-8b-support-ft"]);
    expect(run.results.map((r) => r.status)).toEqual(["pending", "pending"]);
    const [a, b] = await Promise.all([readEvents(await streamReq(run.id, 0)), readEvents(await streamReq(run.id, 1))]);
    for (const events of [a, b]) {
      expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(1);
      expect(events.some((e) => e.type === "first_token")).toBe(true);
      const last = events.at(-1)!;
      expect(last.type).toBe("done");
    }
    const saved: PublicRun = await (await getOne(apiRequest(`/api/playground/runs/${run.id}`), routeParams({ id: run.id }))).json();
    const text = a.filter((e) => e.type === "delta").map((e) => (e as { text: string }).text).join("");
    expect(saved.results[0].output).toBe(text);
    expect(saved.results[0].status).toBe("done");
    const m = saved.results[0].metrics;
    expect(m.ttftMs).toBeGreaterThan(0);
    expect(m.latencyMs).toBeGreaterThanOrEqual(m.ttftMs!);
    expect(m.tokensIn).toBeGreaterThan(0);
    expect(m.tokensOut).toBeGreaterThan(0);
    expect(m.costUsd).toBeGreaterThan(0);
    expect(m.tokensPerSecond).toBeGreaterThan(0);
    await expect.poll(() => db.requestLog.count({ where: { source: "playground" } })).toBeGreaterThanOrEqual(2);
    // A finished column cannot be streamed again.
    expect((await streamReq(run.id, 0)).status).toBe(409);
  });

  it("streams a routing-group column and reports the member that served", async () => {
    const res = await create(apiRequest("/api/playground/runs", { body: { ...prompt, columns: [{ target: { type: "group", name: "support-assistant" } }] } }));
    expect(res.status).toBe(201);
    const run: PublicRun = await res.json();
    const events = await readEvents(await streamReq(run.id, 0));
    const last = events.at(-1)!;
    expect(last.type).toBe("done");
    if (last.type !== "done") return;
    expect(["sim-8b-base", "sim-8b-support-ft"]).toContain(last.result.servedBy);
    expect(last.result.trace?.attempts.length).toBeGreaterThanOrEqual(1);
    expect(last.result.metrics.ttftMs).toBeGreaterThan(0);
    await expect.poll(() => db.requestLog.count({ where: { source: "playground", groupName: "support-assistant" } })).toBe(1);
  });

  it("serves each column of a new run once from memory, then from the database", async () => {
    const { takePreparedColumn } = await import("@/lib/playground/server/prepared");
    const run = await newRun(["sim-8b-base", "sim-8b-support-ft"]);
    const first = takePreparedColumn(run.id, 1);
    expect(first?.deployment?.name).toBe("sim-8b-support-ft");
    expect(first?.run.id).toBe(run.id);
    expect(takePreparedColumn(run.id, 1)).toBeUndefined();
    expect(takePreparedColumn(run.id, 0)?.deployment?.name).toBe("sim-8b-base");
    expect(takePreparedColumn(run.id, 0)).toBeUndefined();
    // Both columns now come from the database path, and still stream.
    expect((await readEvents(await streamReq(run.id, 0))).at(-1)!.type).toBe("done");
  });

  it("reports an upstream error inside its column with the mapped kind and hint", async () => {
    const run = await newRun(["sim-limited", "sim-8b-base"]);
    const events = await readEvents(await streamReq(run.id, 0));
    const last = events.at(-1)!;
    expect(last.type).toBe("error");
    if (last.type !== "error") return;
    expect(last.result.error).toEqual({ kind: "rate_limit", message: expect.any(String), hint: expect.stringMatching(/retry|wait/i) });
    const other = await readEvents(await streamReq(run.id, 1));
    expect(other.at(-1)!.type).toBe("done");
  });

  it("saves a stopped column with its partial output when the client disconnects", async () => {
    const run = await newRun(["sim-slow"]);
    const ctrl = new AbortController();
    const res = await streamReq(run.id, 0, ctrl.signal);
    let deltas = 0;
    await readEvents(res, (e) => {
      if (e.type === "delta" && ++deltas === 3) ctrl.abort();
    }).catch(() => undefined);
    let saved: PublicRun | undefined;
    for (let i = 0; i < 50; i++) {
      saved = await (await getOne(apiRequest(`/api/playground/runs/${run.id}`), routeParams({ id: run.id }))).json();
      if (saved!.results[0].status !== "pending") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(saved!.results[0].status).toBe("stopped");
    expect(saved!.results[0].output.length).toBeGreaterThan(0);
  });

  it("records a vote (or a tie), refuses a column out of range, and lists the run", async () => {
    const run = await newRun(["sim-8b-base", "sim-8b-support-ft"]);
    const voted = await vote(apiRequest(`/api/playground/runs/${run.id}`, { method: "PATCH", body: { voteColumn: 1 } }), routeParams({ id: run.id }));
    expect((await voted.json()).voteColumn).toBe(1);
    const bad = await vote(apiRequest(`/api/playground/runs/${run.id}`, { method: "PATCH", body: { voteColumn: 4 } }), routeParams({ id: run.id }));
    expect(bad.status).toBe(400);
    const page = await (await list(apiRequest("/api/playground/runs?q=password"))).json();
    expect(page.items.find((r: { id: string }) => r.id === run.id)).toMatchObject({ voteColumn: 1, targets: ["sim-8b-base", "sim-8b-support-ft"] });
    expect((await getOne(apiRequest("/api/playground/runs/nope"), routeParams({ id: "nope" }))).status).toBe(404);
  });

  it("exports a run as JSON and CSV", async () => {
    const run = await newRun(["sim-8b-base"]);
    const csv = await exportRun(apiRequest(`/api/playground/runs/${run.id}/export?format=csv`), routeParams({ id: run.id }));
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment/);
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^run_id,/);
    const json = await exportRun(apiRequest(`/api/playground/runs/${run.id}/export`), routeParams({ id: run.id }));
    expect((await json.json()).id).toBe(run.id);
  });
});

describe("/api/playground/runs/{id}/judge", () => {
  it("saves a pairwise verdict from the judge model, and refuses unfinished columns", async () => {
    const { POST: judge } = await import("./[id]/judge/route");
    const run = await newRun(["sim-8b-base", "sim-8b-support-ft"]);
    const body = { judgeModel: "sim-8b-base", rubric: "Prefer concise answers", columnA: 0, columnB: 1 };
    const early = await judge(apiRequest(`/api/playground/runs/${run.id}/judge`, { body }), routeParams({ id: run.id }));
    expect(early.status).toBe(422);
    await Promise.all([readEvents(await streamReq(run.id, 0)), readEvents(await streamReq(run.id, 1))]);
    const res = await judge(apiRequest(`/api/playground/runs/${run.id}/judge`, { body }), routeParams({ id: run.id }));
    expect(res.status).toBe(201);
    const verdict = await res.json();
    expect([0, 1, -1]).toContain(verdict.winner);
    expect(typeof verdict.reason).toBe("string");
    const saved: PublicRun = await (await getOne(apiRequest(`/api/playground/runs/${run.id}`), routeParams({ id: run.id }))).json();
    expect(saved.verdicts).toHaveLength(1);
    const same = await judge(apiRequest(`/api/playground/runs/${run.id}/judge`, { body: { ...body, columnB: 0 } }), routeParams({ id: run.id }));
    expect(same.status).toBe(400);
  });
});
