import type { Metadata } from "next";
import { ModelForm } from "@/components/models/model-form";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Register a model" };
export const dynamic = "force-dynamic";

export default function NewModelPage() {
  return (
    <>
      <PageHeader title="Register a model" description="Paste the provider's model id: the provider and base model are detected as you type." />
      <ModelForm mode="create" simulatorUrl={process.env.SIMULATOR_URL} />
    </>
  );
}
