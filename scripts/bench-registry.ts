// npm run bench:registry — seed 10,000 models into a scratch database and time the list API for the queries
// the UI sends: over HTTP against `next start` (the build in NEXT_DIST_DIR, default .next; run `npm run build`
// first) with the master key, and in-process (query validation, count + page query, row → public model, JSON),
// which shows how much of it is the database. Fails (exit 1) when an HTTP p95 is over the budget.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { createDb } from "@/lib/server/db";
import { migrateDeploy } from "@/lib/server/migrate";
import { encodeTags, listModels } from "@/lib/models/server/models";
import { ModelListQuerySchema } from "@/lib/models/schema";
import { ROOT, startProcess, stopAll, waitFor } from "./bench-support";

const COUNT = Number(process.env.BENCH_MODELS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BUDGET_P95_MS = 50;
const PORT = Number(process.env.BENCH_PORT ?? 3395);
const MASTER_KEY = "sk-bench-master-key-0001";

const PROVIDERS = ["openai", "azure", "vertex_ai", "hosted_vllm", "together_ai", "simulator"] as const;
const BASES = ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gemini-2.0-flash-001", "llama-3.1-8b", "tb-sim-8b"];
const TAGS = ["prod", "staging", "support", "sql", "claims", "eval", "canary", "legal"];

const QUERIES: Array<[string, Record<string, string>]> = [
  ["first page, by name", {}],
  ["search 'support'", { q: "support" }],
  ["provider=openai", { provider: "openai" }],
  ["kind=fine_tuned & tag=prod", { kind: "fine_tuned", tag: "prod" }],
  ["baseModel filter", { baseModel: "llama-3.1-8b" }],
  ["newest first", { sort: "createdAt", order: "desc" }],
  ["page 300 of 400", { page: "300" }],
  ["100 per page, by base model", { pageSize: "100", sort: "baseModel" }],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tunebench-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  migrateDeploy(url);
  const db = createDb(url);
  try {
    const t0 = performance.now();
    const start = Date.UTC(2025, 0, 1);
    for (let i = 0; i < COUNT; i += 1000) {
      await db.model.createMany({
        data: Array.from({ length: Math.min(1000, COUNT - i) }, (_, j) => {
          const n = i + j;
          const fine = n % 3 !== 0;
          const base = BASES[n % BASES.length];
          return {
            name: `model-${String(n).padStart(5, "0")}-${fine ? "ft" : "base"}`,
            provider: PROVIDERS[n % PROVIDERS.length],
            modelId: fine ? `ft:${base}:acme:${TAGS[n % TAGS.length]}-${n}:x${n.toString(36)}` : base,
            kind: fine ? "fine_tuned" : "base",
            baseModel: base,
            description: n % 7 === 0 ? "Support answers in the house tone" : "Bench model",
            tags: encodeTags([TAGS[n % TAGS.length], TAGS[(n * 7) % TAGS.length]]),
            createdAt: new Date(start + n * 60_000),
          };
        }),
      });
    }
    console.log(`Seeded ${COUNT.toLocaleString()} models in ${Math.round(performance.now() - t0)} ms (${url.replace("file:", "")})`);

    const distDir = process.env.NEXT_DIST_DIR || ".next";
    if (!fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"))) throw new Error(`No production build in ${distDir}: run npm run build first`);
    startProcess("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      DATABASE_URL: url,
      DATA_DIR: dir,
      MASTER_KEY,
      SIMULATOR_DISABLED: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    });
    await waitFor(`http://127.0.0.1:${PORT}/api/health`);
    const pool = new Agent({ keepAliveTimeout: 30_000 });
    const overHttp = async (raw: Record<string, string>) => {
      const res = await request(`http://127.0.0.1:${PORT}/api/models?${new URLSearchParams(raw)}`, {
        headers: { authorization: `Bearer ${MASTER_KEY}` },
        dispatcher: pool,
      });
      const body = (await res.body.json()) as { total: number };
      if (res.statusCode !== 200) throw new Error(`GET /api/models answered ${res.statusCode}`);
      return body.total;
    };
    const inProcess = async (raw: Record<string, string>) => {
      const page = await listModels(db, ModelListQuerySchema.parse(raw));
      JSON.stringify(page);
      return page.total;
    };
    const time = async (fn: (raw: Record<string, string>) => Promise<number>, raw: Record<string, string>) => {
      const times: number[] = [];
      let total = 0;
      for (let r = 0; r < RUNS + 10; r++) {
        const s = performance.now();
        total = await fn(raw);
        if (r >= 10) times.push(performance.now() - s); // first runs warm the statement cache
      }
      times.sort((a, b) => a - b);
      return { total, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
    };

    let failed = false;
    const f = (n: number) => n.toFixed(1).padStart(8);
    console.log(`\n${"".padEnd(39)}${"GET /api/models over HTTP".padEnd(27)} in-process (DB + JSON)`);
    console.log(`${"query".padEnd(32)} ${"total".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}   ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
    for (const [label, raw] of QUERIES) {
      const http = await time(overHttp, raw);
      const local = await time(inProcess, raw);
      if (http.total !== local.total) throw new Error(`${label}: HTTP total ${http.total} ≠ in-process ${local.total}`);
      const over = http.p95 > BUDGET_P95_MS;
      if (over) failed = true;
      console.log(`${label.padEnd(32)} ${String(http.total).padStart(6)} ${f(http.p50)} ${f(http.p95)} ${f(http.max)}   ${f(local.p50)} ${f(local.p95)}${over ? "  over budget" : ""}`);
    }
    console.log(failed ? `\nFAIL: an HTTP p95 is over ${BUDGET_P95_MS} ms` : `\nOK: every HTTP p95 ≤ ${BUDGET_P95_MS} ms`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    stopAll();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
