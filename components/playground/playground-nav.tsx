"use client";
import { NavLinks, type NavItem } from "@/components/ui/nav-links";

const TABS: NavItem[] = [
  { href: "/playground", label: "Compose", active: (p) => p === "/playground" },
  // A run opened from the history belongs to the history.
  { href: "/playground/history", label: "History", active: (p) => p.startsWith("/playground/history") || p.startsWith("/playground/runs") },
];

export function PlaygroundNav() {
  return <NavLinks label="Playground" items={TABS} className="mb-4" />;
}
