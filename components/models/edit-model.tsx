"use client";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { useModel } from "@/lib/query/models";
import { ModelForm } from "./model-form";

export function EditModel({ id, simulatorUrl }: { id: string; simulatorUrl?: string }) {
  const model = useModel(id);
  if (model.isPending) return <LoadingState label="Loading model…" />;
  if (model.isError) return <ErrorState error={model.error} onRetry={() => model.refetch()} />;
  return (
    <>
      <PageHeader title={`Edit ${model.data.name}`} description={`Version ${model.data.version}. Emptying a field clears it.`} />
      <ModelForm key={model.data.id} mode="edit" model={model.data} simulatorUrl={simulatorUrl} />
    </>
  );
}
