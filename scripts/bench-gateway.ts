// npm run bench:gateway — the gateway against what a team would compare it with, in one run:
//   the upstream called directly · the Node floor (scripts/bench-node-floor.mjs: parse, one pooled undici call,
//   answer; the limit for any Node gateway here) · Portkey's open-source gateway (@portkey-ai/gateway, a
//   devDependency) · Tunebench (dist/server.mjs, the production build of server.ts) by routing group and by model name · the same
//   group with a shadow candidate: at 10% (instant), and at 100% on a candidate that hangs or answers 500.
// All against the same standalone simulator answering instantly, plain and streamed, at concurrency 1 and 50 (wrk).
// Also: streamed time to first byte, and the server's RSS after 1,000 and 50,000 gateway calls.
// The machine is shared, so targets run in interleaved rounds and each figure is the median over rounds.
// Flags: --duration 4 (s per run) --rounds 3 --port 3390 --write (update docs/benchmarks.md)
//        --only group,shadow10 (a quick run of these paths beside the direct call and the floor, with each proxy's
//        CPU time per request, and the shadow's paired ratio when both are named; no time-to-first-byte or Redis
//        figures, nothing written; for trying a change;
//        "memory" in the list runs the memory measurement)
//        --node-args "--cpu-prof --cpu-prof-dir=/tmp/prof" (extra Node flags for the Tunebench server)
//        --entry dist/server-before.mjs (another build of the server, beside the repo's node_modules: before/after runs)
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Redis from "ioredis";
import { Agent, request } from "undici";
import { createDb } from "@/lib/server/db";
import { cpuMicros, pairedRatios, rssMb, wrk, type Target, type WrkResult } from "./bench-load";
import { median, ROOT, startProcess as start, stopAll, waitFor } from "./bench-support";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "3390" },
    write: { type: "boolean", default: false },
    only: { type: "string" },
    "node-args": { type: "string", default: "" },
    entry: { type: "string", default: "dist/server.mjs" },
  },
});
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
const ONLY = values.only?.split(",").filter(Boolean);
const NODE_ARGS = values["node-args"].split(" ").filter(Boolean);
const SIM_PORT = PORT + 1000;
const FLOOR_PORT = PORT + 1001;
const PORTKEY_PORT = PORT + 1002;
const MASTER_KEY = "sk-bench-master-key-0001";
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const DATA = path.join(ROOT, "data", `bench-gateway-${PORT}`);
/**
 * The 10% shadow against its group, paired (bench-load.ts pairedRatios): ten alternating pairs of 3 s runs. With six,
 * the median of runs of the same code spread over 84–106% on this shared machine.
 */
const SHADOW_PAIRS = 10;
const PAIR_SECONDS = 3;

const messages = [
  { role: "system", content: "You are a support assistant." },
  { role: "user", content: "My order has not arrived, what can I do?" },
];

const client = new Agent({ keepAliveTimeout: 4_000, connections: 64 });

async function call(t: Target): Promise<number> {
  const res = await request(t.url, { method: "POST", headers: { "content-type": "application/json", ...t.headers }, body: JSON.stringify(t.body), dispatcher: client });
  await res.body.dump();
  return res.statusCode;
}

