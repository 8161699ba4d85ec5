// npm run bench:playground — (1) six columns in parallel vs the slowest column alone, (2) the playground's TTFT
// overhead over a direct streamed call to the standalone simulator. The real route handlers serve over loopback
// HTTP (node:http, SSE), on a fresh migrated SQLite file; the simulator is a standalone HTTP server too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { median, startStandaloneSimulator } from "./bench-support";

// Route modules import "server-only", which only resolves outside React Server Components with this condition.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit", env: process.env });
  process.exit(child.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TTFT_ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const MASTER_KEY = "sk-bench-playground-0001";
const MAX_TOKENS = 96;
const PROMPT = "A customer says the invoice total is wrong after the plan upgrade. What should support check?";

/** Six simulator columns with different speeds; all answer the same text (same model id and prompt). */
const COLUMNS = [
  { name: "bench-a", ttftMs: 80, tokensPerSecond: 400 },
  { name: "bench-b", ttftMs: 120, tokensPerSecond: 300 },
  { name: "bench-c", ttftMs: 160, tokensPerSecond: 250 },
  { name: "bench-d", ttftMs: 200, tokensPerSecond: 200 },
  { name: "bench-e", ttftMs: 240, tokensPerSecond: 160 },
  { name: "bench-f", ttftMs: 300, tokensPerSecond: 120 },
];

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tb-bench-playground-"));
  const url = `file:${path.join(dir, "app.db")}`;
  Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: dir, MASTER_KEY, SIMULATOR_DISABLED: "1" });

  const { migrateDeploy } = await import("@/lib/server/migrate");
  const { getDb } = await import("@/lib/server/db");
  const { seedIfEmpty } = await import("@/lib/models/server/seed");
  const runs = await import("@/app/api/playground/runs/route");
  const column = await import("@/app/api/playground/runs/[id]/columns/[n]/stream/route");

  migrateDeploy(url);
  const sim = await startStandaloneSimulator();
  process.env.SIMULATOR_URL = sim.url;
  const db = getDb();
  await seedIfEmpty(db);
  for (const c of COLUMNS) {
    await db.model.create({ data: { name: c.name, provider: "simulator", modelId: "tb-sim-8b", inputPricePerMTok: 0.15, outputPricePerMTok: 0.6, simulatorJson: JSON.stringify({ ttftMs: c.ttftMs, tokensPerSecond: c.tokensPerSecond }) } });
  }
  await db.model.create({ data: { name: "bench-instant", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ ttftMs: 0, tokensPerSecond: 0 }) } });

  // The app's route handlers behind a plain HTTP server: same code path as `next start` minus Next's router.
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const request = new Request(u, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: abort.signal });
    let response: Response;
    const m = u.pathname.match(/^\/api\/playground\/runs\/([^/]+)\/columns\/(\d+)\/stream$/);
    if (u.pathname === "/api/playground/runs" && req.method === "POST") response = await (runs.POST as Handler)(request);
    else if (m && req.method === "POST") response = await (column.POST as Handler)(request, { params: Promise.resolve({ id: m[1], n: m[2] }) });
    else response = new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) {
      const reader = response.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) res.write(r.value);
    }
    res.end();
  });
  server.on("connection", (socket) => socket.setNoDelay(true));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const auth = { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" };

  async function createRun(names: string[]): Promise<string> {
    const res = await fetch(`${base}/api/playground/runs`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ messages: [{ role: "user", content: PROMPT }], columns: names.map((name) => ({ target: { type: "model", name }, params: { max_tokens: MAX_TOKENS, seed: 1 } })) }),
    });
    if (res.status !== 201) throw new Error(`create run: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  /** Streams one column; returns ms to the first delta event and to the end of the stream, from the request. */
  async function streamColumn(id: string, n: number, t0 = performance.now()): Promise<{ ttft: number; total: number; ok: boolean; upstreamMs: number }> {
    const res = await fetch(`${base}/api/playground/runs/${id}/columns/${n}/stream`, { method: "POST", headers: auth });
    const headersAt = performance.now() - t0;
    let doneAt = NaN;
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let ttft = NaN;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
      if (Number.isNaN(ttft) && text.includes("event: delta")) ttft = performance.now() - t0;
      if (Number.isNaN(doneAt) && text.includes("event: done")) doneAt = performance.now() - t0;
    }
    const total = performance.now() - t0;
    const done = text.match(/event: done\ndata: (.*)\n/);
    const upstreamMs = done ? (JSON.parse(done[1]) as { result: { metrics: { latencyMs: number } } }).result.metrics.latencyMs : NaN;
    if (process.env.BENCH_DEBUG) console.log(`  col ${n}: headers ${headersAt.toFixed(1)} first ${ttft.toFixed(1)} done-event ${doneAt.toFixed(1)} closed ${total.toFixed(1)} upstream ${upstreamMs}`);
    return { ttft, total, ok: !!done, upstreamMs };
  }

  // (1) Parallelism.
  const aloneBy: Record<string, number[]> = {};
  const parallel: number[] = [];
  const ratios: number[] = [];
  const upstreamAlone: number[] = [];
  const upstreamParallel: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const alone: number[] = [];
    for (const c of COLUMNS) {
      const id = await createRun([c.name]);
      const r = await streamColumn(id, 0);
      if (!r.ok) throw new Error(`${c.name} failed`);
      alone.push(r.total);
      if (round) (aloneBy[c.name] ??= []).push(r.total);
      if (round && c === COLUMNS[COLUMNS.length - 1]) upstreamAlone.push(r.upstreamMs);
    }
    const id = await createRun(COLUMNS.map((c) => c.name));
    const t0 = performance.now();
    const all = await Promise.all(COLUMNS.map((_, n) => streamColumn(id, n, t0)));
    if (!all.every((r) => r.ok)) throw new Error("a parallel column failed");
    const wall = performance.now() - t0;
    if (round === 0) continue; // warm-up
    parallel.push(wall);
    upstreamParallel.push(all[all.length - 1].upstreamMs);
    ratios.push(wall / Math.max(...alone));
  }
  const slowest = COLUMNS.map((c) => ({ name: c.name, ms: median(aloneBy[c.name]) })).sort((a, b) => b.ms - a.ms)[0];

  // (2) TTFT overhead, interleaved: direct streamed fetch to the simulator vs the playground column stream.
  const direct: number[] = [];
  const viaPlayground: number[] = [];
  const simBody = JSON.stringify({ model: "tb-sim-8b", messages: [{ role: "user", content: PROMPT }], max_tokens: MAX_TOKENS, seed: 1, stream: true, stream_options: { include_usage: true } });
  for (let i = 0; i < TTFT_ITERATIONS + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(`${sim.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sim" }, body: simBody });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let ttft = NaN;
    let buf = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      if (Number.isNaN(ttft) && /"content":"[^"]/.test(buf)) ttft = performance.now() - t0;
    }
    const id = await createRun(["bench-instant"]);
    const r = await streamColumn(id, 0);
    if (i >= 5) {
      direct.push(ttft);
      viaPlayground.push(r.ttft);
    }
  }

  console.log(`bench:playground — Node ${process.version}, ${os.cpus().length} CPUs, ${ROUNDS} rounds (+1 warm-up), max_tokens ${MAX_TOKENS}`);
  console.log(`columns: ${COLUMNS.map((c) => `${c.name} ttft ${c.ttftMs} ms @ ${c.tokensPerSecond} tok/s`).join("; ")}`);
  console.log(`[1] slowest column alone (${slowest.name}): median ${slowest.ms.toFixed(1)} ms`);
  console.log(`[1] six columns in parallel (until the last one ends): median ${median(parallel).toFixed(1)} ms`);
  console.log(`[1] ratio parallel / slowest alone: median ${median(ratios).toFixed(3)}x, worst ${Math.max(...ratios).toFixed(3)}x (target ≤ 1.05x) → ${median(ratios) <= 1.05 ? "PASS" : "FAIL"}`);
  console.log(`[1] slowest column's upstream call as timed by the core: alone ${median(upstreamAlone).toFixed(1)} ms, in parallel ${median(upstreamParallel).toFixed(1)} ms`);
  console.log(`[2] TTFT direct to simulator:  p50 ${median(direct).toFixed(2)} ms, p95 ${p(direct, 0.95).toFixed(2)} ms (${direct.length} requests)`);
  console.log(`[2] TTFT through playground:   p50 ${median(viaPlayground).toFixed(2)} ms, p95 ${p(viaPlayground, 0.95).toFixed(2)} ms`);
  console.log(`[2] playground TTFT overhead:  p50 +${(median(viaPlayground) - median(direct)).toFixed(2)} ms (${(median(viaPlayground) / median(direct)).toFixed(2)}x)`);

  server.close();
  await sim.close();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
