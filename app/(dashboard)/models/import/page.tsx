import type { Metadata } from "next";
import { DiscoverModels } from "@/components/models/discover-models";
import { ImportJobs } from "@/components/models/import-jobs";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Import models" };
export const dynamic = "force-dynamic";

export default function ImportPage() {
  const simulatorUrl = process.env.SIMULATOR_URL;
  return (
    <>
      <PageHeader title="Import models" description="Register fine-tunes from your OpenAI fine-tuning jobs, or discover what an OpenAI-compatible server serves." />
      <div className="space-y-10">
        <ImportJobs simulatorUrl={simulatorUrl} />
        <DiscoverModels simulatorUrl={simulatorUrl} />
      </div>
    </>
  );
}
