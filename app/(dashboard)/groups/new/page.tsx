import type { Metadata } from "next";
import { GroupEditor } from "@/components/groups/group-editor";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "New routing group" };

export default function NewGroupPage() {
  return (
    <>
      <PageHeader title="New routing group" description="Pick members from the registry, set the split, and add fallbacks." />
      <GroupEditor />
    </>
  );
}
