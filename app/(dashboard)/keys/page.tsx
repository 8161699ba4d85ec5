import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Keys & usage" };

export default function KeysPage() {
  return (
    <>
      <PageHeader title="Keys & usage" />
      <EmptyState title="No API keys yet">Virtual API keys let applications call your routing groups through the OpenAI-compatible endpoint. Usage charts appear here once requests arrive.</EmptyState>
    </>
  );
}
