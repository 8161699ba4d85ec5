"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import { providerLabel } from "./provider-options";
import type { TestResult } from "@/lib/models/schema";
import { useModel, useTestModel } from "@/lib/query/models";
import { DeleteModelDialog } from "./delete-model-dialog";
import { TestResultView } from "./test-result";

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`card-${title}`} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={`card-${title}`} className="mb-3 text-sm font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-3 gap-x-4 gap-y-2 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500">{k}</dt>
          <dd className="col-span-2 break-all">{v ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

const usd = (n: number | null) => (n === null ? "—" : `$${n.toFixed(n < 1 ? 3 : 2)}`);

export function ModelDetailView({ id }: { id: string }) {
  const router = useRouter();
  const model = useModel(id);
  const test = useTestModel();
  const [result, setResult] = useState<TestResult>();

  if (model.isPending) return <LoadingState label="Loading model…" />;
  if (model.isError) return <ErrorState error={model.error} onRetry={() => model.refetch()} />;
  const m = model.data;
  const secret =
    m.secret.source === "inline" ? `Inline key ••••${m.secret.last4}` : m.secret.source === "env" ? m.secret.envRef : m.secret.source === "credential" ? "Saved credential" : "None";

  return (
    <>
      <PageHeader
        title={m.name}
        description={m.description ?? undefined}
        actions={
          <>
            <Button
              variant="secondary"
              disabled={test.isPending}
              onClick={async () => setResult(await test.mutateAsync(m.id).catch(() => undefined))}
            >
              {test.isPending ? "Testing…" : "Test connection"}
            </Button>
            <Link href={`/models/${m.id}/edit`} className={buttonClass({ variant: "secondary" })}>
              Edit
            </Link>
            <DeleteModelDialog model={m} onDeleted={() => router.push("/models")} trigger={<Button variant="danger">Delete</Button>} />
          </>
        }
      />
      <div className="space-y-4">
        {m.secretError ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {m.secretError}
          </div>
        ) : null}
        {result ? <TestResultView result={result} /> : m.lastTest ? <TestResultView result={m.lastTest} title="Last connection test" /> : null}
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title="Deployment">
            <Facts
              rows={[
                ["Provider", providerLabel(m.provider)],
                ["Model id", <span key="id" className="font-mono text-xs">{m.model}</span>],
                ["Kind", <Badge key="k" tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>],
                ["Base model", m.baseModel],
                ["API base", m.apiBase],
                ...(m.provider === "azure" ? ([["API version", m.apiVersion], ["Deployment", m.azureDeployment]] as Array<[string, ReactNode]>) : []),
                ...(m.provider === "vertex_ai" ? ([["Project", m.project], ["Location", m.location]] as Array<[string, ReactNode]>) : []),
                ["Key", secret],
                ["Headers", m.headerNames.length ? m.headerNames.join(", ") : null],
                ["Tags", m.tags.length ? m.tags.map((t) => <Badge key={t} className="mr-1">{t}</Badge>) : null],
                ["Version", m.version],
              ]}
            />
          </Card>
          <Card title="Pricing and context">
            <Facts
              rows={[
                ["Input", `${usd(m.pricing.inputPerMTok)} / 1M tokens`],
                ["Output", `${usd(m.pricing.outputPerMTok)} / 1M tokens`],
                ["Source", m.pricing.source],
                ["Context window", m.effectiveContextWindow ? `${m.effectiveContextWindow.toLocaleString()} tokens` : null],
              ]}
            />
          </Card>
          <Card title="Lineage">
            <div className="space-y-2 text-sm">
              <p>
                Derives from:{" "}
                {m.parent ? (
                  <Link className="font-medium underline" href={`/models/${m.parent.id}`}>
                    {m.parent.name}
                  </Link>
                ) : (
                  <span className="font-mono text-xs">{m.baseModel ?? "—"}</span>
                )}
              </p>
              {m.children.length ? (
                <>
                  <p>Fine-tunes of this model:</p>
                  <ul aria-label="Fine-tunes" className="list-inside list-disc">
                    {m.children.map((c) => (
                      <li key={c.id}>
                        <Link className="underline" href={`/models/${c.id}`}>
                          {c.name}
                        </Link>{" "}
                        <span className="font-mono text-xs text-zinc-500">{c.model}</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="text-zinc-500">No registered fine-tunes of this model.</p>
              )}
              {m.ftJobId ? (
                <Facts
                  rows={[
                    ["Job", <span key="j" className="font-mono text-xs">{m.ftJobId}</span>],
                    ["Training file", m.ftTrainingFile],
                    ["Epochs", m.ftEpochs],
                    ["Trained tokens", m.ftTrainedTokens?.toLocaleString()],
                    ["Created", m.ftCreatedAt ? new Date(m.ftCreatedAt).toLocaleDateString() : null],
                  ]}
                />
              ) : null}
            </div>
          </Card>
          <Card title="Routing groups">
            {m.groups.length ? (
              <ul className="list-inside list-disc text-sm">
                {m.groups.map((g) => (
                  <li key={g.id}>
                    <Link className="underline" href={`/groups?focus=${g.id}`}>
                      {g.name}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-500">No routing group uses this model yet.</p>
            )}
          </Card>
        </div>
        <Card title="Recent requests">
          {m.recentRequests.length ? (
            <Table look="inline" columns={["When", "Source", "Status", "Latency", "Tokens in / out", "Cost"]}>
              {m.recentRequests.map((r) => (
                <Tr key={r.id}>
                  <Td>{new Date(r.createdAt).toLocaleString()}</Td>
                  <Td>{r.source}</Td>
                  <Td>
                    <Badge tone={r.ok ? "green" : "red"}>{r.ok ? r.status : (r.errorKind ?? r.status)}</Badge>
                  </Td>
                  <Td>{r.latencyMs} ms</Td>
                  <Td>
                    {r.tokensIn ?? "—"} / {r.tokensOut ?? "—"}
                  </Td>
                  <Td>{r.costUsd === null ? "—" : `$${r.costUsd.toFixed(5)}`}</Td>
                </Tr>
              ))}
            </Table>
          ) : (
            <EmptyState title="No requests yet">Requests through the gateway, the playground and connection tests appear here.</EmptyState>
          )}
        </Card>
      </div>
    </>
  );
}
