import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return (
    <>
      <PageHeader title="Playground" />
      <EmptyState title="Nothing to compare yet">Pick a base model and its fine-tunes, write a prompt, and compare the answers side by side with latency, tokens and cost.</EmptyState>
    </>
  );
}
