"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/models", label: "Models" },
  { href: "/groups", label: "Routing groups" },
  { href: "/playground", label: "Playground" },
  { href: "/evals", label: "Evaluations" },
  { href: "/keys", label: "Keys & usage" },
  { href: "/settings", label: "Settings" },
] as const;

export function Sidebar() {
  const pathname = usePathname();
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <Link href="/models" className="flex items-center gap-2 px-4 py-4 text-base font-semibold">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src="/icon.svg" alt="" width={24} height={24} />
        Tunebench
      </Link>
      <nav aria-label="Main" className="flex-1 space-y-0.5 px-2">
        {NAV.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-2 text-sm",
                active
                  ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                  : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              {item.label}
            </Link>
          );
        })}
      </nav>
      <div className="flex items-center justify-between border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        <ThemeToggle />
        <SignOutButton />
      </div>
    </aside>
  );
}
