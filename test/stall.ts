// Event-loop stalls, measured so a loaded machine cannot fake one. The OS may hold the whole process back for
// 100 ms and more when other processes want the cores (CI, several test workers); no code of ours causes or
// prevents that. A stall our code causes keeps the process busy for as long as it lasts, so each interval is
// counted as the smaller of its wall time and the CPU time the process spent in it.

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts a clock; the returned function gives the busy time since then (min of wall and process CPU), in ms. */
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
