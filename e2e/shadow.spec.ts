import OpenAI from "openai";
import { expect, test } from "./fixtures";
import { Api } from "./pages/groups-page";
import { ShadowPage } from "./pages/shadow-page";

// Shadow traffic to a guarded rollout in the browser: traffic is sent with the official openai client through
// /v1 of the same server, and the candidate is made to fail with its simulator failure setting.

/** Sends requests one after another until stopped; the rollout's guards need a steady stream. */
function trafficLoop(client: OpenAI, model: string) {
  let stop = false;
  let sent = 0;
  const done = (async () => {
    while (!stop) {
      await client.chat.completions.create({ model, messages: [{ role: "user", content: `How do I reset my password? (${sent})` }], max_tokens: 16 }).catch(() => undefined);
      sent++;
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  return { stop: async () => ((stop = true), await done), sent: () => sent };
}

test("shadow a candidate, compare it, roll it out step by step, and watch a guard roll it back", async ({ page, request, baseURL, signedIn: _ }) => {
  test.setTimeout(120_000);
  const api = new Api(request);
  await api.post("/api/models", { name: "prod-e2e", model: "tb-sim-8b", provider: "simulator", inputPricePerMTok: 0.15, outputPricePerMTok: 0.6, simulator: { latencyMs: 5, ttftMs: 5 } });
  await api.post("/api/models", { name: "cand-e2e", model: "ft:tb-sim-8b:acme:support:sim01", provider: "simulator", inputPricePerMTok: 0.3, outputPricePerMTok: 1.2, simulator: { latencyMs: 20, ttftMs: 5 } });
  const group = await api.post<{ id: string }>("/api/groups", { name: "support-live", members: [{ modelId: "prod-e2e" }], retries: 3, allowedFails: 1000 });
  const key = await api.post<{ key: string }>("/api/keys", { name: "shadow-e2e", logPrompts: true });
  const client = new OpenAI({ apiKey: key.key, baseURL: `${baseURL}/v1`, maxRetries: 0 });

  const shadow = new ShadowPage(page);
  await shadow.goto(group.id, "support-live");

  // 1. Add a shadow candidate at 100%.
  await shadow.addCandidate("cand-e2e", 100);

  // 2. Send traffic: every call is answered by production, and mirrored to the candidate.
  for (let i = 0; i < 8; i++) {
    const res = await client.chat.completions.create({ model: "support-live", messages: [{ role: "user", content: `Where is my order ${i}?` }], max_tokens: 16 }).withResponse();
    expect(res.response.headers.get("x-tunebench-served-by")).toBe("prod-e2e");
  }

  // 3. The comparison fills in: eight pairs, no errors on either side, the answers to read.
  await expect(shadow.candidate("cand-e2e")).toContainText("8 pairs", { timeout: 15_000 });
  await expect(shadow.metric("cand-e2e", "Error rate", "Candidate")).toHaveText("0.0%");
  await expect(shadow.metric("cand-e2e", "Requests", "Production")).toHaveText("8");
  await expect(shadow.metric("cand-e2e", "Latency p50", "Candidate")).toHaveText(/\d+ ms/);
  await expect(shadow.metric("cand-e2e", "Cost per 1,000", "Candidate")).toHaveText(/\$/);
  await shadow.candidate("cand-e2e").getByText(/Disagreements/).click();
  await expect(shadow.candidate("cand-e2e").getByRole("list", { name: "Disagreements for cand-e2e" })).toContainText("Where is my order");

  // 4. Start a rollout: 25% → 50% → 100%, four seconds a step, rolled back above 20% errors.
  const traffic = trafficLoop(client, "support-live");
  try {
    await shadow.startRollout({ model: "cand-e2e", steps: "25, 50, 100", holdSeconds: 4, maxErrorRatePercent: 20, minRequests: 3 });
    await expect(shadow.rolloutStatus).toHaveText("Step 1 of 3: 25% of traffic");

    // 5. Watch it step.
    await expect(shadow.rolloutStatus).toHaveText("Step 2 of 3: 50% of traffic", { timeout: 20_000 });

    // 6. The candidate starts failing; a guard rolls the rollout back and says why.
    await api.setFailure("cand-e2e", "server_error");
    await expect(shadow.rollout.getByRole("alert")).toContainText(/Rolled back: .*Error rate .* above the 20\.0% guard/, { timeout: 20_000 });
    await expect(shadow.rollout).toContainText("rolled back");
  } finally {
    await traffic.stop();
  }
  // The members are as they were before the rollout, and the group's version moved with each change.
  const after = await api.get<{ members: Array<{ modelName: string; enabled: boolean }>; version: number }>(`/api/groups/${group.id}`);
  expect(after.members.map((m) => m.modelName)).toEqual(["prod-e2e"]);
  expect(after.version).toBeGreaterThan(3);
  await expect(page.getByText(`Routing group · version ${after.version}`)).toBeVisible();
});
