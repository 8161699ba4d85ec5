// Event-loop stalls, measured so a loaded machine cannot fake one. The OS may hold the whole process back for
// 100 ms and more when other processes want the cores (CI, several test workers); no code of ours causes or
// prevents that. A stall our code causes keeps the JavaScript thread busy for as long as it lasts, so each
// interval is counted as the smaller of its wall time and the CPU time that thread spent in it.
//
// That thread's own time, not the process's: V8's helper threads (parallel scavenges, concurrent marking) add
// process CPU while the loop runs on, and on a loaded machine their share could push an interval over a bound
// the loop itself never came near. Linux gives a thread's run time in nanoseconds in /proc/thread-self/schedstat
// (read with a synchronous call, so by the calling thread: the test's, which also runs the server); elsewhere the
// process's CPU time stands in.
import fs from "node:fs";

const SCHEDSTAT = "/proc/thread-self/schedstat";
const hasSchedstat = fs.existsSync(SCHEDSTAT);

function cpuMs(): number {
  if (hasSchedstat) return Number(fs.readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) / 1e6;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts a clock; the returned function gives the busy time since then (min of wall and thread CPU), in ms. */
export function busyClock(): () => number {
  const wall = performance.now();
  const cpu = cpuMs();
  return () => Math.min(performance.now() - wall, cpuMs() - cpu);
}

const PROBE_MS = 5;

/** Runs `work` while a timer probes the loop; `stallMs` is the longest busy gap between two probe ticks. */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let stallMs = 0;
  let since = busyClock();
  const probe = setInterval(() => {
    stallMs = Math.max(stallMs, since() - PROBE_MS);
    since = busyClock();
  }, PROBE_MS);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, since() - PROBE_MS);
    return { result, stallMs };
  } finally {
    clearInterval(probe);
  }
}
