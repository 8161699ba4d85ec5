import type { Metadata } from "next";
import { RunDetail } from "@/components/playground/run-detail";

export const metadata: Metadata = { title: "Playground run" };

export default async function PlaygroundRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunDetail id={id} />;
}
