import type { Metadata } from "next";
import { ModelList } from "@/components/models/model-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Models" };

export default function ModelsPage() {
  return (
    <>
      <PageHeader title="Models" description="Base and fine-tuned deployments, registered under their provider identifiers." />
      <ModelList />
    </>
  );
}
