import type { Metadata } from "next";
import { EvalRunForm } from "@/components/evals/eval-run-form";
import { EvalRunList } from "@/components/evals/eval-run-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Evaluations" };

export default function EvalsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Evaluations" description="Run a dataset against a base model and its fine-tunes on the server, and see with statistics which one wins." />
      <EvalRunList />
      <EvalRunForm />
    </div>
  );
}
