"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, Input } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { HealthCheckSettingsSchema, type HealthCheckSettings, type HealthCheckSettingsView } from "@/lib/groups/health-check-schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useHealthCheckSettings, useSaveHealthCheckSettings } from "@/lib/query/health-checks";

// Settings → Background health checks: on/off and the interval, saved with the version the form loaded,
// so a save over someone else's newer edit is refused (with a reload) rather than silently reverting it.

export function HealthCheckSettingsPanel() {
  const query = useHealthCheckSettings();
  return (
    <section aria-labelledby="health-checks-title" className="mt-8 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="health-checks-title" className="text-base font-semibold">Background health checks</h2>
      <p className="mt-1 text-sm text-zinc-500">
        Sends a one-token request to every model that is an enabled member of a routing group. Results appear as “Last check” in each
        group’s live health. Checks do not change routing, and providers bill them like any request.
      </p>
      <div className="mt-4">
        {query.isPending ? <LoadingState label="Loading settings…" /> : query.isError ? <ErrorState error={query.error} onRetry={() => query.refetch()} /> : <HealthCheckForm current={query.data} />}
      </div>
    </section>
  );
}

function HealthCheckForm({ current }: { current: HealthCheckSettingsView }) {
  const save = useSaveHealthCheckSettings();
  const [version, setVersion] = useState(current.version);
  const [conflict, setConflict] = useState<HealthCheckSettingsView>();
  const [saved, setSaved] = useState(false);
  const form = useForm<HealthCheckSettings>({
    resolver: zodResolver(HealthCheckSettingsSchema),
    defaultValues: { enabled: current.enabled, intervalSeconds: current.intervalSeconds },
  });
  const { register, handleSubmit, formState, reset, setError } = form;

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, formState.errors.intervalSeconds?.message);
  const onSubmit = handleSubmit(async (values) => {
    setConflict(undefined);
    try {
      const next = await save.mutateAsync({ ...values, version });
      setVersion(next.version);
      reset({ enabled: next.enabled, intervalSeconds: next.intervalSeconds });
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiClientError && err.status === 409) setConflict(err.details?.current as HealthCheckSettingsView);
      else if (err instanceof ApiClientError && err.fields?.intervalSeconds) setError("intervalSeconds", { message: err.fields.intervalSeconds[0] });
      else setError("root", { message: err instanceof Error ? err.message : "Could not save" });
    }
  });

  const reload = () => {
    if (!conflict) return;
    setVersion(conflict.version);
    reset({ enabled: conflict.enabled, intervalSeconds: conflict.intervalSeconds });
    setConflict(undefined);
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" {...register("enabled")} className="h-4 w-4" />
        Run health checks in the background
      </label>
      <Field label="Interval (seconds)" htmlFor="hc-interval" error={formState.errors.intervalSeconds?.message} hint="From 10 seconds to one day.">
        <Input id="hc-interval" type="number" inputMode="numeric" className="max-w-40" {...register("intervalSeconds", { valueAsNumber: true })} />
      </Field>
      <p className="text-xs text-zinc-500">
        Checks {current.models} model{current.models === 1 ? "" : "s"} per run · last check{" "}
        {current.lastCheckAt ? <time dateTime={current.lastCheckAt}>{new Date(current.lastCheckAt).toLocaleString()}</time> : "never"}
      </p>
      {conflict ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          Someone changed these settings since you loaded them (now {conflict.enabled ? `on, every ${conflict.intervalSeconds} s` : "off"}).{" "}
          <Button type="button" variant="secondary" size="sm" onClick={reload}>
            Reload latest version
          </Button>
        </div>
      ) : null}
      {formState.errors.root ? <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : "Save health checks"}
        </Button>
        {saved && !formState.isDirty ? <span role="status" className="text-sm text-green-700 dark:text-green-400">Saved</span> : null}
      </div>
    </form>
  );
}
