import Link from "next/link";
import { NavLinks, type NavItem } from "@/components/ui/nav-links";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";

// Rendered on the server; only the links' highlight, the theme toggle and sign-out run in the browser.

const NAV: NavItem[] = [
  { href: "/models", label: "Models" },
  { href: "/groups", label: "Routing groups" },
  { href: "/playground", label: "Playground" },
  { href: "/evals", label: "Evaluations" },
  { href: "/keys", label: "Keys & usage" },
  { href: "/settings", label: "Settings" },
];

export function Sidebar() {
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <Link href="/models" className="flex items-center gap-2 px-4 py-4 text-base font-semibold">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src="/icon.svg" alt="" width={24} height={24} />
        Tunebench
      </Link>
      <NavLinks label="Main" look="stack" items={NAV} className="flex-1 px-2" />
      <div className="flex items-center justify-between border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        <ThemeToggle />
        <SignOutButton />
      </div>
    </aside>
  );
}
