"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Select, errorId } from "@/components/ui/field";
import { LoadingState, ErrorState } from "@/components/ui/states";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/models/providers";
import { useModels } from "@/lib/query/models";
import { canaryPair, formatShare, memberShares, type MemberDraft } from "./group-draft";
import { ShareBars } from "./share-bar";
import { smallLabel } from "./styles";
import { TrafficSplit } from "./traffic-split";

type Errors = Record<string, string[] | undefined>;

export function KindBadge({ kind }: { kind: "base" | "fine_tuned" }) {
  return <Badge tone={kind === "fine_tuned" ? "indigo" : "neutral"}>{kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>;
}

function MemberRow({ m, i, share, errors, update, remove }: {
  m: MemberDraft;
  i: number;
  share: number | null;
  errors: Errors;
  update: (patch: Partial<MemberDraft>) => void;
  remove: () => void;
}) {
  const id = (f: string) => `member-${i}-${f}`;
  const err = (f: string) => errors[`members.${i}.${f}`]?.[0];
  const rowErrors = ["modelId", "weight", "order", "rpm", "tpm"].map(err).filter(Boolean);
  const rowErrorId = errorId(id("row"));
  // Each bad control is marked invalid and described by the row's error line.
  const LABELS: Record<string, string> = { modelId: "Member", weight: "Weight", order: "Order tier", rpm: "rpm limit", tpm: "tpm limit" };
  const aria = (f: string) => (err(f) ? { "aria-invalid": true, "aria-describedby": rowErrorId, "data-field-label": `${LABELS[f]} of ${m.modelName}` } : {});
  return (
    <li className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" aria-label={`Member ${m.modelName}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-medium">{m.modelName}</span>
        <span className="text-xs text-zinc-500">{PROVIDER_LABELS[m.provider as ProviderId] ?? m.provider}</span>
        <KindBadge kind={m.kind} />
        {m.baseModel ? <span className="text-xs text-zinc-500">base: {m.baseModel}</span> : null}
        <span className="ml-auto text-sm tabular-nums" aria-label={`Share of ${m.modelName}`}>
          {formatShare(share)}
        </span>
        <Button variant="ghost" size="sm" id={id("remove")} aria-label={`Remove ${m.modelName}`} {...aria("modelId")} onClick={remove}>
          ✕
        </Button>
      </div>
      <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-5">
        <div>
          <label htmlFor={id("weight")} className={smallLabel}>Weight</label>
          <Input id={id("weight")} {...aria("weight")} type="number" min={0} step="any" value={Number.isNaN(m.weight) ? "" : m.weight} onChange={(e) => update({ weight: e.target.valueAsNumber })} />
        </div>
        <div>
          <label htmlFor={id("order")} className={smallLabel}>Order tier</label>
          <Input id={id("order")} {...aria("order")} type="number" min={0} max={100} value={Number.isNaN(m.order) ? "" : m.order} onChange={(e) => update({ order: e.target.valueAsNumber })} />
        </div>
        <div>
          <label htmlFor={id("rpm")} className={smallLabel}>rpm limit</label>
          <Input id={id("rpm")} {...aria("rpm")} type="number" min={1} placeholder="none" value={m.rpm} onChange={(e) => update({ rpm: e.target.value })} />
        </div>
        <div>
          <label htmlFor={id("tpm")} className={smallLabel}>tpm limit</label>
          <Input id={id("tpm")} {...aria("tpm")} type="number" min={1} placeholder="none" value={m.tpm} onChange={(e) => update({ tpm: e.target.value })} />
        </div>
        <div className="flex items-end gap-2 pb-2">
          <input id={id("enabled")} type="checkbox" checked={m.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
          <label htmlFor={id("enabled")} className="text-sm">Enabled</label>
        </div>
      </div>
      {rowErrors.length ? (
        <FieldError id={rowErrorId} className="mt-1">
          {rowErrors.join(" · ")}
        </FieldError>
      ) : null}
    </li>
  );
}

export function MemberTable({ members, onChange, errors }: { members: MemberDraft[]; onChange: (m: MemberDraft[]) => void; errors: Errors }) {
  const models = useModels({ pageSize: 100 });
  const [pick, setPick] = useState("");
  const shares = memberShares(members);
  const pair = canaryPair(members);
  const available = models.data?.items.filter((m) => !members.some((x) => x.modelId === m.id)) ?? [];

  const add = () => {
    const m = models.data?.items.find((x) => x.id === pick);
    if (!m) return;
    onChange([...members, { modelId: m.id, modelName: m.name, provider: m.provider, kind: m.kind, baseModel: m.baseModel, weight: 1, order: 0, rpm: "", tpm: "", enabled: true }]);
    setPick("");
  };

  return (
    <div className="space-y-3">
      {members.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-500 dark:border-zinc-700">
          No members yet. Add a base model and its fine-tune to split traffic between them.
        </p>
      ) : (
        <ul className="space-y-2" aria-label="Members">
          {members.map((m, i) => (
            <MemberRow
              key={m.modelId}
              m={m}
              i={i}
              share={shares[i]}
              errors={errors}
              update={(patch) => onChange(members.map((x, j) => (j === i ? { ...x, ...patch } : x)))}
              remove={() => onChange(members.filter((_, j) => j !== i))}
            />
          ))}
        </ul>
      )}
      {errors.members ? <FieldError id={errorId("add-member")}>{errors.members[0]}</FieldError> : null}
      {pair ? <TrafficSplit members={members} pair={pair} onChange={onChange} /> : <ShareBars members={members} />}
      {models.isPending ? (
        <LoadingState label="Loading registered models…" />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : (
        <div className="flex items-end gap-2">
          <div className="flex-1">
            <label htmlFor="add-member" className={smallLabel}>Add a registered model</label>
            <Select
              id="add-member"
              aria-invalid={errors.members ? true : undefined}
              aria-describedby={errors.members ? errorId("add-member") : undefined}
              value={pick} onChange={(e) => setPick(e.target.value)} disabled={available.length === 0}>
              <option value="">{available.length ? "Choose a model…" : "Every registered model is already a member"}</option>
              {available.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} — {PROVIDER_LABELS[m.provider as ProviderId] ?? m.provider}, {m.kind === "fine_tuned" ? "fine-tuned" : "base"}
                </option>
              ))}
            </Select>
          </div>
          <Button variant="secondary" onClick={add} disabled={!pick}>
            Add member
          </Button>
        </div>
      )}
    </div>
  );
}
