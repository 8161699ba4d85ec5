"use client";
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

// Radix's dialog (focus trap, Escape, aria-modal, title and description wiring) in the house look.

export const Dialog = RadixDialog.Root;
export const DialogClose = RadixDialog.Close;

/** Opens the dialog: the one child (a Button) becomes the trigger. */
export function DialogTrigger({ children }: { children: ReactNode }) {
  return <RadixDialog.Trigger asChild>{children}</RadixDialog.Trigger>;
}

const WIDTHS = { sm: "w-[min(28rem,92vw)]", md: "w-[min(30rem,92vw)]", lg: "w-[min(36rem,92vw)]" } as const;

/** The overlay and the centred panel; long content scrolls inside it. */
export function DialogContent({ size = "sm", className, children }: { size?: keyof typeof WIDTHS; className?: string; children: ReactNode }) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
      <RadixDialog.Content
        className={cn(
          "fixed left-1/2 top-1/2 z-50 max-h-[90vh] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-6 shadow-xl dark:border-zinc-800 dark:bg-zinc-900",
          WIDTHS[size],
          className,
        )}
      >
        {children}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

export function DialogTitle({ children }: { children: ReactNode }) {
  return <RadixDialog.Title className="text-lg font-semibold">{children}</RadixDialog.Title>;
}

/** Read out with the title when the dialog opens. */
export function DialogDescription({ className, children }: { className?: string; children: ReactNode }) {
  return <RadixDialog.Description className={cn("text-sm", className ?? "text-zinc-600 dark:text-zinc-400")}>{children}</RadixDialog.Description>;
}

/** The dialog's buttons, right-aligned after a Cancel that closes it. */
export function DialogActions({ children }: { children: ReactNode }) {
  return (
    <div className="flex justify-end gap-2">
      <DialogClose asChild>
        <Button variant="secondary">Cancel</Button>
      </DialogClose>
      {children}
    </div>
  );
}
