"use client";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { QueryView } from "@/components/ui/states";
import { RowHeader, Table, Td, Tr } from "@/components/ui/table";
import type { MemberHealthView } from "@/lib/groups/console-schema";
import { useGroupHealth } from "@/lib/query/groups";
import { useRunHealthChecks } from "@/lib/query/health-checks";
import { panel } from "./styles";

// Live health per member, from the router's state and the request log; refreshes on its own.
// Cooldowns are shown as they are, with the seconds left counting down between refreshes; once one is over the
// member is "recovering" until its single trial request answers.

function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/**
 * One state per member: "healthy" needs evidence (a good call through the group, or a passing check);
 * with neither it says there is nothing to go on yet, instead of "healthy" beside "not checked".
 */
function MemberState({ m, elapsed }: { m: MemberHealthView; elapsed: number }) {
  const left = Math.max(0, Math.ceil(m.cooldownRemainingSeconds - elapsed));
  if (!m.enabled) return <Badge>disabled</Badge>;
  if (m.coolingDown && left > 0) return <Badge tone="red" className="whitespace-nowrap">cooling down · {left}s left</Badge>;
  if (m.coolingDown || m.recovering) {
    return (
      <Badge tone="indigo" className="whitespace-nowrap">
        recovering · one trial request
      </Badge>
    );
  }
  if (m.recentFailures > 0) return <Badge tone="amber">{m.recentFailures} recent failure{m.recentFailures === 1 ? "" : "s"}</Badge>;
  if (m.requests > 0 && m.successRate === 0) return <Badge tone="red">failing</Badge>;
  if (m.requests > 0 || m.lastCheck?.ok) return <Badge tone="green">healthy</Badge>;
  if (m.lastCheck) return <Badge tone="red">check failed</Badge>;
  return <Badge>no traffic yet</Badge>;
}

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10}%`);

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.floor(s / 60)} min ago` : `${Math.floor(s / 3600)} h ago`;
}

/** The latest health check, under the member's state: checks inform, they do not change routing. */
function LastCheck({ check, now }: { check: MemberHealthView["lastCheck"]; now: number }) {
  if (!check) return null;
  return (
    <span className="mt-1 block text-xs">
      <span className={check.ok ? "text-green-700 dark:text-green-400" : "text-red-600 dark:text-red-400"}>
        {check.ok ? `check ok · ${check.latencyMs} ms` : `check failed · ${check.errorKind ?? "error"}`}
      </span>
      <span className="text-zinc-500"> · {ago(check.at, now)}</span>
    </span>
  );
}

export function HealthPanel({ groupId }: { groupId: string }) {
  const health = useGroupHealth(groupId);
  const now = useNow();
  const elapsed = health.dataUpdatedAt ? Math.max(0, (now - health.dataUpdatedAt) / 1000) : 0;
  const check = useRunHealthChecks(groupId);
  return (
    <section className={panel} aria-label="Live health">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">Live health</h2>
          {health.data ? (
            <p className="text-xs text-zinc-500">
              Requests through {health.data.name} in the last {health.data.windowMinutes} min (a member&apos;s other traffic is not counted) · refreshes every 2 s
            </p>
          ) : null}
        </div>
        <Button type="button" variant="secondary" size="sm" className="whitespace-nowrap" disabled={check.isPending} onClick={() => check.mutate()}>
          {check.isPending ? "Checking…" : "Check now"}
        </Button>
      </div>
      {check.isError ? <p role="alert" className="mb-2 text-sm text-red-600">Health check failed: {check.error.message}</p> : null}
      <QueryView
        query={health}
        loading="Loading health…"
        isEmpty={(d) => d.members.length === 0}
        empty={<p className="text-sm text-zinc-500">This group has no members.</p>}
      >
        {(d) => (
          <Table
            look="inline"
            label="Member health"
            columns={["Member", "State", ...["Requests", "Success", "p50", "In flight"].map((header) => ({ header, align: "right" as const }))]}
          >
            {d.members.map((m) => (
              <Tr key={m.modelId}>
                {/* Names break after their hyphens, never inside a word. */}
                <RowHeader className="font-mono text-xs font-normal break-words hyphens-none">{m.modelName}</RowHeader>
                <Td>
                  <MemberState m={m} elapsed={elapsed} />
                  {m.lastErrorKind && (m.coolingDown || m.recentFailures) ? <span className="ml-1 text-xs text-zinc-500">{m.lastErrorKind}</span> : null}
                  {m.openedBy && (m.coolingDown || m.recovering) ? <span className="block text-xs text-zinc-500">opened by instance {m.openedBy}</span> : null}
                  <LastCheck check={m.lastCheck} now={now} />
                </Td>
                <Td align="right" aria-label={`${m.requests} ${m.requests === 1 ? "request" : "requests"} through ${d.name}`}>
                  {m.requests}
                </Td>
                <Td align="right">{pct(m.successRate)}</Td>
                <Td align="right" className="whitespace-nowrap">{m.p50Ms === null ? "—" : `${m.p50Ms} ms`}</Td>
                <Td align="right">
                  {m.inFlight}
                  {m.instances && m.instances.length > 1 ? (
                    <span className="block whitespace-nowrap text-xs text-zinc-500" title="Attempts in flight per instance">
                      {m.instances.map((i) => `${i.instance} ${i.inFlight}`).join(" · ")}
                    </span>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Table>
        )}
      </QueryView>
    </section>
  );
}
