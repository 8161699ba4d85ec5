import type { ReactNode } from "react";
import { EvalsNav } from "@/components/evals/evals-nav";

export default function EvalsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <EvalsNav />
      {children}
    </>
  );
}
