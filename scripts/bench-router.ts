// npm run bench:router — microseconds per routing decision with 10, 100 and 1,000 members, per strategy,
// plus the router's whole per-call overhead (selection, state, trace) with an instant in-process upstream.
import { performance } from "node:perf_hooks";
import { createRouter, InMemoryRouterState, pickMember, ROUTING_STRATEGIES, type RouterGroup, type RouterMember } from "@/lib/completion/router";
import { contextFitter } from "@/lib/completion/router/context";
import { makeGroup, seededRandom } from "@/test/router";
import type { CompletionResult } from "@/lib/completion";

const SIZES = [10, 100, 1000];
const req = { messages: [{ role: "user" as const, content: "Summarise the ticket in one sentence." }] };

function members(n: number): RouterMember[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    name: `member-${i}`,
    weight: 1 + (i % 7),
    order: i % 10 === 9 ? 1 : 0,
    rpm: 10_000,
    tpm: 10_000_000,
    enabled: i % 50 !== 49,
    deployment: {
      id: `m${i}`,
      provider: "simulator",
      model: "tb-sim-8b",
      baseModel: "tb-sim-8b",
      contextWindow: 8192,
      pricing: { inputPerMTok: 0.1 + (i % 13) / 10, outputPerMTok: 0.4 + (i % 11) / 10 },
    },
  }));
}

/** State with latency samples, some load and a few members cooling down, as a busy group would have. */
function busyState(ms: RouterMember[], now: number): InMemoryRouterState {
  const state = new InMemoryRouterState();
  const random = seededRandom(1);
  for (const m of ms) {
    state.begin(m.id, now);
    state.end(m.id, now, { result: "success", startedAt: now, latencyMs: 100 + random() * 400, ttftMs: 20 + random() * 200, tokens: Math.floor(random() * 5000) });
    for (let k = Math.floor(random() * 4); k > 0; k--) state.begin(m.id, now);
    if (random() < 0.05) {
      state.begin(m.id, now);
      state.end(m.id, now, { result: "failure", startedAt: now, policy: { allowedFails: 1, windowMs: 60_000, cooldownMs: 60_000 }, errorKind: "timeout" });
    }
  }
  return state;
}

async function time(iterations: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return ((performance.now() - start) * 1000) / iterations;
}

async function main() {
  const now = Date.now();
  const header = ["members", ...ROUTING_STRATEGIES, "route() overhead"];
  const rows: string[][] = [];
  for (const n of SIZES) {
    const ms = members(n);
    const state = busyState(ms, now);
    const random = seededRandom(42);
    const iterations = Math.max(500, Math.round(200_000 / n));
    const row = [String(n)];
    for (const strategy of ROUTING_STRATEGIES) {
      const group: RouterGroup = makeGroup(`bench-${n}`, ms, { strategy });
      const us = await time(iterations, async () => pickMember({ group, state, now, random, stream: false, fits: contextFitter(req) }));
      row.push(us.toFixed(2));
    }
    // Whole call minus the network: pick, in-flight bookkeeping, trace, success recording.
    const result = { choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, meta: {} } as unknown as CompletionResult;
    const router = createRouter({ state, random, now: () => now, complete: async () => result });
    const group = makeGroup(`bench-${n}`, ms);
    row.push((await time(iterations, () => router.route(group, req))).toFixed(2));
    rows.push(row);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
  console.log("µs per routing decision (pickMember: filter + tier + strategy), and per route() call with an instant upstream\n");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(`\nnode ${process.version}, ${new Date().toISOString()}`);
}

void main();
