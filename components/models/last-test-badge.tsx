import { Badge } from "@/components/ui/badge";
import type { PublicModel } from "@/lib/models/schema";

export function LastTestBadge({ lastTest }: { lastTest: PublicModel["lastTest"] }) {
  if (!lastTest) return <span className="text-xs text-zinc-500">Not tested</span>;
  return (
    <span title={`${lastTest.message ?? ""}${lastTest.endpoint ? `\n${lastTest.endpoint}` : ""}\n${new Date(lastTest.at).toLocaleString()}`}>
      <Badge tone={lastTest.ok ? "green" : "red"}>{lastTest.ok ? `OK · ${lastTest.latencyMs ?? "?"} ms` : "Failed"}</Badge>
    </span>
  );
}
