import type { Metadata } from "next";
import { RunHistory } from "@/components/playground/run-history";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Playground history" };

export default function PlaygroundHistoryPage() {
  return (
    <>
      <PageHeader title="Run history" description="Every playground run is saved with its prompt, parameters, outputs, metrics, votes and verdicts." />
      <RunHistory />
    </>
  );
}
