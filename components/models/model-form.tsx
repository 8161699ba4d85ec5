"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormSection, Input, Select, Textarea } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-errors";
import { describeDetection } from "@/lib/models/describe";
import { PROVIDER_LABELS } from "@/lib/models/providers";
import { ProviderOptions } from "./provider-options";
import type { PublicModel, TestResult } from "@/lib/models/schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useCreateModel, useResolve, useTestDraft, useTestEdits, useTestModel, useUpdateModel } from "@/lib/query/models";
import { emptyValues, toCreateBody, toPatchBody, valuesFromModel, type ModelFormValues } from "./form-values";
import { ProviderFields } from "./provider-fields";
import { SecretFields } from "./secret-fields";
import { TestResultView } from "./test-result";
import { useDebounced } from "./use-debounced";

type Props = { mode: "create"; simulatorUrl?: string } | { mode: "edit"; model: PublicModel; simulatorUrl?: string };

const FORM_FIELDS = new Set<string>(Object.keys(emptyValues()));

export function ModelForm(props: Props) {
  const router = useRouter();
  const editing = props.mode === "edit" ? props.model : undefined;
  const form = useForm<ModelFormValues>({ defaultValues: editing ? valuesFromModel(editing) : emptyValues() });
  const { register, control, setValue, setError, handleSubmit, formState, reset, getValues } = form;
  const errors = formState.errors;
  const [formError, setFormError] = useState<string>();
  // Goes up on every refused save or test: the summary then names the invalid fields and focus moves to the first.
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const [conflict, setConflict] = useState<PublicModel>();
  const [test, setTest] = useState<TestResult & { unsaved?: boolean }>();
  // The version this edit is based on; reloading after a conflict moves it to the latest.
  const [baseVersion, setBaseVersion] = useState(editing?.version ?? 0);

  const create = useCreateModel();
  const update = useUpdateModel(editing?.id ?? "");
  const testDraft = useTestDraft();
  const testSaved = useTestModel();
  const testEdits = useTestEdits(editing?.id ?? "");

  const modelId = useDebounced(useWatch({ control, name: "model" }), 300);
  const apiBase = useDebounced(useWatch({ control, name: "apiBase" }), 300);
  const provider = useWatch({ control, name: "provider" });
  const resolved = useResolve({ model: modelId, apiBase: apiBase || undefined, provider: provider || undefined });
  const detected = resolved.data;
  const effectiveProvider = provider || detected?.provider || "";

  // Prefill project and location from a Vertex resource path, without overwriting what the user typed.
  useEffect(() => {
    if (detected?.project && !getValues("project")) setValue("project", detected.project);
    if (detected?.location && !getValues("location")) setValue("location", detected.location);
  }, [detected, getValues, setValue]);

  function showServerError(err: unknown) {
    if (!(err instanceof ApiClientError)) {
      setFormError("Could not reach the server.");
      setAttempt((a) => a + 1);
      return;
    }
    if (err.code === "version_conflict") {
      setConflict(err.details?.current as PublicModel | undefined);
      return;
    }
    const unmatched: string[] = [];
    for (const [field, messages] of Object.entries(err.fields ?? {})) {
      const key = field === "tags" || field.startsWith("tags.") ? "tags" : field.startsWith("headers") ? "headers" : field;
      if (FORM_FIELDS.has(key)) setError(key as keyof ModelFormValues, { message: messages[0] });
      else unmatched.push(messages[0]);
    }
    setFormError(unmatched.length ? unmatched.join(" ") : err.fields ? undefined : err.message);
    setAttempt((a) => a + 1);
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      // A test run before saving becomes the model's last test; the server keeps it only if the saved connection is the one tested.
      const testReceipt = test?.receipt;
      const saved = editing
        ? await update.mutateAsync({ ...toPatchBody(values, baseVersion), testReceipt })
        : await create.mutateAsync({ ...toCreateBody(values), testReceipt });
      router.push(`/models/${saved.id}`);
    } catch (err) {
      showServerError(err);
    }
  });

  async function runTest() {
    setFormError(undefined);
    setTest(undefined);
    try {
      if (!editing) setTest(await testDraft.mutateAsync(toCreateBody(getValues())));
      // An edit in progress is tested as it stands (the stored key unless a new one was typed); the saved model is untouched.
      else if (formState.isDirty) setTest({ ...(await testEdits.mutateAsync(toPatchBody(getValues(), baseVersion))), unsaved: true });
      else setTest(await testSaved.mutateAsync(editing.id));
    } catch (err) {
      showServerError(err);
    }
  }

  const saving = create.isPending || update.isPending;
  const testing = testDraft.isPending || testSaved.isPending || testEdits.isPending;
  const resolveError = resolved.error instanceof ApiClientError ? resolved.error : undefined;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-3xl space-y-8" aria-label={editing ? `Edit ${editing.name}` : "Register a model"}>
      {conflict ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">Someone else changed this model (now version {conflict.version}) since you opened it.</p>
          <p className="mt-1">Your edit was not saved. Reload to see the latest version, then apply your change again.</p>
          <Button
            variant="secondary"
            size="sm"
            className="mt-2"
            onClick={() => {
              reset(valuesFromModel(conflict));
              setBaseVersion(conflict.version);
              setConflict(undefined);
            }}
          >
            Reload latest version
          </Button>
        </div>
      ) : null}

      <FormSection title="Model">
        <Field
          label="Model id"
          htmlFor="model"
          error={errors.model?.message}
          hint="The provider's identifier: ft:gpt-4o-mini-…, a Vertex resource path, an Azure model, a LoRA name, or provider/id."
        >
          <Input id="model" autoComplete="off" spellCheck={false} className="font-mono" {...register("model")} />
        </Field>
        <div aria-live="polite" className="text-sm">
          {modelId && resolved.isFetching && !detected ? <p className="text-zinc-500">Detecting…</p> : null}
          {detected && !resolveError ? (
            <p data-testid="detection" className="rounded-md bg-indigo-50 px-3 py-2 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200">
              <span className="font-medium">Detected:</span> {describeDetection(detected, apiBase || undefined)}
            </p>
          ) : null}
          {resolveError && modelId ? (
            <p className="text-amber-700 dark:text-amber-300">{Object.values(resolveError.fields ?? {})[0]?.[0] ?? resolveError.message}</p>
          ) : null}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Provider" htmlFor="provider" error={errors.provider?.message} hint="Override the detected provider if needed.">
            <Select id="provider" {...register("provider")}>
              <option value="">{detected ? `Detect (${PROVIDER_LABELS[detected.provider]})` : "Detect from the model id"}</option>
              <ProviderOptions />
            </Select>
          </Field>
          <Field label="Display name" htmlFor="name" error={errors.name?.message} hint="Unique; this is what groups and the playground show.">
            <Input id="name" autoComplete="off" {...register("name")} />
          </Field>
          <Field label="Kind" htmlFor="kind" error={errors.kind?.message}>
            <Select id="kind" {...register("kind")}>
              <option value="">{detected ? `Detect (${detected.kind === "fine_tuned" ? "fine-tuned" : "base"})` : "Detect"}</option>
              <option value="base">Base</option>
              <option value="fine_tuned">Fine-tuned</option>
            </Select>
          </Field>
          <Field
            label={effectiveProvider === "azure" ? "Base model (required for Azure)" : "Base model"}
            htmlFor="baseModel"
            error={errors.baseModel?.message}
            hint={detected?.baseModel ? `Derived: ${detected.baseModel}. Cost and context window come from it.` : "Cost and context window come from it."}
          >
            <Input id="baseModel" className="font-mono" placeholder={detected?.baseModel ?? ""} {...register("baseModel")} />
          </Field>
        </div>
        <Field label="Description" htmlFor="description" error={errors.description?.message}>
          <Textarea id="description" rows={2} {...register("description")} />
        </Field>
        <Field label="Tags" htmlFor="tags" error={errors.tags?.message} hint="Comma-separated, e.g. prod, support">
          <Input id="tags" {...register("tags")} />
        </Field>
      </FormSection>

      <ProviderFields provider={effectiveProvider} form={form} simulatorUrl={props.simulatorUrl} />
      <SecretFields provider={effectiveProvider} form={form} editing={editing} />

      <FormSection title="Pricing and context">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Leave empty to use the price table for the base model.</p>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Input price (USD / 1M tokens)" htmlFor="inputPricePerMTok" error={errors.inputPricePerMTok?.message}>
            <Input id="inputPricePerMTok" inputMode="decimal" {...register("inputPricePerMTok")} />
          </Field>
          <Field label="Output price (USD / 1M tokens)" htmlFor="outputPricePerMTok" error={errors.outputPricePerMTok?.message}>
            <Input id="outputPricePerMTok" inputMode="decimal" {...register("outputPricePerMTok")} />
          </Field>
          <Field label="Context window (tokens)" htmlFor="contextWindow" error={errors.contextWindow?.message}>
            <Input id="contextWindow" inputMode="numeric" {...register("contextWindow")} />
          </Field>
        </div>
      </FormSection>

      <details className="space-y-4 rounded-md border border-zinc-200 p-4 dark:border-zinc-800" open={Boolean(editing?.ftJobId)}>
        <summary className="cursor-pointer text-base font-semibold">Fine-tune metadata</summary>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          <Field label="Job id" htmlFor="ftJobId" error={errors.ftJobId?.message}>
            <Input id="ftJobId" className="font-mono" {...register("ftJobId")} />
          </Field>
          <Field label="Training file" htmlFor="ftTrainingFile" error={errors.ftTrainingFile?.message}>
            <Input id="ftTrainingFile" className="font-mono" {...register("ftTrainingFile")} />
          </Field>
          <Field label="Epochs" htmlFor="ftEpochs" error={errors.ftEpochs?.message}>
            <Input id="ftEpochs" inputMode="numeric" {...register("ftEpochs")} />
          </Field>
          <Field label="Trained tokens" htmlFor="ftTrainedTokens" error={errors.ftTrainedTokens?.message}>
            <Input id="ftTrainedTokens" inputMode="numeric" {...register("ftTrainedTokens")} />
          </Field>
          <Field label="Created at" htmlFor="ftCreatedAt" error={errors.ftCreatedAt?.message}>
            <Input id="ftCreatedAt" type="date" {...register("ftCreatedAt")} />
          </Field>
        </div>
      </details>

      <FormSection title="Custom headers">
        <Field
          label="Headers"
          htmlFor="headers"
          error={errors.headers?.message}
          hint={
            editing?.headerNames.length
              ? `Stored (values hidden): ${editing.headerNames.join(", ")}. Type new lines to replace them.`
              : "One per line, Name: value. Values are encrypted and never shown again."
          }
        >
          <Textarea id="headers" rows={2} className="font-mono" placeholder="X-Org: acme" {...register("headers")} />
        </Field>
        {editing?.headerNames.length ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="h-4 w-4" {...register("clearHeaders")} />
            Remove the stored headers
          </label>
        ) : null}
      </FormSection>

      {test?.unsaved ? <p className="text-xs text-zinc-500">Tested with your unsaved changes; they are not saved yet.</p> : null}
      {test ? <TestResultView result={test} /> : null}
      <FormErrorSummary formRef={formRef} attempt={attempt} message={formError} />

      <div className="flex flex-wrap gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : editing ? "Save changes" : "Register model"}
        </Button>
        <Button variant="secondary" onClick={runTest} disabled={testing}>
          {testing ? "Testing…" : editing && !formState.isDirty ? "Test saved connection" : "Test connection"}
        </Button>
        <Link href={editing ? `/models/${editing.id}` : "/models"} className="inline-flex items-center px-3 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          Cancel
        </Link>
      </div>
    </form>
  );
}
