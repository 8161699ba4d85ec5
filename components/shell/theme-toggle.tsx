"use client";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

// The theme lives on <html class="dark"> (set before paint by the root layout); subscribe to it.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const isDark = () => document.documentElement.classList.contains("dark");

export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  function toggle() {
    document.documentElement.classList.toggle("dark", !dark);
    localStorage.setItem("theme", dark ? "light" : "dark");
  }
  return (
    <Button variant="ghost" size="sm" onClick={toggle} aria-label={dark ? "Switch to light mode" : "Switch to dark mode"}>
      {dark ? "☀ Light" : "☾ Dark"}
    </Button>
  );
}
