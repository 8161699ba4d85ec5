"use client";
import { NavLinks, type NavItem } from "@/components/ui/nav-links";

const TABS: NavItem[] = [
  // An eval run's own page belongs to the runs.
  { href: "/evals", label: "Eval runs", active: (p) => p === "/evals" || /^\/evals\/(?!datasets|compare)/.test(p) },
  { href: "/evals/datasets", label: "Datasets" },
  { href: "/evals/compare", label: "Compare" },
];

export function EvalsNav() {
  return <NavLinks label="Evaluations" items={TABS} className="mb-6" />;
}
