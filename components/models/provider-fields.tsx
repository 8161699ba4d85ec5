"use client";
import type { UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormSection, Input } from "@/components/ui/field";
import type { ModelFormValues } from "./form-values";

/** The connection fields the chosen (or detected) provider needs. */
export function ProviderFields({ provider, form, simulatorUrl }: { provider: string; form: UseFormReturn<ModelFormValues>; simulatorUrl?: string }) {
  const { register, formState, setValue } = form;
  const errors = formState.errors;
  const apiBaseHint: Record<string, string> = {
    azure: "The resource endpoint, e.g. https://my-resource.openai.azure.com",
    hosted_vllm: "The vLLM server, e.g. http://gpu-box:8000/v1",
    ollama: "The Ollama server, e.g. http://localhost:11434",
    openai: "Leave empty for api.openai.com, or any OpenAI-compatible server (…/v1)",
    simulator: "Leave empty for the built-in simulator",
  };

  return (
    <FormSection title="Connection">
      {provider === "vertex_ai" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Google Cloud project" htmlFor="project" error={errors.project?.message} hint="Prefilled from a resource path.">
            <Input id="project" {...register("project")} />
          </Field>
          <Field label="Location" htmlFor="location" error={errors.location?.message} hint="Region, e.g. us-central1">
            <Input id="location" {...register("location")} />
          </Field>
        </div>
      ) : (
        <Field label="API base" htmlFor="apiBase" error={errors.apiBase?.message} hint={apiBaseHint[provider] ?? "The provider's API base URL, if not the default."}>
          <div className="flex gap-2">
            <Input id="apiBase" className="font-mono" placeholder="https://…" {...register("apiBase")} />
            {simulatorUrl && provider !== "azure" ? (
              <Button variant="secondary" size="sm" className="shrink-0" onClick={() => setValue("apiBase", `${simulatorUrl}/v1`, { shouldDirty: true })}>
                Use built-in simulator
              </Button>
            ) : null}
          </div>
        </Field>
      )}
      {provider === "azure" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="API version" htmlFor="apiVersion" error={errors.apiVersion?.message} hint="e.g. 2024-10-21">
            <Input id="apiVersion" {...register("apiVersion")} />
          </Field>
          <Field label="Deployment name" htmlFor="azureDeployment" error={errors.azureDeployment?.message} hint="Defaults to the model id.">
            <Input id="azureDeployment" {...register("azureDeployment")} />
          </Field>
        </div>
      ) : null}
    </FormSection>
  );
}
