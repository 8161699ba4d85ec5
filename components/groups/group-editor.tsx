"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-errors";
import { GroupCreateSchema, type PublicGroup } from "@/lib/groups/schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { zodFieldErrors } from "@/lib/litellm/issues";
import { useCreateGroup, useUpdateGroup } from "@/lib/query/groups";
import { FallbackLists } from "./fallback-lists";
import { draftFromGroup, draftToBody, emptyDraft, type GroupDraft } from "./group-draft";
import { MemberTable } from "./member-table";
import { GeneralFields, ReliabilityFields } from "./settings-fields";
import { panel } from "./styles";

type Errors = Record<string, string[] | undefined>;

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className={panel} aria-label={title}>
      <h2 className="text-base font-semibold">{title}</h2>
      {description ? <p className="mb-3 mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : <div className="mb-3" />}
      {children}
    </section>
  );
}

/** Create (no `group`) or edit a routing group; an edit carries the loaded version, and a stale one offers a reload. */
export function GroupEditor({ group }: { group?: PublicGroup }) {
  const router = useRouter();
  const [draft, setDraft] = useState<GroupDraft>(() => (group ? draftFromGroup(group) : emptyDraft()));
  const [version, setVersion] = useState(group?.version ?? 0);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<PublicGroup | null>(null);
  const [saved, setSaved] = useState(false);
  // Goes up on every refused save: the summary names the highlighted fields and focus moves to the first.
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateGroup();
  const update = useUpdateGroup(group?.id ?? "");
  const mutation = group ? update : create;
  const serverError = mutation.error instanceof ApiClientError ? mutation.error : null;
  const errors: Errors = { ...(serverError?.fields ?? {}), ...clientErrors };
  // The server's message names fields by path ("fallbacks.0: …"); with field errors, each is shown in words by its field instead.
  const formMessage = mutation.isError && !conflict && !serverError?.fields ? (mutation.error instanceof Error ? mutation.error.message : "Could not save the group.") : undefined;

  const set = <K extends keyof GroupDraft>(key: K, value: GroupDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A new attempt: the last save's server errors no longer apply.
    mutation.reset();
    const body = draftToBody(draft);
    const parsed = GroupCreateSchema.safeParse(body);
    if (!parsed.success) {
      setClientErrors(zodFieldErrors(parsed.error.issues));
      setAttempt((a) => a + 1);
      return;
    }
    setClientErrors({});
    const refused = () => setAttempt((a) => a + 1);
    if (!group) {
      create.mutate(body, { onSuccess: (g) => router.push(`/groups/${g.id}`), onError: refused });
      return;
    }
    update.mutate(
      { ...body, version },
      {
        onSuccess: (g) => {
          setVersion(g.version);
          setDraft(draftFromGroup(g));
          setSaved(true);
        },
        onError: (err) => {
          if (err instanceof ApiClientError && err.code === "version_conflict") setConflict((err.details?.current as PublicGroup | undefined) ?? null);
          else refused();
        },
      },
    );
  };

  const reload = () => {
    if (!conflict) return;
    setDraft(draftFromGroup(conflict));
    setVersion(conflict.version);
    setConflict(null);
    update.reset();
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" aria-label={group ? `Edit ${group.name}` : "New routing group"}>
      {conflict ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <p>
            Someone else saved “{conflict.name}” (now version {conflict.version}) since you loaded it, so your save was not applied. Reload to see the latest
            version, then make your edit again.
          </p>
          <Button variant="secondary" onClick={reload}>
            Reload latest version
          </Button>
        </div>
      ) : null}
      <Section title="Group" description="The name callers use, and how a member is picked for each request.">
        <GeneralFields draft={draft} set={set} errors={errors} />
      </Section>
      <Section title="Members" description="Registered models behind this name. Shares are within an order tier: tier 0 first, higher tiers only when lower ones are unavailable.">
        <MemberTable members={draft.members} onChange={(m) => set("members", m)} errors={errors} />
      </Section>
      <Section title="Fallbacks" description="Cycles, unknown groups and groups with no enabled member are refused on save.">
        <FallbackLists
          self={group?.name ?? draft.name}
          value={{ fallbacks: draft.fallbacks, contextWindowFallbacks: draft.contextWindowFallbacks, contentPolicyFallbacks: draft.contentPolicyFallbacks }}
          errors={errors}
          onChange={(field, names) => set(field, names)}
        />
      </Section>
      <Section title="Retries, timeouts and cooldowns" description="Defaults suit most groups.">
        <ReliabilityFields draft={draft} set={set} errors={errors} />
      </Section>
      <FormErrorSummary formRef={formRef} attempt={attempt} message={formMessage} />
      <div className="flex items-center justify-end gap-3">
        <p aria-live="polite" className="text-sm text-emerald-700 dark:text-emerald-400">
          {saved ? `Saved (version ${version}).` : ""}
        </p>
        <Button type="submit" disabled={mutation.isPending || Boolean(conflict)}>
          {mutation.isPending ? "Saving…" : group ? "Save changes" : "Create group"}
        </Button>
      </div>
    </form>
  );
}
