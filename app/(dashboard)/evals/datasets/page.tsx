import type { Metadata } from "next";
import { DatasetImportForm } from "@/components/evals/dataset-import-form";
import { DatasetList } from "@/components/evals/dataset-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Datasets" };

export default function DatasetsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Datasets" description="Named, versioned sets of test cases: a prompt (or messages) with variables, an optional reference answer, and tags." />
      <DatasetList />
      <DatasetImportForm />
    </div>
  );
}
