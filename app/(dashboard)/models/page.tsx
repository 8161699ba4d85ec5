import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { DEFAULT_MODEL_SORT, MODEL_PAGE_SIZE } from "@/components/models/list-defaults";
import { ModelList } from "@/components/models/model-list";
import { PageHeader } from "@/components/ui/states";
import { ModelListQuerySchema } from "@/lib/models/schema";
import { getDb } from "@/lib/server/db";
import { listModels } from "@/lib/models/server/models";

export const metadata: Metadata = { title: "Models" };
export const dynamic = "force-dynamic";

const secondary = buttonClass({ variant: "secondary" });

/** The list's first page, read here so it is in the HTML; when that fails, the list asks the API itself and shows the error. */
async function firstPage() {
  try {
    const data = await listModels(getDb(), ModelListQuerySchema.parse({ ...DEFAULT_MODEL_SORT, pageSize: MODEL_PAGE_SIZE }));
    return { data, at: Date.now() };
  } catch (err) {
    console.error("[tunebench] models page: first page not read on the server:", err instanceof Error ? err.message : err);
    return undefined;
  }
}

export default async function ModelsPage() {
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
      <ModelList initial={await firstPage()} />
    </>
  );
}
