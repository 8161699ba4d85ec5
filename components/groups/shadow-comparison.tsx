"use client";
import { useState } from "react";
import { Select } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import { useShadowComparison } from "@/lib/query/shadow";
import type { CandidateComparison, SideStats } from "@/lib/shadow/schema";
import { panel, smallLabel } from "./styles";

// Each shadow candidate against production on the same requests, over a window; refreshes on its own.

const WINDOWS = [
  { minutes: 15, label: "last 15 min" },
  { minutes: 60, label: "last hour" },
  { minutes: 24 * 60, label: "last 24 h" },
  { minutes: 7 * 24 * 60, label: "last 7 days" },
];

const pct = (r: number | null) => (r === null ? "—" : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);
const usd = (v: number | null) => (v === null ? "—" : `$${v < 0.01 ? v.toFixed(4) : v.toFixed(2)}`);

const ROWS: Array<{ label: string; value: (s: SideStats) => string }> = [
  { label: "Requests", value: (s) => String(s.requests) },
  { label: "Error rate", value: (s) => pct(s.errorRate) },
  { label: "Latency p50", value: (s) => ms(s.p50Ms) },
  { label: "Latency p95", value: (s) => ms(s.p95Ms) },
  { label: "TTFT p50", value: (s) => ms(s.ttftP50Ms) },
  { label: "Cost per 1,000", value: (s) => usd(s.costPer1k) },
];

/** The win rate as a bar with its 95% interval drawn over it. */
function WinRate({ c }: { c: CandidateComparison }) {
  if (!c.winRate) return <p className="text-sm text-zinc-500">Win rate: no pairs judged yet{c.pairs ? "" : " (no pairs yet)"}.</p>;
  const { rate, low, high } = c.winRate;
  return (
    <div>
      <p className="text-sm">
        Win rate <strong>{pct(rate)}</strong> <span className="text-zinc-500">(95% CI {pct(low)}–{pct(high)}) over {c.judged} judged pairs · {c.wins} won, {c.losses} lost, {c.ties} tied</span>
      </p>
      <div className="relative mt-1 h-2 rounded bg-zinc-200 dark:bg-zinc-800" role="img" aria-label={`Win rate ${pct(rate)}, 95% interval ${pct(low)} to ${pct(high)}`}>
        <div className="absolute inset-y-0 rounded bg-indigo-200 dark:bg-indigo-900" style={{ left: `${low * 100}%`, width: `${(high - low) * 100}%` }} />
        <div className="absolute inset-y-0 w-0.5 bg-indigo-600" style={{ left: `${rate * 100}%` }} />
        <div className="absolute inset-y-0 w-px bg-zinc-500" style={{ left: "50%" }} />
      </div>
    </div>
  );
}

function Candidate({ c, dropped }: { c: CandidateComparison; dropped: number }) {
  return (
    <article className="space-y-3 border-t border-zinc-100 pt-3 first:border-0 first:pt-0 dark:border-zinc-800" aria-label={`Comparison for ${c.modelName}`}>
      <h3 className="font-mono text-sm font-medium">
        {c.modelName} <span className="font-sans text-xs font-normal text-zinc-500">· {c.pairs} pairs{dropped ? ` · ${dropped} dropped at the in-flight cap` : ""}</span>
      </h3>
      <Table
        look="inline"
        label={`Metrics for ${c.modelName}`}
        columns={["Metric", { header: "Production", align: "right" }, { header: "Candidate", align: "right" }]}
      >
        {ROWS.map((r) => (
          <Tr key={r.label}>
            <RowHeader className="font-normal">{r.label}</RowHeader>
            <Td align="right">{r.value(c.production)}</Td>
            <Td align="right">{r.value(c.candidate)}</Td>
          </Tr>
        ))}
      </Table>
      <WinRate c={c} />
      <details>
        <summary className="cursor-pointer text-sm">Disagreements ({c.disagreements.length})</summary>
        {c.disagreements.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">None: where bodies were stored, both answered alike, and both succeeded or failed together.</p>
        ) : (
          <ul className="mt-2 space-y-2" aria-label={`Disagreements for ${c.modelName}`}>
            {c.disagreements.map((d) => (
              <li key={d.shadowId} className="rounded-md border border-zinc-200 p-2 text-xs dark:border-zinc-800">
                <p className="text-zinc-500">{new Date(d.at).toLocaleString()}{d.verdict ? ` · judge: ${d.verdict}` : ""}</p>
                {d.prompt ? <p className="mt-1"><strong>Prompt:</strong> {d.prompt}</p> : null}
                <div className="mt-1 grid gap-2 sm:grid-cols-2">
                  <p><strong>Production:</strong> {d.primaryError ? <span className="text-red-600">failed · {d.primaryError}</span> : (d.primary ?? "(not stored)")}</p>
                  <p><strong>Candidate:</strong> {d.candidateError ? <span className="text-red-600">failed · {d.candidateError}</span> : (d.candidate ?? "(not stored)")}</p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </details>
    </article>
  );
}

export function ShadowComparisonPanel({ groupId }: { groupId: string }) {
  const [windowMinutes, setWindow] = useState(60);
  const cmp = useShadowComparison(groupId, windowMinutes);
  return (
    <section className={panel} aria-label="Live comparison">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">Live comparison</h2>
          <p className="text-xs text-zinc-500">Shadow candidates against production on the same requests · refreshes every 3 s</p>
        </div>
        <div>
          <label htmlFor="comparison-window" className={smallLabel}>Window</label>
          <Select id="comparison-window" value={windowMinutes} onChange={(e) => setWindow(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.minutes} value={w.minutes}>{w.label}</option>
            ))}
          </Select>
        </div>
      </div>
      {cmp.isPending ? (
        <LoadingState label="Loading the comparison…" />
      ) : cmp.isError ? (
        <ErrorState error={cmp.error} onRetry={() => cmp.refetch()} />
      ) : cmp.data.candidates.length === 0 ? (
        <p className="text-sm text-zinc-500">No shadow candidates, and no pairs in this window.</p>
      ) : (
        <div className="space-y-4">
          {cmp.data.candidates.map((c) => (
            <Candidate key={c.modelId} c={c} dropped={cmp.data.dropped[c.modelId] ?? 0} />
          ))}
        </div>
      )}
    </section>
  );
}
