// One routing decision: filter a group's members (enabled, circuit not open, no trial already out, prompt fits,
// under rpm/tpm and the in-flight ceiling), keep the lowest priority tier, hold back members that have not
// answered lately and already carry their share, and let the strategy choose. The engine then has the state admit
// the choice (begin), which applies the same rules to current counts.
import type { Deployment } from "../types";
import { choose, lowestTier, type Candidate, type Random } from "./select";
import { admit, isPromise, isUnanswered, type AdmissionRule, type MaybePromise, type MemberStats, type RouterState } from "./state";
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
  /** Members not to choose at all (they timed out earlier in this call, or were just refused admission). */
  exclude?: ReadonlySet<string>;
  onSkip?: (member: RouterMember, reason: SkipReason) => void;
}

export type PickResult =
  | { member: RouterMember; rule: AdmissionRule }
  | {
      member?: undefined;
      reason: "cooling_down" | "context_window" | "no_available_members";
      cooldownUntil?: number;
      firstBack?: RouterMember;
      /** A member whose cooldown is over and whose trial request is out: it may return any moment. */
      recovering?: RouterMember;
    };

const idCache = new WeakMap<RouterMember[], string[]>();
const noPeers = () => 0;

/** Member ids, computed once per member list (configs are treated as immutable once built). */
function idsOf(group: RouterGroup): string[] {
  let ids = idCache.get(group.members);
  if (!ids || ids.length !== group.members.length) {
    ids = group.members.map((m) => m.id);
    idCache.set(group.members, ids);
  }
  return ids;
}

export function pickMember(input: PickInput): MaybePromise<PickResult> {
  const stats = input.state.load(idsOf(input.group), input.now);
  return isPromise(stats) ? stats.then((s) => pickFrom(input, s)) : pickFrom(input, stats);
}

function pickFrom(input: PickInput, stats: MemberStats[]): PickResult {
  const { group, failed, exclude, now } = input;
  const limitsOf = (m: RouterMember): AdmissionRule => (m.rpm || m.tpm ? { maxInFlight: group.maxInFlight, limits: { rpm: m.rpm, tpm: m.tpm } } : { maxInFlight: group.maxInFlight });
  const members = group.members;
  const ceiling: AdmissionRule = { maxInFlight: group.maxInFlight };
  const fresh: Candidate[] = [];
  const again: Candidate[] = [];
  let cooling = 0;
  let tooSmall = 0;
  let firstBack: RouterMember | undefined;
  let recovering: RouterMember | undefined;
  let cooldownUntil = Infinity;
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const s = stats[i];
    if (exclude?.has(member.id)) continue;
    let reason: SkipReason | undefined;
    const verdict = member.enabled ? admit(s, ceiling, noPeers, now) : "ok";
    if (!member.enabled) reason = "disabled";
    else if (verdict === "cooling_down" || verdict === "recovering") {
      reason = verdict;
      cooling++;
      if (verdict === "recovering") recovering ??= member;
      else if (s.cooldownUntil !== undefined && s.cooldownUntil < cooldownUntil) {
        cooldownUntil = s.cooldownUntil;
        firstBack = member;
      }
    } else if (input.fits && !input.fits(member.deployment)) {
      reason = "context_window";
      tooSmall++;
    } else if ((member.rpm && s.rpmUsed >= member.rpm) || (member.tpm && s.tpmUsed >= member.tpm)) reason = "rate_limit";
    else if (verdict === "at_capacity") reason = verdict;
    if (reason) {
      input.onSkip?.(member, reason);
      continue;
    }
    (failed?.has(member.id) ? again : fresh).push({ member, stats: s });
  }
  const tier = lowestTier(fresh.length ? fresh : again);
  if (tier.length) {
    // An unanswered member over its share of the tier's in-flight attempts waits. Some member is always under its
    // share, but one that has failed since it last answered gets one attempt at a time: when that leaves nobody
    // (every member failing), the hard limits alone apply.
    let inFlight = 0;
    let weights = 0;
    for (const c of tier) {
      inFlight += c.stats.inFlight;
      weights += c.member.weight;
    }
    const peers = tier.map((c) => c.member.id);
    const ruleOf = (c: Candidate): AdmissionRule => ({ share: { fraction: c.member.weight / weights, peers }, ...limitsOf(c.member) });
    const open: Candidate[] = [];
    const held: Candidate[] = [];
    const total = () => inFlight;
    for (const c of tier) (isUnanswered(c.stats, now) && admit(c.stats, ruleOf(c), total, now) === "unanswered" ? held : open).push(c);
    if (open.length) {
      for (const c of held) input.onSkip?.(c.member, "unanswered");
      const chosen = choose(group.strategy, open, { random: input.random, stream: input.stream });
      if (chosen) return { member: chosen.member, rule: ruleOf(chosen) };
    } else {
      const chosen = choose(group.strategy, tier, { random: input.random, stream: input.stream });
      if (chosen) return { member: chosen.member, rule: limitsOf(chosen.member) };
    }
  }
  let enabled = 0;
  for (const m of members) if (m.enabled && !exclude?.has(m.id)) enabled++;
  const back = cooling ? { cooldownUntil: recovering ? now : cooldownUntil, firstBack: recovering ?? firstBack, recovering } : {};
  if (cooling > 0 && cooling === enabled) return { reason: "cooling_down", ...back };
  if (tooSmall > 0 && tooSmall === enabled) return { reason: "context_window" };
  return { reason: "no_available_members", ...back };
}