/** `n` calls, `concurrency` at a time, from this process (the server's RSS is read between batches). */
async function burst(t: Target, n: number, concurrency = 50): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const status = await call(t);
      if (status !== 200) throw new Error(`${t.name} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Median time to the first streamed byte over `n` sequential calls (ms). */
async function ttfb(t: Target, n = 300): Promise<number> {
  // Its own pool: wrk runs through spawnSync, which blocks this event loop for the whole round, so the shared
  // pool's idle sockets can be closed by the server unnoticed ("other side closed" / EPIPE on reuse).
  const fresh = new Agent({ keepAliveTimeout: 4_000, connections: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const res = await request(t.url, { method: "POST", headers: { "content-type": "application/json", ...t.headers }, body: JSON.stringify(t.body), dispatcher: fresh });
      let first: number | undefined;
      for await (const _ of res.body) first ??= performance.now() - started;
      samples.push(first ?? Infinity);
    }
  } finally {
    await fresh.close();
  }
  return median(samples);
}

/**
 * Memory: the server's RSS after the first 1,000 gateway calls, then after 50,000. Each is read after 3 s without
 * traffic, when V8 has collected what the burst left (the same for both), so the ratio shows what is kept, not
 * where the last collection happened to fall; the peak during the run is reported beside it.
 */
async function measureMemory(pid: number, target: Target): Promise<{ rss1k: number; rss50k: number; rssPeak: number }> {
  let rssPeak = 0;
  const sampler = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, rssMb(pid));
    } catch {
      /* reported by the next read outside the sampler */
    }
  }, 100);
  const settle = () => new Promise((r) => setTimeout(r, 3_000));
  await burst(target, 1_000);
  await settle();
  const rss1k = rssMb(pid);
  await burst(target, 49_000);
  await settle();
  const rss50k = rssMb(pid);
  clearInterval(sampler);
  console.error(`memory: RSS ${rss1k.toFixed(0)} MB after 1,000 calls, ${rss50k.toFixed(0)} MB after 50,000 (${(rss50k / rss1k).toFixed(2)}×), peak ${rssPeak.toFixed(0)} MB`);
  return { rss1k, rss50k, rssPeak };
}

/**
 * A Tunebench server on a fresh database with an instant simulator model, a one-member group over it, and the same
 * group with an rpm limit too high to reach (so every call passes the limit check), plus a virtual key.
 */
async function startInstance(port: number, dataDir: string, env: Record<string, string>): Promise<{ app: ChildProcess; key: string }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const instanceEnv = { ...env, DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "app.db")}` };
  const prep = spawnSync("npx", ["tsx", "scripts/prepare-db.ts"], { cwd: ROOT, env: { ...process.env, ...instanceEnv }, stdio: "inherit" });
  if (prep.status !== 0) throw new Error("prepare-db failed");
  // The gateway's own cost is what is left above an instant upstream.
  const db = createDb(instanceEnv.DATABASE_URL);
  const model = await db.model.create({
    data: { name: "bench-sim", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", inputPricePerMTok: 0.15, outputPricePerMTok: 0.6, simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) },
  });
  await db.routingGroup.create({ data: { name: "bench-group", members: { create: [{ modelId: model.id }] } } });
  await db.routingGroup.create({ data: { name: "bench-group-rpm", members: { create: [{ modelId: model.id, rpm: 2_000_000_000 }] } } });
  // The same group with a shadow candidate: what mirroring costs the primary (issue 16).
  const shadowModel = async (name: string, behaviour: object) =>
    (await db.model.create({ data: { name, provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", inputPricePerMTok: 0.15, outputPricePerMTok: 0.6, simulatorJson: JSON.stringify(behaviour) } })).id;
  const shadowGroup = async (name: string, candidateId: string, sampleRate: number) =>
    db.routingGroup.create({ data: { name, members: { create: [{ modelId: model.id }] }, shadowJson: JSON.stringify({ candidates: [{ modelId: candidateId, sampleRate, timeoutMs: 5_000, maxConcurrent: 20 }], judge: null }) } });
  await shadowGroup("bench-shadow-10", await shadowModel("bench-cand", { latencyMs: 0, ttftMs: 0 }), 10);
  await shadowGroup("bench-shadow-hang", await shadowModel("bench-cand-hang", { failure: "hang" }), 100);
  await shadowGroup("bench-shadow-500", await shadowModel("bench-cand-500", { failure: "server_error" }), 100);
  await db.$disconnect();
  const url = `http://127.0.0.1:${port}`;
  const app = start("node", [...NODE_ARGS, values.entry, "-p", String(port), "-H", "127.0.0.1"], instanceEnv);
  await waitFor(`${url}/api/health`);
  const created = await fetch(`${url}/api/keys`, { method: "POST", headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ name: "bench" }) });
  if (created.status !== 201) throw new Error(`could not create a key: ${created.status}`);
  return { app, key: ((await created.json()) as { key: string }).key };
}

async function main() {
  if (spawnSync("wrk", ["--version"]).error) throw new Error("wrk is not installed (Debian: apt-get install wrk)");
  if (!fs.existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")) || !fs.existsSync(path.join(ROOT, "dist", "server.mjs"))) {
    throw new Error("no production build: run `npm run build` first");
  }
  const env = { MASTER_KEY, SIMULATOR_URL: SIM, NEXT_TELEMETRY_DISABLED: "1" };

  start("npx", ["tsx", "scripts/simulator.ts", "--port", String(SIM_PORT)], {});
  const floorProc = start("node", ["scripts/bench-node-floor.mjs", String(FLOOR_PORT), SIM], {});
  const portkeyProc = start("node", ["node_modules/@portkey-ai/gateway/build/start-server.js", `--port=${PORTKEY_PORT}`, "--headless"], {});
  await Promise.all([waitFor(`${SIM}/v1/models`), waitFor(`http://127.0.0.1:${PORTKEY_PORT}/`)]);
  const { app, key } = await startInstance(PORT, DATA, env);
  const APP = `http://127.0.0.1:${PORT}`;

  const base = { messages, max_tokens: 16 };
  const streamed = { stream: true, stream_options: { include_usage: true } };
  const bearer = (k: string) => ({ Authorization: `Bearer ${k}` });
  const portkey = { ...bearer("sim"), "x-portkey-provider": "openai", "x-portkey-custom-host": `${SIM}/v1` };
  const PATHS = {
    direct: (extra: object): Target => ({ name: "upstream direct", url: `${SIM}/v1/chat/completions`, body: { model: "tb-sim-8b", ...base, ...extra }, headers: bearer("sim") }),
    floor: (extra: object): Target => ({ name: "Node floor", url: `http://127.0.0.1:${FLOOR_PORT}/`, body: { model: "tb-sim-8b", ...base, ...extra }, headers: bearer("sim") }),
    portkey: (extra: object): Target => ({ name: "Portkey 1.15.2", url: `http://127.0.0.1:${PORTKEY_PORT}/v1/chat/completions`, body: { model: "tb-sim-8b", ...base, ...extra }, headers: portkey }),
    group: (extra: object): Target => ({ name: "Tunebench → group", url: `${APP}/v1/chat/completions`, body: { model: "bench-group", ...base, ...extra }, headers: bearer(key) }),
    model: (extra: object): Target => ({ name: "Tunebench → model", url: `${APP}/v1/chat/completions`, body: { model: "bench-sim", ...base, ...extra }, headers: bearer(key) }),
    shadow10: (extra: object): Target => ({ name: "group + shadow 10%", url: `${APP}/v1/chat/completions`, body: { model: "bench-shadow-10", ...base, ...extra }, headers: bearer(key) }),
    shadowHang: (extra: object): Target => ({ name: "group + shadow 100% hanging", url: `${APP}/v1/chat/completions`, body: { model: "bench-shadow-hang", ...base, ...extra }, headers: bearer(key) }),
    shadow500: (extra: object): Target => ({ name: "group + shadow 100% failing 500", url: `${APP}/v1/chat/completions`, body: { model: "bench-shadow-500", ...base, ...extra }, headers: bearer(key) }),
  };
  type PathId = keyof typeof PATHS;
  const pathIds = (Object.keys(PATHS) as PathId[]).filter((p) => !ONLY || p === "direct" || p === "floor" || ONLY.includes(p));
  const modes = { plain: {}, stream: streamed } as const;
  type Mode = keyof typeof modes;
  const all: Array<{ id: string; mode: Mode; path: PathId; t: Target }> = [];
  for (const mode of Object.keys(modes) as Mode[]) for (const p of pathIds) all.push({ id: `${mode}.${p}`, mode, path: p, t: PATHS[p](modes[mode]) });

  // Sanity: every target answers 200 before anything is timed. Portkey 1.15.2 answers every streamed call with a
  // 500 on Node 20 (its response hook appends to fetch's immutable headers: "TypeError: immutable"); that row is
  // reported as unavailable rather than stopping the run.
  const broken = new Set<string>();
  for (const { t, id, path: p } of all) {
    const status = await call(t);
    if (status === 200) continue;
    if (p !== "portkey") throw new Error(`${t.name} (${id}) answered ${status}`);
    broken.add(id);
    console.error(`${t.name} (${id}) answered ${status}: left out of this run`);
  }
  const targets = all.filter((t) => !broken.has(t.id));
  if (ONLY?.includes("memory")) await measureMemory(app.pid!, PATHS.group({}));
  if (ONLY) return ONLY.some((o) => o !== "memory") ? quickRun(targets, { floor: floorProc.pid!, portkey: portkeyProc.pid!, tunebench: app.pid! }) : stopAll();

  const { rss1k, rss50k, rssPeak } = await measureMemory(app.pid!, PATHS.group({}));

  for (const { t } of targets) wrk(t, 10, 2); // warm-up: JIT, connection pools, caches

  const samples = new Map<string, { c1: WrkResult[]; c50: WrkResult[] }>();
  const ttfbSamples = { direct: [] as number[], floor: [] as number[], group: [] as number[] };
  console.error(`bench:gateway — wrk, ${ROUNDS} interleaved rounds of ${DURATION}s per run, concurrency 1 and 50`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { id, t } of targets) {
      const c1 = wrk(t, 1, DURATION);
      const c50 = wrk(t, 50, DURATION);
      for (const r of [c1, c50]) if (r.non2xx) throw new Error(`${t.name} (${id}): ${r.non2xx} of ${r.requests} responses were not 2xx`);
      const s = samples.get(id) ?? { c1: [], c50: [] };
      s.c1.push(c1);
      s.c50.push(c50);
      samples.set(id, s);
      console.error(`  round ${round} ${id.padEnd(14)} c1 p50 ${c1.p50.toFixed(2)} ms p99 ${c1.p99.toFixed(2)} ms · c50 ${c50.rps.toFixed(0)} req/s`);
    }
    for (const k of ["direct", "floor", "group"] as const) ttfbSamples[k].push(await ttfb(PATHS[k](streamed)));
  }
  const shadowPaired = new Map<Mode, ReturnType<typeof pairedRatios>>();
  for (const mode of Object.keys(modes) as Mode[]) shadowPaired.set(mode, pairedRatios(PATHS.group(modes[mode]), PATHS.shadow10(modes[mode]), SHADOW_PAIRS, PAIR_SECONDS));
  const results = new Map<string, { c1: WrkResult; c50: WrkResult }>();
  for (const [id, s] of samples) {
    const med = (rs: WrkResult[]): WrkResult => ({
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      non2xx: 0,
      requests: rs.reduce((a, r) => a + r.requests, 0),
    });
    results.set(id, { c1: med(s.c1), c50: med(s.c50) });
  }

  const f = (n: number, d = 2) => n.toFixed(d);

  // Router state in Redis against in memory, same run: a second instance with REDIS_URL and the same groups.
  // Without limits a call pays no Redis round trip (picking reads local memory kept fresh by pub/sub); a member
  // with an rpm limit pays one script per call, to reserve its request atomically across instances.
  let redisLine = "Router state in Redis: not measured (no Redis at REDIS_URL).";
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  if (await redis.connect().then(() => true, () => false)) {
    const redisPort = PORT + 1;
    const prefix = `tb-bench-${process.pid}:`;
    const { key: redisKey } = await startInstance(redisPort, `${DATA}-redis`, { ...env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix });
    const pair = (group: string): Target[] => [
      { name: `${group} in memory`, url: `${APP}/v1/chat/completions`, body: { model: group, ...base }, headers: bearer(key) },
      { name: `${group} in Redis`, url: `http://127.0.0.1:${redisPort}/v1/chat/completions`, body: { model: group, ...base }, headers: bearer(redisKey) },
    ];
    const shared = [...pair("bench-group"), ...pair("bench-group-rpm")];
    for (const t of shared) wrk(t, 10, 2);
    const p50 = shared.map(() => [] as number[]);
    const rps = shared.map(() => [] as number[]);
    for (let round = 1; round <= ROUNDS; round++) {
      shared.forEach((t, i) => {
        const c1 = wrk(t, 1, DURATION);
        const c50 = wrk(t, 50, DURATION);
        for (const r of [c1, c50]) if (r.non2xx) throw new Error(`${t.name}: ${r.non2xx} of ${r.requests} responses were not 2xx`);
        p50[i].push(c1.p50);
        rps[i].push(c50.rps);
        console.error(`  round ${round} ${t.name.padEnd(26)} c1 p50 ${c1.p50.toFixed(2)} ms · c50 ${c50.rps.toFixed(0)} req/s`);
      });
    }
    const [p, q] = [p50.map(median), rps.map(median)];
    redisLine =
      `Router state in Redis (\`REDIS_URL\`) against in memory, two instances side by side, plain calls through a group: ` +
      `added p50 at concurrency 1 **${f(p[1] - p[0])} ms** (${f(p[0])} → ${f(p[1])} ms; target ≤ 0.3), ${f(q[0], 0)} → ${f(q[1], 0)} req/s at 50; ` +
      `with an rpm limit on the member (one Redis script per call) **${f(p[3] - p[2])} ms** (${f(p[2])} → ${f(p[3])} ms), ${f(q[2], 0)} → ${f(q[3], 0)} req/s.`;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
  const x = (a: number, b: number) => `${f(a / b)}×`;
  const pct = (a: number, b: number) => `${f((100 * a) / b, 0)}%`;
  const lines: string[] = [];
  const cpu = os.cpus();
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim() ?? "unknown CPU"} (${cpu.length} cores visible, ${Math.round(os.totalmem() / 2 ** 30)} GiB), ${os.type()} ${os.release()}, Node ${process.version}; Tunebench is \`dist/server.mjs\` (the production build of \`server.ts\`); wrk 1 thread, median of ${ROUNDS} interleaved rounds of ${DURATION} s per run; load average at the end ${os.loadavg()[0].toFixed(1)}. The simulator answers instantly (latency 0, ttft 0), so everything above its own time is the hop's.`);
  lines.push("");
  lines.push("| mode | path | p50 c1 (ms) | p99 c1 (ms) | added p50 | added p99 | req/s c50 | vs Portkey | vs Node floor |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const mode of Object.keys(modes) as Mode[]) {
    const direct = results.get(`${mode}.direct`)!;
    const pk = results.get(`${mode}.portkey`);
    const floor = results.get(`${mode}.floor`)!;
    for (const p of pathIds) {
      const r = results.get(`${mode}.${p}`);
      if (!r) {
        lines.push(`| ${mode} | ${PATHS[p]({}).name} | fails on every call here (see the note) | | | | | | |`);
        continue;
      }
      const added = p === "direct" ? "—" : `${f(r.c1.p50 - direct.c1.p50)} ms`;
      const addedP99 = p === "direct" ? "—" : `${f(r.c1.p99 - direct.c1.p99)} ms`;
      lines.push(`| ${mode} | ${PATHS[p]({}).name} | ${f(r.c1.p50)} | ${f(r.c1.p99)} | ${added} | ${addedP99} | ${f(r.c50.rps, 0)} | ${pk ? x(r.c50.rps, pk.c50.rps) : "—"} | ${pct(r.c50.rps, floor.c50.rps)} |`);
    }
  }
  const tt = { direct: median(ttfbSamples.direct), floor: median(ttfbSamples.floor), group: median(ttfbSamples.group) };
  lines.push("");
  lines.push(`Streamed time to first byte (median of ${ROUNDS} × 300 sequential calls): upstream direct ${f(tt.direct)} ms, Node floor ${f(tt.floor)} ms, Tunebench → group ${f(tt.group)} ms (**${f(tt.group - tt.direct)} ms added**).`);
  lines.push("");
  lines.push(`Memory: server RSS ${f(rss1k, 0)} MB after the first 1,000 gateway calls, ${f(rss50k, 0)} MB after 50,000 (**${x(rss50k, rss1k)}**), each read after 3 s without traffic; the highest reading during the 50,000 was ${f(rssPeak, 0)} MB (garbage not yet collected).`);
  lines.push("");
  const g = (mode: Mode) => results.get(`${mode}.group`)!;
  const d = (mode: Mode) => results.get(`${mode}.direct`)!;
  lines.push("Targets through a group, this run:");
  for (const mode of Object.keys(modes) as Mode[]) {
    const r = g(mode);
    const pk = results.get(`${mode}.portkey`);
    lines.push(`- ${mode}: ${pk ? x(r.c50.rps, pk.c50.rps) : "n/a ×"} Portkey (target ≥ 2×), ${pct(r.c50.rps, results.get(`${mode}.floor`)!.c50.rps)} of the Node floor (target ≥ 50%), added p50 ${f(r.c1.p50 - d(mode).c1.p50)} ms (≤ 0.5), added p99 ${f(r.c1.p99 - d(mode).c1.p99)} ms (≤ 5)`);
  }
  lines.push(`- TTFB added ${f(tt.group - tt.direct)} ms (≤ 1); RSS ${x(rss50k, rss1k)} (≤ 1.5×)`);
  lines.push("");
  lines.push("Shadow traffic, against the same group without a shadow, this run:");
  for (const mode of Object.keys(modes) as Mode[]) {
    const r = (p: PathId) => results.get(`${mode}.${p}`)!;
    const paired = shadowPaired.get(mode)!;
    lines.push(
      `- ${mode}: at 10% (instant candidate) **${f(100 * paired.median, 1)}%** of the throughput (target ≥ 90%; median of ${SHADOW_PAIRS} paired ${PAIR_SECONDS} s runs against the group, ${f(100 * paired.min, 0)}–${f(100 * paired.max, 0)}%; from the rounds' medians above, ${pct(r("shadow10").c50.rps, g(mode).c50.rps)}); at 100%, p50 c1 ${f(r("shadowHang").c1.p50 - g(mode).c1.p50)} ms with a hanging candidate and ${f(r("shadow500").c1.p50 - g(mode).c1.p50)} ms with one failing 500 (target within 1 ms)`,
    );
  }
  lines.push("");
  lines.push(redisLine);
  const report = lines.join("\n");
  console.log(report);

  if (values.write) {
    const file = path.join(ROOT, "docs", "benchmarks.md");
    const startMark = "<!-- bench:gateway:start -->";
    const endMark = "<!-- bench:gateway:end -->";
    let doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
    const section = `${startMark}\n${report}\n${endMark}`;
    if (doc.includes(startMark) && doc.includes(endMark)) doc = doc.slice(0, doc.indexOf(startMark)) + section + doc.slice(doc.indexOf(endMark) + endMark.length);
    else doc = `${doc.trimEnd()}\n\n## Gateway (\`npm run bench:gateway\`)\n\n${section}\n`;
    fs.writeFileSync(file, doc);
    console.error(`wrote ${path.relative(ROOT, file)}`);
  }
  stopAll();
  await new Promise((r) => setTimeout(r, 1_000)); // the server flushes its log on SIGTERM before the files go
  for (const dir of [DATA, `${DATA}-redis`]) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * --only: the named paths beside the direct call and the floor, in interleaved rounds; medians and ratios, plus
 * the proxy's own CPU time per request at concurrency 50 (less sensitive to a busy machine than req/s). Nothing written.
 */
function quickRun(targets: Array<{ id: string; t: Target }>, pids: { floor: number; portkey: number; tunebench: number }): void {
  for (const { t } of targets) wrk(t, 10, 2);
  const rounds = new Map<string, { p50: number[]; rps: number[]; cpu: number[] }>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { id, t } of targets) {
      const c1 = wrk(t, 1, DURATION);
      const pid = id.endsWith(".floor") ? pids.floor : id.endsWith(".portkey") ? pids.portkey : id.endsWith(".direct") ? undefined : pids.tunebench;
      const before = pid ? cpuMicros(pid) : 0;
      const c50 = wrk(t, 50, DURATION);
      const cpu = pid ? (cpuMicros(pid) - before) / c50.requests : NaN;
      const s = rounds.get(id) ?? { p50: [], rps: [], cpu: [] };
      s.p50.push(c1.p50);
      s.rps.push(c50.rps);
      s.cpu.push(cpu);
      rounds.set(id, s);
      console.error(`  round ${round} ${id.padEnd(20)} c1 p50 ${c1.p50.toFixed(2)} ms · c50 ${c50.rps.toFixed(0)} req/s · ${cpu.toFixed(0)} µs CPU/request`);
    }
  }
  const med = new Map([...rounds].map(([id, s]) => [id, { p50: median(s.p50), rps: median(s.rps), cpu: median(s.cpu) }]));
  for (const [id, m] of med) {
    const mode = id.split(".")[0];
    const floor = med.get(`${mode}.floor`)!;
    const group = med.get(`${mode}.group`)?.rps;
    const cpu = Number.isNaN(m.cpu) ? "" : ` · ${m.cpu.toFixed(0)} µs CPU/request (${(m.cpu / floor.cpu).toFixed(2)}× the floor's)`;
    console.log(`${id.padEnd(20)} p50 c1 ${m.p50.toFixed(2)} ms · ${m.rps.toFixed(0)} req/s · ${((100 * m.rps) / floor.rps).toFixed(0)}% of the floor${group ? ` · ${((100 * m.rps) / group).toFixed(0)}% of the group` : ""}${cpu}`);
  }
  for (const mode of ["plain", "stream"]) {
    const group = targets.find((t) => t.id === `${mode}.group`);
    const shadowed = targets.find((t) => t.id === `${mode}.shadow10`);
    if (!group || !shadowed) continue;
    const r = pairedRatios(group.t, shadowed.t, SHADOW_PAIRS, PAIR_SECONDS);
    console.log(`${`${mode}.shadow10`.padEnd(20)} paired with the group: ${(100 * r.median).toFixed(1)}% of its throughput (median of ${SHADOW_PAIRS} pairs, ${(100 * r.min).toFixed(0)}–${(100 * r.max).toFixed(0)}%)`);
  }
  stopAll();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("bench:gateway failed:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
