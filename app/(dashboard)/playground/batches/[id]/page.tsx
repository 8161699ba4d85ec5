import { redirect } from "next/navigation";

// Batches became eval runs (lib/evals/server/migrate-batches.ts moved the saved ones): old links land there.
export default function PlaygroundBatchPage() {
  redirect("/evals");
}
