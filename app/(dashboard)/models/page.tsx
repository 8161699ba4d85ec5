import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { ModelList } from "@/components/models/model-list";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Models" };

const secondary = buttonClass({ variant: "secondary" });

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
            <Link href="/models/new" className={buttonClass()}>
              Register model
            </Link>
          </>
        }
      />
      <ModelList />
    </>
  );
}
