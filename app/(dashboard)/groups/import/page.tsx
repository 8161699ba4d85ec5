import type { Metadata } from "next";
import { ImportPanel } from "@/components/groups/import-panel";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Import a LiteLLM config" };

export default function ImportGroupsPage() {
  return (
    <>
      <PageHeader title="Import a LiteLLM config" description="Registers the models in model_list and creates one routing group per model_name." />
      <ImportPanel />
    </>
  );
}
