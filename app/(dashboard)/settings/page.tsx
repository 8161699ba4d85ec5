import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/states";
import { HealthCheckSettingsPanel } from "@/components/settings/health-check-settings";
import { describeInstance } from "@/lib/server/instance-info";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default function SettingsPage() {
  const info = describeInstance();
  const rows: Array<[string, string]> = [
    ["Database", info.database],
    ["Master key", info.masterKey],
    ["Secret encryption", info.encryption],
    ["Built-in simulator", info.simulator],
  ];
  return (
    <>
      <PageHeader title="Settings" description="How this instance is configured. Change these through environment variables and restart." />
      <dl className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {rows.map(([k, v]) => (
          <div key={k} className="grid grid-cols-3 gap-4 px-4 py-3 text-sm">
            <dt className="font-medium">{k}</dt>
            <dd className="col-span-2 font-mono text-xs text-zinc-700 dark:text-zinc-300">{v}</dd>
          </div>
        ))}
      </dl>
      <HealthCheckSettingsPanel />
    </>
  );
}
