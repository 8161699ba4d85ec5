"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/playground", label: "Compose" },
  { href: "/playground/history", label: "History" },
] as const;

export function PlaygroundNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Playground" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((t) => {
        const active = t.href === "/playground" ? pathname === t.href : pathname.startsWith(t.href) || (t.href === "/playground/history" && pathname.startsWith("/playground/runs"));
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              active ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
