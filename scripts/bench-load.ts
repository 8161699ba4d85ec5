// Load and process readings for the benchmarks: wrk runs against a POST target, and a process's RSS and CPU time
// read from /proc (Linux).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { median } from "./bench-support";

export interface WrkResult {
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

export type Target = { name: string; url: string; body: unknown; headers: Record<string, string> };

/** One wrk run of `seconds` at `connections` against a POST target (1 thread, latency distribution on). */
export function wrk(t: Target, connections: number, seconds: number): WrkResult {
  const script = path.join(os.tmpdir(), `bench-gateway-${process.pid}.lua`);
  const headers = Object.entries({ "Content-Type": "application/json", ...t.headers }).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`);
  fs.writeFileSync(script, [`wrk.method = "POST"`, `wrk.body = [[${JSON.stringify(t.body)}]]`, ...headers].join("\n"));
  const out = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "10s", "-s", script, t.url], { encoding: "utf8" });
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

/**
 * Throughput of `b` against `a`, paired: the two alternate in short runs at concurrency 50 (AB, BA, AB, …), so a
 * machine that speeds up or slows down between them moves both, and the figure is the median of the pairs'
 * ratios. Separate medians of separate rounds drift apart on a noisy machine (single rounds swing by ±20% here).
 */
export function pairedRatios(a: Target, b: Target, pairs: number, seconds: number): { median: number; min: number; max: number } {
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    const runs = new Map([first, second].map((t) => [t, wrk(t, 50, seconds)]));
    for (const [t, r] of runs) if (r.non2xx) throw new Error(`${t.name}: ${r.non2xx} of ${r.requests} responses were not 2xx`);
    ratios.push(runs.get(b)!.rps / runs.get(a)!.rps);
  }
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** A process's resident memory now, in MB. */
export function rssMb(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    throw new Error(`the server (pid ${pid}) is gone: see its output above`);
  }
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

/** CPU time (user + system) a process has used so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime + stime, in clock ticks of 1/100 s
}
