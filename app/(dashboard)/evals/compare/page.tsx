import type { Metadata } from "next";
import { EvalCompare } from "@/components/evals/eval-compare";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Compare eval runs" };

export default function CompareEvalRunsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Compare eval runs" description="Did the new fine-tune improve on the last one, on the same dataset version?" />
      <EvalCompare />
    </div>
  );
}
