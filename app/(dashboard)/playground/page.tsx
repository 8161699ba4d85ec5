import type { Metadata } from "next";
import { Suspense } from "react";
import { PlaygroundWorkspace } from "@/components/playground/playground-workspace";
import { LoadingState, PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return (
    <>
      <PageHeader title="Playground" description="Run one prompt against a base model, its fine-tunes and routing groups side by side, with latency, tokens and cost." />
      <Suspense fallback={<LoadingState />}>
        <PlaygroundWorkspace />
      </Suspense>
    </>
  );
}
