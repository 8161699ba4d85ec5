import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Page not found" };

export default function DashboardNotFound() {
  return (
    <>
      <PageHeader title="Page not found" description="There is no page at this address. It may have moved, or the link may be mistyped." />
      <div className="flex flex-wrap gap-2">
        <Link href="/models" className={buttonClass()}>
          Back to models
        </Link>
        <Link href="/groups" className={buttonClass({ variant: "secondary" })}>
          Routing groups
        </Link>
        <Link href="/playground" className={buttonClass({ variant: "secondary" })}>
          Playground
        </Link>
      </div>
    </>
  );
}
