"use client";
import { useEffect, useState } from "react";
import { Button } from "./button";

/** Copies `text`; its accessible name says what ("Copy model id of support-bot-v3"), and it says "Copied" for a moment. */
export function CopyButton({ text, label, className, "aria-disabled": ariaDisabled }: { text: string; label: string; className?: string; "aria-disabled"?: boolean }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <Button
      variant="ghost"
      size="sm"
      className={className}
      aria-label={label}
      aria-disabled={ariaDisabled}
      title={copied ? "Copied" : label}
      onClick={async () => {
        await navigator.clipboard?.writeText(text).catch(() => undefined);
        setCopied(true);
      }}
    >
      <span aria-hidden>{copied ? "✓" : "⧉"}</span>
      <span role="status" className="sr-only">
        {copied ? "Copied" : ""}
      </span>
    </Button>
  );
}
