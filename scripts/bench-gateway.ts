// npm run bench:gateway — what the gateway adds on top of its upstream, measured with wrk.
// Starts the standalone simulator and `next start` (the build in NEXT_DIST_DIR, default .next) on a fresh
// database, then measures in one run: the simulator directly, the same call through the gateway (by routing
// group and by model name), and an empty route handler (the framework's floor).
// The machine is shared, so targets are measured in interleaved rounds and each figure is the median over rounds.
// Flags: --duration 4 (seconds per run) --rounds 3 --port 3390 --sim-port 4390 --write (update docs/benchmarks.md)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/server/db";
import { ROOT, startProcess as start, waitFor } from "./bench-support";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "3390" },
    "sim-port": { type: "string", default: "4390" },
    write: { type: "boolean", default: false },
  },
});
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
const SIM_PORT = Number(values["sim-port"]);
const MASTER_KEY = "sk-bench-master-key-0001";
const APP = `http://127.0.0.1:${PORT}`;
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const DATA = path.join(ROOT, "data", `bench-gateway-${PORT}`);

const messages = [
  { role: "system", content: "You are a support assistant." },
  { role: "user", content: "My order has not arrived, what can I do?" },
];

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
}

function toMs(v: string): number {
  const m = v.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) throw new Error(`unparsable wrk latency ${v}`);
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

