// npm run bench:core — the completion core's own overhead per request, against a direct fetch to the same simulator.
import { performance } from "node:perf_hooks";
import { complete, stream, type Deployment } from "@/lib/completion";
import { startSimulator } from "@/lib/simulator";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 30;
const body = {
  model: "tb-sim-8b",
  messages: [
    { role: "system" as const, content: "You are a support assistant." },
    { role: "user" as const, content: "My order has not arrived, what can I do?" },
  ],
  max_tokens: 32,
};

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { mean, p50: sorted[Math.floor(sorted.length * 0.5)], p95: sorted[Math.floor(sorted.length * 0.95)] };
}

async function timeIt(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  const sim = await startSimulator({ port: 0, quiet: true });
  const url = `${sim.url}/v1/chat/completions`;
  const deployment: Deployment = { provider: "simulator", model: "tb-sim-8b", apiBase: sim.url };
  const headers = { "content-type": "application/json", authorization: "Bearer sim" };

  const directPlain = async () => {
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    await res.json();
  };
  const corePlain = async () => {
    await complete(deployment, body);
  };
  const directStream = async () => {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
    });
    const reader = res.body!.getReader();
    while (!(await reader.read()).done);
  };
  const coreStream = async () => {
    const s = await stream(deployment, body);
    for await (const _chunk of s);
  };

  const pairs: Array<[string, () => Promise<void>, () => Promise<void>]> = [
    ["plain", directPlain, corePlain],
    ["stream", directStream, coreStream],
  ];
  console.log(`bench:core — ${ITERATIONS} requests each, interleaved, simulator in-process at ${sim.url}, Node ${process.version}`);
  for (const [name, direct, core] of pairs) {
    for (let i = 0; i < WARMUP; i++) {
      await direct();
      await core();
    }
    const d: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      d.push(await timeIt(direct));
      c.push(await timeIt(core));
    }
    const sd = stats(d);
    const sc = stats(c);
    const fmt = (s: ReturnType<typeof stats>) => `mean ${s.mean.toFixed(3)} ms, p50 ${s.p50.toFixed(3)} ms, p95 ${s.p95.toFixed(3)} ms`;
    console.log(`${name.padEnd(6)} direct fetch: ${fmt(sd)}`);
    console.log(`${name.padEnd(6)} core:         ${fmt(sc)}`);
    console.log(
      `${name.padEnd(6)} ratio core/direct: ${(sc.mean / sd.mean).toFixed(2)}x (mean), ${(sc.p50 / sd.p50).toFixed(2)}x (p50); overhead ${(sc.mean - sd.mean).toFixed(3)} ms/request`,
    );
  }
  await sim.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
