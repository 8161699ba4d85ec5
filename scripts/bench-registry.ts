// npm run bench:registry — seed 10,000 models into a scratch database and time the list API's work
// (query validation, filtered count + page query, row → public model, JSON) for the queries the UI sends.
// Fails (exit 1) when any p95 is over the budget.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "@/lib/server/db";
import { migrateDeploy } from "@/lib/server/migrate";
import { encodeTags, listModels } from "@/lib/server/models";
import { ModelListQuerySchema } from "@/lib/models/schema";

const COUNT = Number(process.env.BENCH_MODELS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BUDGET_P95_MS = 50;

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

    let failed = false;
    console.log(`\n${"query".padEnd(32)} ${"total".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`);
    for (const [label, raw] of QUERIES) {
      const times: number[] = [];
      let total = 0;
      for (let r = 0; r < RUNS + 10; r++) {
        const s = performance.now();
        const page = await listModels(db, ModelListQuerySchema.parse(raw));
        JSON.stringify(page);
        const ms = performance.now() - s;
        if (r >= 10) times.push(ms); // first runs warm the statement cache
        total = page.total;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (p95 > BUDGET_P95_MS) failed = true;
      console.log(
        `${label.padEnd(32)} ${String(total).padStart(6)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)}${p95 > BUDGET_P95_MS ? "  over budget" : ""}`,
      );
    }
    console.log(failed ? `\nFAIL: a p95 is over ${BUDGET_P95_MS} ms` : `\nOK: every p95 ≤ ${BUDGET_P95_MS} ms`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
