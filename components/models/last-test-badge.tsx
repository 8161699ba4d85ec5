import { Badge } from "@/components/ui/badge";
import type { PublicModel } from "@/lib/models/schema";

/** `withTime`: put when the test ran (in this time zone) in the tooltip; leave it out where the time zone is not the reader's. */
export function LastTestBadge({ lastTest, withTime = true }: { lastTest: PublicModel["lastTest"]; withTime?: boolean }) {
  if (!lastTest) return <span className="text-xs text-zinc-500">Not tested</span>;
  const when = withTime ? `\n${new Date(lastTest.at).toLocaleString()}` : "";
  return (
    <span title={`${lastTest.message ?? ""}${lastTest.endpoint ? `\n${lastTest.endpoint}` : ""}${when}`}>
      <Badge tone={lastTest.ok ? "green" : "red"}>{lastTest.ok ? `OK · ${lastTest.latencyMs ?? "?"} ms` : "Failed"}</Badge>
    </span>
  );
}
