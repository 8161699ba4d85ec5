"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

/** A link in a nav; it is the current page when `active(pathname)` holds, by default on its path and below it. */
export interface NavItem {
  href: string;
  label: string;
  active?: (pathname: string) => boolean;
}

const LOOKS = {
  // Underlined tabs over a section's pages.
  tabs: {
    nav: "flex gap-1 border-b border-zinc-200 dark:border-zinc-800",
    link: "-mb-px border-b-2 px-3 py-2 text-sm",
    on: "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300",
    off: "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
  },
  // The sidebar's stacked links.
  stack: {
    nav: "space-y-0.5",
    link: "block rounded-md px-3 py-2 text-sm",
    on: "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
    off: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  },
} as const;

const under = (href: string) => (pathname: string) => pathname === href || pathname.startsWith(`${href}/`);

/** Links that mark the current page with aria-current. */
export function NavLinks({ label, items, look = "tabs", className }: { label: string; items: readonly NavItem[]; look?: keyof typeof LOOKS; className?: string }) {
  const pathname = usePathname();
  const l = LOOKS[look];
  return (
    <nav aria-label={label} className={cn(l.nav, className)}>
      {items.map((item) => {
        const active = (item.active ?? under(item.href))(pathname);
        return (
          <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined} className={cn(l.link, active ? l.on : l.off)}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
