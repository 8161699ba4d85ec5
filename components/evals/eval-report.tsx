import type { EvalRunDetail } from "@/lib/evals/types";
import type { Comparison } from "@/lib/evals/stats";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";

// The report a user decides from: per target, the win rate against the baseline with its 95% Wilson interval
// and the sign test's verdict, then pass rates, latency, tokens and cost.

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);
const num = (v: number | null, d = 0) => (v === null ? "—" : v.toFixed(d));

function verdictText(c: Comparison, label: string, baseline: string): string {
  switch (c.verdict) {
    case "better":
      return `${label} is significantly better than ${baseline}`;
    case "worse":
      return `${label} is significantly worse than ${baseline}`;
    case "no_difference":
      return `No significant difference between ${label} and ${baseline}`;
    case "no_data":
      return `No decided cases yet between ${label} and ${baseline}`;
  }
}

export function Verdicts({ run }: { run: EvalRunDetail }) {
  const baseline = run.report[run.baseline]?.label ?? "the baseline";
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {run.report
        .filter((t) => t.vsBaseline)
        .map((t) => {
          const c = t.vsBaseline!;
          const tone = c.verdict === "better" ? "border-emerald-300 dark:border-emerald-800" : c.verdict === "worse" ? "border-red-300 dark:border-red-800" : "border-zinc-200 dark:border-zinc-800";
          return (
            <section key={t.target} aria-label={`Verdict for ${t.label}`} className={`rounded-lg border bg-white p-4 dark:bg-zinc-900 ${tone}`}>
              <h3 className="text-sm font-semibold">{t.label} vs {baseline}</h3>
              <p className="mt-2 text-2xl font-semibold tabular-nums" data-testid={`win-rate-${t.target}`}>
                {c.winRate ? `${pct(c.winRate.rate)} win rate` : "—"}
              </p>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {c.winRate ? `95% CI ${pct(c.winRate.low)} – ${pct(c.winRate.high)} (Wilson)` : "No decisions yet"} · {c.wins} wins, {c.losses} losses, {c.ties} ties ·
                by {c.source === "judge" ? "the LLM judge (both orders)" : "the scorers"}
              </p>
              <p className="mt-2 text-sm font-medium" data-testid={`verdict-${t.target}`}>
                {verdictText(c, t.label, baseline)}
              </p>
              <p className="text-xs text-zinc-500">Sign test (exact binomial, two-sided, ties dropped): p = {c.pValue < 0.0001 ? c.pValue.toExponential(2) : c.pValue.toFixed(4)}; significant below 0.05.</p>
              {t.vsBaselineVotes?.winRate ? (
                <p className="mt-2 text-sm" data-testid={`votes-${t.target}`}>
                  Human votes: {pct(t.vsBaselineVotes.winRate.rate)} win rate (95% CI {pct(t.vsBaselineVotes.winRate.low)} – {pct(t.vsBaselineVotes.winRate.high)}) over {t.vsBaselineVotes.decisions} vote
                  {t.vsBaselineVotes.decisions === 1 ? "" : "s"}, sign test p = {t.vsBaselineVotes.pValue.toFixed(4)}
                </p>
              ) : null}
            </section>
          );
        })}
    </div>
  );
}

export function ReportTable({ run }: { run: EvalRunDetail }) {
  const showStrength = run.targets.length > 2;
  return (
    <Table
      look="sheet"
      label="Report per target"
      bodyClassName="tabular-nums"
      columns={[
        "Target",
        "Win rate vs baseline (95% CI)",
        "Sign test p",
        showStrength && "Bradley–Terry strength",
        ...run.scorers.map((s) => `Pass: ${s.label}`),
        "Errors",
        "Latency p50 / p95",
        "TTFT p50",
        "Tokens in / out",
        "Cost / 1k cases",
      ]}
    >
      {run.report.map((t) => (
        <Tr key={t.target}>
          <RowHeader className="font-medium">
            {t.label}
            {t.target === run.baseline ? <span className="text-xs font-normal text-zinc-500"> (baseline)</span> : null}
          </RowHeader>
          <Td>{t.vsBaseline?.winRate ? `${pct(t.vsBaseline.winRate.rate)} (${pct(t.vsBaseline.winRate.low)}–${pct(t.vsBaseline.winRate.high)})` : "—"}</Td>
          <Td>{t.vsBaseline ? t.vsBaseline.pValue.toFixed(4) : "—"}</Td>
          {showStrength ? <Td>{t.strength === null ? "—" : t.strength.toFixed(3)}</Td> : null}
          {t.scorers.map((s) => (
            <Td key={s.id}>{s.passRate ? `${pct(s.passRate.rate)} (${s.passed}/${s.scored})` : "—"}</Td>
          ))}
          <Td>{t.errors}</Td>
          <Td>
            {ms(t.p50LatencyMs)} / {ms(t.p95LatencyMs)}
          </Td>
          <Td>{ms(t.p50TtftMs)}</Td>
          <Td>
            {num(t.meanTokensIn)} / {num(t.meanTokensOut)}
          </Td>
          <Td>{t.costPer1kCases === null ? "—" : `$${t.costPer1kCases.toFixed(4)}`}</Td>
        </Tr>
      ))}
    </Table>
  );
}
