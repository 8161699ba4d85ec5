"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { exportUrl, useGroup } from "@/lib/query/groups";
import { DeleteGroupDialog } from "./delete-group-dialog";
import { GroupEditor } from "./group-editor";
import { HealthPanel } from "./health-panel";
import { RolloutPanel } from "./rollout-panel";
import { ShadowComparisonPanel } from "./shadow-comparison";
import { ShadowPanel } from "./shadow-panel";
import { linkButton } from "./styles";
import { TestPanel } from "./test-panel";

export function GroupDetail({ id }: { id: string }) {
  const group = useGroup(id);
  const router = useRouter();
  if (group.isPending) return <LoadingState label="Loading routing group…" />;
  if (group.isError) return <ErrorState error={group.error} onRetry={() => group.refetch()} />;
  const g = group.data;
  return (
    <>
      <PageHeader
        title={g.name}
        description={`Routing group · version ${g.version}`}
        actions={
          <>
            <a href={exportUrl([g.id])} download className={`${linkButton} border border-zinc-300 dark:border-zinc-700`}>
              Export YAML
            </a>
            <DeleteGroupDialog group={g} onDeleted={() => router.push("/groups")} trigger={<Button variant="danger">Delete</Button>} />
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        {/* Keyed by id only: a save updates the cache, and the editor keeps its own working copy and version. */}
        <GroupEditor key={g.id} group={g} />
        <div className="space-y-6">
          <HealthPanel groupId={g.id} />
          <TestPanel groupId={g.id} />
        </div>
      </div>
      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <ShadowPanel groupId={g.id} memberIds={g.members.map((m) => m.modelId)} />
          <RolloutPanel groupId={g.id} />
        </div>
        <ShadowComparisonPanel groupId={g.id} />
      </div>
    </>
  );
}
