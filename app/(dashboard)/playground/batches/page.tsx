import type { Metadata } from "next";
import { BatchForm } from "@/components/playground/batch-form";
import { BatchList } from "@/components/playground/batch-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Playground batches" };

export default function PlaygroundBatchesPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Batches" description="Run a prompt set against every column and compare win rates, latency, cost and errors." />
      <BatchList />
      <BatchForm />
    </div>
  );
}
