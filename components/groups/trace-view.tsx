"use client";
import { Badge } from "@/components/ui/badge";
import type { GroupTestCall } from "@/lib/groups/console-schema";

// One call's routing trace: every attempt (member, status, latency, error class), skips, fallbacks, who served.

export function TraceView({ call, n }: { call: GroupTestCall; n: number }) {
  const t = call.trace;
  return (
    <div className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" aria-label={`Call ${n}`} role="group">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Call {n}</span>
        {call.ok ? <Badge tone="green">served by {t.servedBy?.memberName}</Badge> : <Badge tone="red">failed · {call.error?.kind}</Badge>}
        {t.fallbacks.length ? <Badge tone="amber">fallback used: {t.fallbacks.join(" → ")}</Badge> : null}
        <span className="ml-auto text-xs tabular-nums text-zinc-500">{t.totalMs} ms</span>
      </div>
      {call.ok ? (
        <p className="whitespace-pre-wrap rounded bg-zinc-50 p-2 text-sm dark:bg-zinc-950">{call.answer || "(empty answer)"}</p>
      ) : (
        <p className="text-sm text-red-700 dark:text-red-300">{call.error?.message}</p>
      )}
      <table className="w-full text-left text-xs" aria-label={`Trace of call ${n}`}>
        <thead className="text-zinc-500">
          <tr>
            <th scope="col" className="pr-2">#</th>
            <th scope="col" className="pr-2">Group</th>
            <th scope="col" className="pr-2">Member</th>
            <th scope="col" className="pr-2">Status</th>
            <th scope="col" className="pr-2 text-right">Latency</th>
            <th scope="col">Error class</th>
          </tr>
        </thead>
        <tbody>
          {t.attempts.map((a) => (
            <tr key={a.n} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="pr-2 tabular-nums">{a.n}</td>
              <td className="pr-2 font-mono">{a.group}</td>
              <td className="pr-2 font-mono">{a.memberName}</td>
              <td className={`pr-2 tabular-nums ${a.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>{a.status ?? (a.ok ? "ok" : "—")}</td>
              <td className="pr-2 text-right tabular-nums">{a.latencyMs} ms</td>
              <td>
                {a.errorKind ?? ""}
                {a.cooldownStarted ? <Badge tone="red" className="ml-1">cooldown started</Badge> : null}
                {a.waitedMs ? <span className="ml-1 text-zinc-500">(waited {a.waitedMs} ms)</span> : null}
              </td>
            </tr>
          ))}
          {t.attempts.length === 0 ? (
            <tr>
              <td colSpan={6} className="text-zinc-500">No attempt was made.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {t.skipped.length ? (
        <p className="text-xs text-zinc-500">
          Skipped: {t.skipped.map((s) => `${s.memberName} (${s.group}, ${s.reason.replaceAll("_", " ")})`).join(", ")}
        </p>
      ) : null}
    </div>
  );
}
