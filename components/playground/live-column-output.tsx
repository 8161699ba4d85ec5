"use client";
import type { PublicResult } from "@/lib/playground/types";
import { ColumnOutput } from "./column-output";
import { useLiveColumn, type LiveColumns } from "./use-column-streams";

/** A streaming column: subscribes to its own column of the store, so other columns' deltas do not render it. */
export function LiveColumnOutput({ store, index, title, subtitle, saved, onStop, highlight }: {
  store: LiveColumns;
  index: number;
  title: string;
  subtitle?: string;
  /** The persisted result, once the run has been reloaded after streaming. */
  saved?: PublicResult;
  onStop: () => void;
  highlight: boolean;
}) {
  const live = useLiveColumn(store, index);
  return (
    <ColumnOutput
      index={index}
      title={title}
      subtitle={subtitle}
      status={live?.status ?? "waiting"}
      output={live?.output ?? ""}
      liveTtftMs={live?.ttftMs}
      metrics={live?.result?.metrics ?? saved?.metrics ?? null}
      error={live?.result?.error ?? saved?.error}
      failure={live?.failure}
      servedBy={live?.result?.servedBy ?? saved?.servedBy}
      trace={live?.result?.trace ?? saved?.trace}
      onStop={onStop}
      highlight={highlight}
    />
  );
}
