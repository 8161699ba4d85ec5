// Member selection: one weighted pick and the five strategies. Pure functions; randomness is passed in.
import { estimateCost } from "../pricing";
import type { Deployment } from "../types";
import type { MemberStats } from "./state";
import type { RouterMember, RoutingStrategy } from "./types";

export type Random = () => number;

export interface Candidate {
  member: RouterMember;
  stats: MemberStats;
}

/** Weighted random pick; undefined for an empty list. Never mutates its input. */
export function pickWeighted<T>(items: readonly T[], random: Random, weightOf: (item: T) => number = (item) => (item as { weight: number }).weight): T | undefined {
  if (items.length <= 1) return items[0];
  let total = 0;
  for (const item of items) total += weightOf(item);
  let r = random() * total;
  for (const item of items) {
    r -= weightOf(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]; // float rounding at the top end
}

const candidateWeight = (c: Candidate) => c.member.weight;
const pickCandidate = (cs: readonly Candidate[], random: Random): Candidate | undefined => pickWeighted(cs, random, candidateWeight);

/** Candidates with the lowest score; ties are broken by weight so the configured split still applies. */
function pickLowest(cs: readonly Candidate[], score: (c: Candidate) => number, random: Random): Candidate | undefined {
  let best = Infinity;
  let ties: Candidate[] = [];
  for (const c of cs) {
    const s = score(c);
    if (s < best) {
      best = s;
      ties = [c];
    } else if (s === best) ties.push(c);
  }
  if (!ties.length) return pickCandidate(cs, random); // every score was Infinity/NaN
  return pickCandidate(ties, random);
}

const costCache = new WeakMap<Deployment, number>();

/** Price of a million input plus a million output tokens (USD); Infinity when unknown, so priced members win. */
export function unitCost(d: Deployment): number {
  const cached = costCache.get(d);
  if (cached !== undefined) return cached;
  const { costUsd } = estimateCost({
    provider: d.provider,
    baseModel: d.baseModel,
    fineTuned: d.kind === "fine_tuned",
    usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 },
    pricing: d.pricing,
  });
  const cost = costUsd ?? Infinity;
  costCache.set(d, cost);
  return cost;
}

/** Fraction of the rpm/tpm budget left this minute (the tighter of the two); 1 when the member has no limits. */
export function headroom(member: RouterMember, stats: MemberStats): number {
  let h = 1;
  if (member.rpm) h = Math.min(h, (member.rpm - stats.rpmUsed) / member.rpm);
  if (member.tpm) h = Math.min(h, (member.tpm - stats.tpmUsed) / member.tpm);
  return h;
}

/**
 * The member a strategy chooses among `candidates` (already filtered to one priority tier and to members
 * that are enabled, not cooling down, under their limits and able to fit the prompt).
 */
export function choose(strategy: RoutingStrategy, candidates: readonly Candidate[], ctx: { random: Random; stream: boolean }): Candidate | undefined {
  switch (strategy) {
    case "simple-shuffle":
      return pickCandidate(candidates, ctx.random);
    case "least-busy":
      return pickLowest(candidates, (c) => c.stats.clusterInFlight ?? c.stats.inFlight, ctx.random);
    case "latency-based-routing":
      // No sample yet counts as 0, so a new member gets tried and measured.
      return pickLowest(candidates, (c) => (ctx.stream ? (c.stats.ttftMs ?? c.stats.latencyMs) : c.stats.latencyMs) ?? 0, ctx.random);
    case "cost-based-routing":
      return pickLowest(candidates, (c) => unitCost(c.member.deployment), ctx.random);
    case "usage-based-routing":
      return pickLowest(candidates, (c) => -headroom(c.member, c.stats), ctx.random);
    default: {
      const unreachable: never = strategy;
      throw new Error(`unknown routing strategy ${String(unreachable)}`);
    }
  }
}

/** Keeps the lowest priority tier present in `cs`. */
export function lowestTier(cs: readonly Candidate[]): Candidate[] {
  let min = Infinity;
  for (const c of cs) if (c.member.order < min) min = c.member.order;
  return cs.filter((c) => c.member.order === min);
}
