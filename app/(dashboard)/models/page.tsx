import type { Metadata } from "next";
import Link from "next/link";
import { ModelList } from "@/components/models/model-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Models" };

const secondary =
  "inline-flex items-center rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";

export default function ModelsPage() {
  return (
    <>
      <PageHeader
        title="Models"
        description="Base and fine-tuned deployments, registered under their provider identifiers."
        actions={
          <>
            <Link href="/models/credentials" className={secondary}>
              Credentials
            </Link>
            <Link href="/models/import" className={secondary}>
              Import
            </Link>
            <Link href="/models/new" className="inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-500">
              Register model
            </Link>
          </>
        }
      />
      <ModelList />
    </>
  );
}
