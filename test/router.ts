// Test helpers for the router: a seeded random source, a settable clock, and simulator-backed members.
// Not a mock: members are real deployments that talk HTTP to the simulator.
import type { SimulatorBehavior } from "@/lib/completion/types";
import { GROUP_DEFAULTS, type RouterGroup, type RouterMember } from "@/lib/completion/router/types";

/** mulberry32: a small seeded PRNG so weighted picks are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fakeClock(start = 1_800_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

export function simMember(
  apiBase: string,
  id: string,
  behavior: SimulatorBehavior = {},
  extra: Partial<Omit<RouterMember, "deployment">> & { deployment?: Partial<RouterMember["deployment"]> } = {},
): RouterMember {
  const { deployment, ...rest } = extra;
  return {
    id,
    name: id,
    weight: 1,
    order: 0,
    enabled: true,
    ...rest,
    deployment: { id, name: id, provider: "simulator", model: "tb-sim-8b", baseModel: "tb-sim-8b", apiBase, simulator: behavior, ...deployment },
  };
}

export function makeGroup(name: string, members: RouterMember[], extra: Partial<RouterGroup> = {}): RouterGroup {
  return {
    name,
    ...GROUP_DEFAULTS,
    members,
    fallbacks: [],
    contextWindowFallbacks: [],
    contentPolicyFallbacks: [],
    ...extra,
  };
}

export const ask = (content = "Say hello.") => ({ messages: [{ role: "user" as const, content }] });
