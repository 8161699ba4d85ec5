"use client";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Tr } from "@/components/ui/table";
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
      <Table
        look="inline"
        className="text-xs"
        label={`Trace of call ${n}`}
        columns={["#", "Group", "Member", "Status", { header: "Latency", align: "right" }, "Error class"]}
      >
        {t.attempts.map((a) => (
          <Tr key={a.n}>
            <Td className="tabular-nums">{a.n}</Td>
            <Td className="font-mono">{a.group}</Td>
            <Td className="font-mono">{a.memberName}</Td>
            <Td className={`tabular-nums ${a.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>{a.status ?? (a.ok ? "ok" : "—")}</Td>
            <Td align="right">{a.latencyMs} ms</Td>
            <Td>
              {a.errorKind ?? ""}
              {a.cooldownStarted ? <Badge tone="red" className="ml-1">cooldown started</Badge> : null}
              {a.waitedMs ? <span className="ml-1 text-zinc-500">(waited {a.waitedMs} ms)</span> : null}
            </Td>
          </Tr>
        ))}
        {t.attempts.length === 0 ? (
          <Tr>
            <Td colSpan={6} className="text-zinc-500">
              No attempt was made.
            </Td>
          </Tr>
        ) : null}
      </Table>
      {t.skipped.length ? (
        <p className="text-xs text-zinc-500">
          Skipped: {t.skipped.map((s) => `${s.memberName} (${s.group}, ${s.reason.replaceAll("_", " ")})`).join(", ")}
        </p>
      ) : null}
    </div>
  );
}
