import { afterAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { getDb } from "@/lib/server/db";
import { getEvalRunner } from "@/lib/evals/server/runner";
import { useSimulator } from "@/test/simulator";
import type { DatasetDetail, EvalRunDetail } from "@/lib/evals/types";
import { parseCsv } from "@/lib/playground/batch-parse";
import { POST as importDataset } from "../datasets/route";
import { POST as addVersion } from "../datasets/[id]/versions/route";
import { GET as exportDataset } from "../datasets/[id]/export/route";
import { GET as list, POST as create } from "./route";
import { GET as getOne, PATCH } from "./[id]/route";
import { GET as exportRun } from "./[id]/export/route";
import { GET as compare } from "./compare/route";
import { PUT as vote } from "./[id]/votes/route";

delete process.env.REDIS_URL;
const { db } = useTestDb();
useSimulator({ db, behavior: { latencyMs: 0, ttftMs: 0, tokensPerSecond: 0 } });
afterAll(async () => {
  await getEvalRunner(getDb).stop();
});

const csv = "prompt,reference,tags,product\nHow do I reset {{product}}?,Hold the button for 10 seconds,setup|reset,the router\nWhy is {{product}} slow?,Restart it and check the cable,perf,the modem\n";

async function finished(id: string): Promise<EvalRunDetail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run: EvalRunDetail = await (await getOne(apiRequest(`/api/evals/${id}`), routeParams({ id }))).json();
    if (run.status === "done" || Date.now() > deadline) return run;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("/api/datasets and /api/evals", () => {
  let dataset: DatasetDetail;
  const runBody = () => ({
    name: "base vs ft",
    datasetId: dataset.id,
    targets: [{ type: "model", name: "sim-8b-base" }, { type: "model", name: "sim-8b-support-ft" }],
    scorers: [{ kind: "similarity", threshold: 0.2 }, { kind: "length", max: 2000 }],
  });

  it("imports CSV, refuses a bad file whole naming line and field, versions edits and exports", async () => {
    const bad = await importDataset(apiRequest("/api/datasets", { body: { name: "bad", format: "csv", content: "prompt,reference\nfine,ok\n,missing prompt\n" } }));
    expect(bad.status).toBe(400);
    const err = (await bad.json()).error;
    expect(err.message).toMatch(/line 3, messages: Empty prompt/);
    expect(err.issues).toEqual([{ line: 3, field: "messages", message: "Empty prompt" }]);
    expect(await db.dataset.count()).toBe(0);

    const res = await importDataset(apiRequest("/api/datasets", { body: { name: "support", format: "csv", content: csv } }));
    expect(res.status).toBe(201);
    dataset = await res.json();
    expect(dataset).toMatchObject({ latestVersion: 1, caseCount: 2 });
    expect(dataset.cases[0]).toEqual({ messages: [{ role: "user", content: "How do I reset {{product}}?" }], variables: { product: "the router" }, reference: "Hold the button for 10 seconds", tags: ["setup", "reset"] });

    const v2 = await addVersion(apiRequest(`/api/datasets/${dataset.id}/versions`, { body: { cases: [...dataset.cases, { messages: [{ role: "user", content: "Is there a warranty?" }] }] } }), routeParams({ id: dataset.id }));
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ latestVersion: 2, caseCount: 3, versions: [{ number: 2 }, { number: 1 }] });
    const exported = await exportDataset(apiRequest(`/api/datasets/${dataset.id}/export?format=jsonl&version=1`), routeParams({ id: dataset.id }));
    expect((await exported.text()).trim().split("\n")).toHaveLength(2);
  });

  it("validates a run by field", async () => {
    const res = await create(apiRequest("/api/evals", { body: { ...runBody(), targets: [{ type: "model", name: "sim-8b-base" }], scorers: [{ kind: "regex", value: "(" }] } }));
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.fields;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["targets", "scorers.0.value"]));
    const unknown = await create(apiRequest("/api/evals", { body: { ...runBody(), targets: [{ type: "model", name: "sim-8b-base" }, { type: "model", name: "nope" }] } }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields["targets.1.target"]).toBeDefined();
  });

  it("runs on the server, reports, exports, refuses actions on a finished run, and compares two runs", async () => {
    const res = await create(apiRequest("/api/evals", { body: runBody() }));
    expect(res.status).toBe(201);
    const first = await finished((await res.json()).id);
    expect(first).toMatchObject({ status: "done", dataset: { version: 2 }, progress: { total: 6, done: 6 } });
    expect(first.report[1].vsBaseline?.decisions).toBeGreaterThan(0);
    expect((await (await list(apiRequest("/api/evals"))).json()).items[0].id).toBe(first.id);
    expect((await PATCH(apiRequest(`/api/evals/${first.id}`, { method: "PATCH", body: { action: "pause" } }), routeParams({ id: first.id }))).status).toBe(409);
    const csvOut = await (await exportRun(apiRequest(`/api/evals/${first.id}/export?format=csv`), routeParams({ id: first.id }))).text();
    expect(csvOut.split("\n")[0]).toBe("case,prompt,reference,target,output,error,latency_ms,passed,scored,vs_baseline");
    expect(parseCsv(csvOut)).toHaveLength(7); // a header and 3 cases × 2 targets (answers span lines, quoted)

    // Human votes count beside the scorers: two for the fine-tune, one tie.
    const put = (body: unknown) => vote(apiRequest(`/api/evals/${first.id}/votes`, { method: "PUT", body }), routeParams({ id: first.id }));
    expect((await put({ caseIndex: 0, winner: 1 })).status).toBe(200);
    expect((await put({ caseIndex: 1, winner: -1 })).status).toBe(200);
    expect((await put({ caseIndex: 2, winner: 0 })).status).toBe(200);
    const voted: EvalRunDetail = await (await put({ caseIndex: 2, winner: 1 })).json();
    expect(voted.cases.map((c) => c.vote)).toEqual([1, -1, 1]);
    expect(voted.report[1].vsBaselineVotes).toMatchObject({ source: "votes", wins: 2, losses: 0, ties: 1 });
    expect(voted.report[0].vsBaselineVotes).toBeNull();
    const badVote = await put({ caseIndex: 7, winner: 1 });
    expect(badVote.status).toBe(400);
    expect((await badVote.json()).error.fields.caseIndex).toBeDefined();
    expect((await (await put({ caseIndex: 2, winner: null })).json()).cases[2].vote).toBeNull();

    const second = await finished((await (await create(apiRequest("/api/evals", { body: { ...runBody(), name: "again" } }))).json()).id);
    const cmp = await compare(apiRequest(`/api/evals/compare?a=${first.id}&aTarget=0&b=${second.id}&bTarget=1`));
    expect(cmp.status).toBe(200);
    const body = await cmp.json();
    expect(body).toMatchObject({ a: { target: "sim-8b-base" }, b: { target: "sim-8b-support-ft" }, cases: 3 });
    expect(body.scorers).toHaveLength(2);
    expect(body.comparison.decisions).toBe(3);

    // Same target, same deterministic simulator: every case ties, and nothing is significant.
    const same = await (await compare(apiRequest(`/api/evals/compare?a=${first.id}&aTarget=1&b=${second.id}&bTarget=1`))).json();
    expect(same.comparison).toMatchObject({ wins: 0, losses: 0, ties: 3, verdict: "no_data" });
  });
});
