"use client";
import { formatShare, memberShares, type MemberDraft } from "./group-draft";

// Each order tier's split as one stacked bar: people look at a split, they don't add up weights.

const COLORS = ["bg-indigo-500", "bg-emerald-500", "bg-amber-500", "bg-sky-500", "bg-rose-500", "bg-violet-500"];

export function ShareBars({ members }: { members: MemberDraft[] }) {
  const shares = memberShares(members);
  const tiers = [...new Set(members.map((m) => m.order))].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  if (members.length < 2) return null;
  return (
    <div className="space-y-2" aria-label="Traffic shares by tier" role="group">
      {tiers.map((tier) => {
        const inTier = members.map((m, i) => ({ m, i, share: shares[i] })).filter((x) => x.m.order === tier && x.share);
        return (
          <div key={tier}>
            <p className="text-xs text-zinc-500">{tier === tiers[0] ? `Tier ${tier} (tried first)` : `Tier ${tier} (when lower tiers are unavailable)`}</p>
            {inTier.length === 0 ? (
              <p className="text-xs text-zinc-500">No enabled member.</p>
            ) : (
              <div className="mt-1 flex h-3 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
                {inTier.map(({ m, i, share }) => (
                  <div key={m.modelId} className={COLORS[i % COLORS.length]} style={{ width: `${share}%` }} title={`${m.modelName} ${formatShare(share)}`} />
                ))}
              </div>
            )}
            <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
              {inTier.map(({ m, i, share }) => (
                <span key={m.modelId} className="inline-flex items-center gap-1">
                  <span className={`inline-block h-2 w-2 rounded-full ${COLORS[i % COLORS.length]}`} aria-hidden />
                  <span className="font-mono">{m.modelName}</span> {formatShare(share)}
                </span>
              ))}
            </p>
          </div>
        );
      })}
    </div>
  );
}
