import type { ReactNode } from "react";
import { PlaygroundNav } from "@/components/playground/playground-nav";

export default function PlaygroundLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PlaygroundNav />
      {children}
    </>
  );
}
