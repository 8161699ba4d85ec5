// One routing decision: filter a group's members (enabled, not cooling down, under limits, prompt fits),
// keep the lowest priority tier, and let the strategy choose.
import type { Deployment } from "../types";
import { choose, lowestTier, type Candidate, type Random } from "./select";
import type { RouterState } from "./state";
import type { SkipReason } from "./trace";
import type { RouterGroup, RouterMember } from "./types";

export interface PickInput {
  group: RouterGroup;
  state: RouterState;
  now: number;
  random: Random;
  stream: boolean;
  fits?: (d: Deployment) => boolean;
  /** Members that already failed during this call: chosen again only when no other member is left. */
  failed?: ReadonlySet<string>;
  onSkip?: (member: RouterMember, reason: SkipReason) => void;
}

export type PickResult =
  | { member: RouterMember }
  | { member?: undefined; reason: "cooling_down" | "context_window" | "no_available_members"; cooldownUntil?: number; firstBack?: RouterMember };

const idCache = new WeakMap<RouterMember[], string[]>();

/** Member ids, computed once per member list (configs are treated as immutable once built). */
function idsOf(group: RouterGroup): string[] {
  let ids = idCache.get(group.members);
  if (!ids || ids.length !== group.members.length) {
    ids = group.members.map((m) => m.id);
    idCache.set(group.members, ids);
  }
  return ids;
}

export async function pickMember(input: PickInput): Promise<PickResult> {
  const { group, failed } = input;
  const members = group.members;
  const stats = await input.state.load(idsOf(group), input.now);
  const fresh: Candidate[] = [];
  const again: Candidate[] = [];
  let cooling = 0;
  let tooSmall = 0;
  let firstBack: RouterMember | undefined;
  let cooldownUntil = Infinity;
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const s = stats[i];
    let reason: SkipReason | undefined;
    if (!member.enabled) reason = "disabled";
    else if (s.cooldownUntil !== undefined) {
      reason = "cooling_down";
      cooling++;
      if (s.cooldownUntil < cooldownUntil) {
        cooldownUntil = s.cooldownUntil;
        firstBack = member;
      }
    } else if (input.fits && !input.fits(member.deployment)) {
      reason = "context_window";
      tooSmall++;
    } else if ((member.rpm && s.rpmUsed >= member.rpm) || (member.tpm && s.tpmUsed >= member.tpm)) reason = "rate_limit";
    if (reason) {
      input.onSkip?.(member, reason);
      continue;
    }
    (failed?.has(member.id) ? again : fresh).push({ member, stats: s });
  }
  const pool = fresh.length ? fresh : again;
  if (pool.length) {
    const chosen = choose(group.strategy, lowestTier(pool), { random: input.random, stream: input.stream });
    if (chosen) return { member: chosen.member };
  }
  let enabled = 0;
  for (const m of members) if (m.enabled) enabled++;
  if (cooling > 0 && cooling === enabled) return { reason: "cooling_down", cooldownUntil, firstBack };
  if (tooSmall > 0 && tooSmall === enabled) return { reason: "context_window" };
  return { reason: "no_available_members", ...(cooling ? { cooldownUntil, firstBack } : {}) };
}
