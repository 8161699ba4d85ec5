// One scheduled health-check run per interval across all instances. Two instances are two database clients on
// one PostgreSQL database, ticking at the same moments (the scheduler's clock is injected, so the intervals are
// exact and nothing waits on real time); the checks go over real HTTP to the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { usePgTestDb } from "@/test/pg-db";
import { useTestDb } from "@/test/db";
import { createDb, type Db } from "@/lib/server/db";
import { healthCheckTick, resetHealthCheckScheduler, saveHealthCheckSettings } from "./health-checks";

const INTERVAL_S = 10;
const TICK_MS = 5_000; // the scheduler's tick

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
});
afterAll(() => sim?.close());

async function setUp(db: Db): Promise<void> {
  const fast = { provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) };
  const a = await db.model.create({ data: { name: "lease-a", ...fast } });
  const b = await db.model.create({ data: { name: "lease-b", ...fast } });
  await db.routingGroup.create({ data: { name: "lease-group", members: { create: [{ modelId: a.id }, { modelId: b.id }] } } });
  await saveHealthCheckSettings(db, { enabled: true, intervalSeconds: INTERVAL_S, version: 0 });
}

/** Every instance ticks at each tick time; returns how many runs started per tick. */
async function tickTogether(instances: Db[], ticks: number): Promise<number[]> {
  const t0 = Date.now();
  const runs: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const now = t0 + i * TICK_MS;
    const out = await Promise.all(instances.map((db) => healthCheckTick(db, now)));
    runs.push(out.filter((r) => r !== null).length);
  }
  return runs;
}

const checkRows = (db: Db) => db.requestLog.groupBy({ by: ["modelName"], where: { source: "health" }, _count: true, orderBy: { modelName: "asc" } });

describe("health-check runs on PostgreSQL with several instances", () => {
  const pg = usePgTestDb();
  const others: Db[] = [];
  beforeAll(async () => {
    await setUp(pg.db);
    for (let i = 0; i < 3; i++) others.push(createDb(pg.url));
  });
  afterAll(() => Promise.all(others.map((db) => db.$disconnect())));

  it("two instances ticking at once start one run per interval: one check per member per interval", async () => {
    // 13 ticks, 5 s apart = 60 s: runs due at 0, 10, …, 60 s.
    const runs = await tickTogether([pg.db, others[0]], 13);
    expect(runs).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(await checkRows(pg.db)).toEqual([
      { modelName: "lease-a", _count: 7 },
      { modelName: "lease-b", _count: 7 },
    ]);
  });

  it("four instances ticking at once still start one run per interval", async () => {
    await resetHealthCheckScheduler(pg.db);
    await pg.db.requestLog.deleteMany({ where: { source: "health" } });
    expect(await tickTogether([pg.db, ...others], 12)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(await checkRows(pg.db)).toEqual([
      { modelName: "lease-a", _count: 6 },
      { modelName: "lease-b", _count: 6 },
    ]);
  });

  it("an instance whose clock runs behind waits for the interval on the other's clock instead of running again", async () => {
    await resetHealthCheckScheduler(pg.db);
    const t = Date.now();
    const ahead = (ms: number) => healthCheckTick(pg.db, t + 3_000 + ms); // this clock is 3 s fast
    const behind = (ms: number) => healthCheckTick(others[0], t - 2_000 + ms); // this one 2 s slow
    expect(await ahead(0)).not.toBeNull();
    expect(await behind(0)).toBeNull(); // 5 s "before" the run it sees: that run counts
    expect(await behind(12_000)).toBeNull(); // 7 s after it on this clock
    expect(await behind(15_000)).not.toBeNull(); // 10 s after it: the next interval
  });

  it("a last run recorded far in the future (a clock that was badly wrong) does not stop the checks", async () => {
    await pg.db.setting.update({ where: { key: "healthChecks.lastRun" }, data: { value: String(Date.now() + 3_600_000) } });
    expect(await healthCheckTick(others[1], Date.now())).not.toBeNull();
  });
});

describe("health-check runs on SQLite (one instance)", () => {
  const { db } = useTestDb();
  beforeAll(() => setUp(db));

  it("start once per interval", async () => {
    expect(await tickTogether([db], 5)).toEqual([1, 0, 1, 0, 1]);
  });
});
