import { describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { percentile } from "@/lib/usage/server/usage";
import { GET } from "./route";
import { GET as requests } from "./requests/route";

const { db } = useTestDb();

const row = (over: Record<string, unknown>) => ({
  source: "gateway",
  status: 200,
  ok: true,
  latencyMs: 100,
  costUsd: 0.001,
  tokensIn: 10,
  tokensOut: 5,
  modelName: "sim-a",
  groupName: "g1",
  ...over,
});

describe("/api/usage", () => {
  it("computes nearest-rank percentiles", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
  });

  it("buckets requests, cost, latency percentiles and errors per model and per group", async () => {
    const now = Date.now();
    await db.requestLog.createMany({
      data: [
        ...Array.from({ length: 20 }, (_, i) => row({ latencyMs: (i + 1) * 10, createdAt: new Date(now - 60_000) })),
        row({ modelName: "sim-b", ok: false, status: 502, errorKind: "upstream_unavailable", costUsd: null, createdAt: new Date(now - 60_000) }),
        row({ modelName: "sim-b", groupName: null, createdAt: new Date(now - 3 * 3_600_000) }),
        row({ source: "playground", createdAt: new Date(now - 60_000) }),
        row({ createdAt: new Date(now - 3 * 86_400_000) }),
      ],
    });
    const res = await GET(apiRequest("/api/usage?range=24h&by=model"));
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.points).toHaveLength(24);
    expect(report.total).toMatchObject({ requests: 22, errors: 1, p50Ms: 100, p95Ms: 190 });
    expect(report.names).toEqual(["sim-a", "sim-b"]);
    const a = report.summary.find((s: { name: string }) => s.name === "sim-a");
    expect(a.costUsd).toBeCloseTo(0.02);
    const at = now - 60_000;
    const bucket = report.points.find((p: { t: number }) => p.t <= at && at < p.t + report.bucketMs);
    expect(bucket.byName["sim-b"]).toMatchObject({ requests: 1, errors: 1 });

    const byGroup = await (await GET(apiRequest("/api/usage?range=24h&by=group"))).json();
    expect(byGroup.names).toEqual(["g1", "(no group)"]);
    const all = await (await GET(apiRequest("/api/usage?range=24h&source=all"))).json();
    expect(all.total.requests).toBe(23);
  });

  it("validates the query and needs authentication", async () => {
    expect((await GET(apiRequest("/api/usage?range=1y"))).status).toBe(400);
    expect((await GET(apiRequest("/api/usage", { auth: "none" }))).status).toBe(401);
  });

  it("pages the request log, newest first, with an outcome filter and a bounded page size", async () => {
    const page = await (await requests(apiRequest("/api/usage/requests?pageSize=5"))).json();
    expect(page.items).toHaveLength(5);
    expect(page.total).toBe(24);
    const errors = await (await requests(apiRequest("/api/usage/requests?outcome=error"))).json();
    expect(errors.items.map((r: { errorKind: string }) => r.errorKind)).toEqual(["upstream_unavailable"]);
    expect((await requests(apiRequest("/api/usage/requests?pageSize=1000"))).status).toBe(400);
  });
});
