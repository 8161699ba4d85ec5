import type { Metadata } from "next";
import { Suspense } from "react";
import { BatchView } from "@/components/playground/batch-view";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Playground batch" };

export default async function PlaygroundBatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <BatchView id={id} />
    </Suspense>
  );
}
