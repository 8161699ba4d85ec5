import type { Metadata } from "next";
import Link from "next/link";
import { GroupList } from "@/components/groups/group-list";
import { linkButton } from "@/components/groups/styles";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Routing groups" };

export default function GroupsPage() {
  return (
    <>
      <PageHeader
        title="Routing groups"
        description="One logical model name over base and fine-tuned deployments: weights, tiers, retries, cooldowns and fallbacks."
        actions={
          <>
            <a href="/api/groups/export" download className={`${linkButton} border border-zinc-300 dark:border-zinc-700`}>
              Export all
            </a>
            <Link href="/groups/import" className={`${linkButton} border border-zinc-300 dark:border-zinc-700`}>
              Import LiteLLM config
            </Link>
            <Link href="/groups/new" className={`${linkButton} bg-indigo-600 text-white hover:bg-indigo-500`}>
              New group
            </Link>
          </>
        }
      />
      <GroupList />
    </>
  );
}
