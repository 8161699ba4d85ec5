import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Routing groups" };

export default function GroupsPage() {
  return (
    <>
      <PageHeader title="Routing groups" />
      <EmptyState title="No routing groups yet">A routing group is one logical model name over base and fine-tuned deployments, with load balancing, retries, cooldowns and fallbacks. Create one to split traffic between a base model and its fine-tune.</EmptyState>
    </>
  );
}
