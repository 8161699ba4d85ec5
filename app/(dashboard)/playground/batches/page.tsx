import { redirect } from "next/navigation";

// Batches became eval runs (lib/server/evals/migrate-batches.ts moved the saved ones): old links land there.
export default function PlaygroundBatchesPage() {
  redirect("/evals");
}
