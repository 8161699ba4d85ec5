import { DbWatch, type DbSnapshot } from "./db-watch";

// Runs fuzz cases one at a time against an in-process handler and keeps the score the issue asks for:
// no 500, no hang, and no row changed by a request that was refused.

export interface FuzzCall {
  /** Route and method, e.g. "PATCH /api/models/[id]". */
  route: string;
  /** What the case did, for the failure message. */
  label: string;
  /** Calls the handler; the signal is aborted when the case hangs. */
  send: (signal: AbortSignal) => Promise<Response>;
}

export interface FuzzOutcome {
  status: number;
  body: string;
}

export interface FuzzFailure {
  route: string;
  label: string;
  problem: string;
}

const HANG = Symbol("hang");

/** Bounds one step (a call, or reading its body), so a hang is counted, not waited out. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | typeof HANG> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof HANG>((resolve) => (timer = setTimeout(() => resolve(HANG), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class FuzzLedger {
  readonly failures: FuzzFailure[] = [];
  readonly statuses = new Map<string, Map<number, number>>();
  private baseline: DbSnapshot;
  private baselineVersion: number;

  constructor(
    private readonly watch: DbWatch,
    private readonly opts: { timeoutMs: number; checkBody?: (o: FuzzOutcome) => string | undefined },
  ) {
    this.baselineVersion = watch.version();
    this.baseline = watch.snapshot();
  }

  /** The slowest cases, for tuning the generator (FUZZ_VERBOSE=1 prints them). */
  private readonly slow: Array<{ ms: number; call: FuzzCall }> = [];

  async run(call: FuzzCall): Promise<FuzzOutcome | undefined> {
    const started = performance.now();
    const fail = (problem: string) => {
      this.failures.push({ route: call.route, label: call.label, problem });
      return undefined;
    };
    // Something committed since the last snapshot (an accepted request, or its follow-up write): start afresh.
    if (this.watch.version() !== this.baselineVersion) this.rebase();

    const abort = new AbortController();
    const res = await within(this.opts.timeoutMs, Promise.resolve().then(() => call.send(abort.signal))).catch((err: unknown) => err as Error);
    if (res === HANG) {
      abort.abort();
      return fail(`no response within ${this.opts.timeoutMs} ms`);
    }
    if (!(res instanceof Response)) return fail(`the handler threw instead of answering: ${String(res)}`);
    const body = await within(this.opts.timeoutMs, res.text()).catch((err: unknown) => `[body failed: ${String(err)}]`);
    if (body === HANG) {
      abort.abort();
      return fail(`the response body did not end within ${this.opts.timeoutMs} ms (status ${res.status})`);
    }
    const outcome = { status: res.status, body };
    const counts = this.statuses.get(call.route) ?? new Map<number, number>();
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    this.statuses.set(call.route, counts);

    if (res.status === 500) fail(`500: ${body.slice(0, 300)}`);
    const bad = this.opts.checkBody?.(outcome);
    if (bad) fail(bad);
    if (res.status >= 400 && this.watch.version() !== this.baselineVersion) {
      const changed = DbWatch.diff(this.baseline, this.watch.snapshot());
      if (changed.length) fail(`refused with ${res.status} but changed rows in ${changed.join(", ")}`);
    }
    this.slow.push({ ms: performance.now() - started, call });
    if (this.slow.length > 20) this.slow.sort((a, b) => b.ms - a.ms).splice(5);
    return outcome;
  }

  /** A problem the caller found in an outcome (a rule of its own route). */
  flag(call: Pick<FuzzCall, "route" | "label">, problem: string): void {
    this.failures.push({ route: call.route, label: call.label, problem });
  }

  private rebase(): void {
    this.baselineVersion = this.watch.version();
    this.baseline = this.watch.snapshot();
  }

  /** Failures grouped by route and problem, the first case of each kept as the example. */
  report(max = 30): string {
    const seen = new Map<string, { n: number; example: FuzzFailure }>();
    for (const f of this.failures) {
      const key = `${f.route} — ${f.problem.replace(/reference [0-9a-f-]{36}/g, "reference …").slice(0, 160)}`;
      const entry = seen.get(key) ?? { n: 0, example: f };
      entry.n++;
      seen.set(key, entry);
    }
    return [...seen.entries()]
      .slice(0, max)
      .map(([key, { n, example }]) => `${n}× ${key}\n    e.g. ${example.label.slice(0, 200)}`)
      .join("\n");
  }

  /** Status counts and the slowest cases of a route. */
  summary(route: string): string {
    const slowest = [...this.slow].sort((a, b) => b.ms - a.ms).slice(0, 3);
    return `${route} [${this.statusSummary(route)}] slowest: ${slowest.map((s) => `${s.ms.toFixed(0)} ms ${s.call.label.slice(0, 140)}`).join(" | ")}`;
  }

  statusSummary(route: string): string {
    return [...(this.statuses.get(route) ?? new Map<number, number>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
  }
}