function wrk(url: string, body: unknown, auth: string | null, connections: number, seconds = DURATION): WrkResult {
  const script = path.join(os.tmpdir(), `bench-gateway-${process.pid}.lua`);
  const headers = [`wrk.headers["Content-Type"] = "application/json"`, auth ? `wrk.headers["Authorization"] = "Bearer ${auth}"` : ""];
  fs.writeFileSync(script, [`wrk.method = "POST"`, `wrk.body = [[${JSON.stringify(body)}]]`, ...headers].join("\n"));
  const out = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "10s", "-s", script, url], { encoding: "utf8" });
  fs.rmSync(script, { force: true });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr}`);
  const text = out.stdout;
  const pct = (p: string) => toMs(text.match(new RegExp(`\\s${p}%\\s+([\\d.]+\\w+)`))![1]);
  return {
    rps: Number(text.match(/Requests\/sec:\s+([\d.]+)/)![1]),
    p50: pct("50"),
    p99: pct("99"),
    non2xx: Number(text.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0),
    requests: Number(text.match(/(\d+) requests in/)![1]),
  };
}

type Target = { name: string; url: string; body: unknown; auth: string | null };

async function main() {
  if (spawnSync("wrk", ["--version"]).error) throw new Error("wrk is not installed (Debian: apt-get install wrk)");
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  const env = { DATA_DIR: DATA, DATABASE_URL: `file:${path.join(DATA, "app.db")}`, MASTER_KEY, SIMULATOR_URL: SIM, NEXT_TELEMETRY_DISABLED: "1" };

  start("npx", ["tsx", "scripts/simulator.ts", "--port", String(SIM_PORT)], {});
  const prep = spawnSync("npx", ["tsx", "scripts/prepare-db.ts"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
  if (prep.status !== 0) throw new Error("prepare-db failed");
  // An instant simulator model and a one-member group over it: the gateway's own cost is what is left.
  const db = createDb(env.DATABASE_URL);
  const model = await db.model.create({
    data: { name: "bench-sim", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", inputPricePerMTok: 0.15, outputPricePerMTok: 0.6, simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) },
  });
  await db.routingGroup.create({ data: { name: "bench-group", members: { create: [{ modelId: model.id }] } } });
  await db.$disconnect();

  start("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], env);
  await Promise.all([waitFor(`${APP}/api/health`), waitFor(`${SIM}/v1/models`)]);
  const created = await fetch(`${APP}/api/keys`, { method: "POST", headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ name: "bench" }) });
  if (created.status !== 201) throw new Error(`could not create a key: ${created.status}`);
  const key = ((await created.json()) as { key: string }).key;

  const base = { messages, max_tokens: 16 };
  const streamed = { stream: true, stream_options: { include_usage: true } };
  const modes = {
    plain: {
      direct: { name: "simulator direct", url: `${SIM}/v1/chat/completions`, body: { model: "tb-sim-8b", ...base }, auth: "sim" },
      group: { name: "gateway → group", url: `${APP}/v1/chat/completions`, body: { model: "bench-group", ...base }, auth: key },
      model: { name: "gateway → model", url: `${APP}/v1/chat/completions`, body: { model: "bench-sim", ...base }, auth: key },
    },
    stream: {
      direct: { name: "simulator direct", url: `${SIM}/v1/chat/completions`, body: { model: "tb-sim-8b", ...base, ...streamed }, auth: "sim" },
      group: { name: "gateway → group", url: `${APP}/v1/chat/completions`, body: { model: "bench-group", ...base, ...streamed }, auth: key },
      model: { name: "gateway → model", url: `${APP}/v1/chat/completions`, body: { model: "bench-sim", ...base, ...streamed }, auth: key },
    },
  } satisfies Record<string, Record<string, Target>>;
  const empty: Target = { name: "empty route", url: `${APP}/api/bench/empty`, body: { model: "x", ...base }, auth: null };

  // Sanity: every target answers 200 before anything is timed.
  for (const t of [...Object.values(modes.plain), ...Object.values(modes.stream), empty]) {
    const res = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", ...(t.auth ? { authorization: `Bearer ${t.auth}` } : {}) }, body: JSON.stringify(t.body) });
    await res.text();
    if (!res.ok) throw new Error(`${t.name} answered ${res.status}`);
  }

  const targets: Array<[string, Target]> = [["empty", empty]];
  for (const mode of ["plain", "stream"] as const) for (const [k, t] of Object.entries(modes[mode])) targets.push([`${mode}.${k}`, t]);
  for (const [, t] of targets) wrk(t.url, t.body, t.auth, 10, 2); // warm-up: JIT, connection pools, caches

  const samples = new Map<string, { c1: WrkResult[]; c50: WrkResult[] }>();
  console.error(`bench:gateway — wrk, ${ROUNDS} interleaved rounds of ${DURATION}s per run, concurrency 1 and 50`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [id, t] of targets) {
      const c1 = wrk(t.url, t.body, t.auth, 1);
      const c50 = wrk(t.url, t.body, t.auth, 50);
      for (const r of [c1, c50]) if (r.non2xx) throw new Error(`${t.name} (${id}): ${r.non2xx} of ${r.requests} responses were not 2xx`);
      const s = samples.get(id) ?? { c1: [], c50: [] };
      s.c1.push(c1);
      s.c50.push(c50);
      samples.set(id, s);
      console.error(`  round ${round} ${id.padEnd(14)} c1 p50 ${c1.p50.toFixed(2)} ms p99 ${c1.p99.toFixed(2)} ms · c50 ${c50.rps.toFixed(0)} req/s`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
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

  const floor = results.get("empty")!;
  const f = (n: number, d = 2) => n.toFixed(d);
  const lines: string[] = [];
  const cpu = os.cpus();
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim() ?? "unknown CPU"} (${cpu.length} cores visible, ${Math.round(os.totalmem() / 2 ** 30)} GiB), ${os.type()} ${os.release()}, Node ${process.version}, \`next start\` (production build), wrk 1 thread, median of ${ROUNDS} interleaved rounds of ${DURATION} s per run, load average at the end ${os.loadavg()[0].toFixed(1)}. The simulator answers instantly (latency 0, ttft 0), so everything above its own time is the gateway's.`);
  lines.push("");
  lines.push(`Empty route (framework floor): p50 ${f(floor.c1.p50)} ms, p99 ${f(floor.c1.p99)} ms at concurrency 1; ${f(floor.c50.rps, 0)} req/s at concurrency 50.`);
  lines.push("");
  // "beyond the floor": what is left of the added p50 once the empty route's own p50 is taken off, i.e. the
  // gateway's code plus its call to the simulator, without the framework's per-request work.
  lines.push("| mode | path | p50 c1 (ms) | p99 c1 (ms) | added p50 | added p99 | added p50 beyond the floor | req/s c50 | vs empty route | vs simulator direct |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const mode of ["plain", "stream"] as const) {
    const direct = results.get(`${mode}.direct`)!;
    for (const k of ["direct", "group", "model"] as const) {
      const r = results.get(`${mode}.${k}`)!;
      const added = k === "direct" ? "—" : `${f(r.c1.p50 - direct.c1.p50)} ms`;
      const addedP99 = k === "direct" ? "—" : `${f(r.c1.p99 - direct.c1.p99)} ms`;
      const beyond = k === "direct" ? "—" : `${f(r.c1.p50 - direct.c1.p50 - floor.c1.p50)} ms`;
      lines.push(`| ${mode} | ${modes[mode][k].name} | ${f(r.c1.p50)} | ${f(r.c1.p99)} | ${added} | ${addedP99} | ${beyond} | ${f(r.c50.rps, 0)} | ${f((100 * r.c50.rps) / floor.c50.rps, 0)}% | ${f((100 * r.c50.rps) / direct.c50.rps, 0)}% |`);
    }
  }
  const report = lines.join("\n");
  console.log(report);

  if (values.write) {
    const file = path.join(ROOT, "docs", "benchmarks.md");
    const start = "<!-- bench:gateway:start -->";
    const end = "<!-- bench:gateway:end -->";
    let doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
    const section = `${start}\n${report}\n${end}`;
    if (doc.includes(start) && doc.includes(end)) doc = doc.slice(0, doc.indexOf(start)) + section + doc.slice(doc.indexOf(end) + end.length);
    else doc = `${doc.trimEnd()}\n\n## Gateway (\`npm run bench:gateway\`)\n\n${section}\n`;
    fs.writeFileSync(file, doc);
    console.error(`wrote ${path.relative(ROOT, file)}`);
  }
  fs.rmSync(DATA, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("bench:gateway failed:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
