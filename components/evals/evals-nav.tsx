"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/evals", label: "Eval runs" },
  { href: "/evals/datasets", label: "Datasets" },
  { href: "/evals/compare", label: "Compare" },
] as const;

export function EvalsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Evaluations" className="mb-6 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((t) => {
        const active = t.href === "/evals" ? pathname === "/evals" || /^\/evals\/(?!datasets|compare)/.test(pathname) : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm", active ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400")}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
