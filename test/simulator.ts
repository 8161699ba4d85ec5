import { afterAll, beforeAll } from "vitest";
import type { SimulatorBehavior } from "@/lib/completion";
import { seedIfEmpty } from "@/lib/models/server/seed";
import type { Db } from "@/lib/server/db";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";

/**
 * A real simulator on loopback for this test file, installed as SIMULATOR_URL (what simulator models call),
 * and closed after the file. With `db`, the registry is seeded there first; with `behavior` too, every seeded
 * simulator model gets that behaviour (e.g. no latency, so a test waits on nothing but its own logic).
 * Call it before the file's own beforeAll hooks: they run after it, and their afterAll hooks before its close.
 */
export function useSimulator(opts: { db?: Db; behavior?: SimulatorBehavior } = {}): { readonly sim: RunningSimulator } {
  const ref = {} as { sim: RunningSimulator };
  beforeAll(async () => {
    ref.sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
    process.env.SIMULATOR_URL = ref.sim.url;
    if (!opts.db) return;
    await seedIfEmpty(opts.db);
    if (opts.behavior) await opts.db.model.updateMany({ where: { provider: "simulator" }, data: { simulatorJson: JSON.stringify(opts.behavior) } });
  });
  afterAll(async () => ref.sim?.close());
  return ref;
}
