"use client";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";
import { useVote } from "@/lib/query/playground";

// Pick the best column, or call it a tie. The saved vote feeds win rates.

export function VoteBar({ runId, labels, voteColumn }: { runId: string; labels: string[]; voteColumn: number | null }) {
  const vote = useVote(runId);
  const current = vote.isPending ? vote.variables : voteColumn;
  return (
    <div className="space-y-2">
      <div role="group" aria-label="Vote for the best answer" className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">Best answer:</span>
        {labels.map((label, i) => (
          <Button key={i} variant={current === i ? "primary" : "secondary"} size="sm" aria-pressed={current === i} onClick={() => vote.mutate(current === i ? null : i)}>
            {i + 1}. {label}
          </Button>
        ))}
        <Button variant={current === -1 ? "primary" : "secondary"} size="sm" aria-pressed={current === -1} onClick={() => vote.mutate(current === -1 ? null : -1)}>
          Tie
        </Button>
        {vote.isSuccess && !vote.isPending ? (
          <span role="status" className="text-xs text-zinc-500">
            Vote saved
          </span>
        ) : null}
      </div>
      {vote.isError ? <ErrorState error={vote.error} /> : null}
    </div>
  );
}
